import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 } as const;
const BRIEF = { timeout: 1000 } as const;

/**
 * Room management between two Plenum users on a real Synapse: the public directory, inviting,
 * room settings, roles and a ban, each offered only to those the power levels allow.
 */
describe('managing a room: directory, invites, settings, roles and bans', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let aliceApp: RunningHarness;
  let bobApp: RunningHarness;
  let alice: Page;
  let bob: Page;
  let planningId = '';
  let listedId = '';
  let bobApi: MatrixHttp;

  const roomButton = (page: Page, id: string): Locator => page.locator(`button[data-room-id="${id}"]`);
  const roomMenu = async (page: Page, item: string): Promise<void> => {
    await page.getByRole('button', { name: 'Room options' }).click();
    await page.getByRole('menuitem', { name: item }).click();
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    // As an institution's server would: its users may list rooms in the directory.
    [synapse, browser] = await Promise.all([startSynapse({ extraConfig: { room_list_publication_rules: [{ action: 'allow' }] } }), launchBrowser()]);
    const a = await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    const b = await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    const aliceApi = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    bobApi = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    planningId = await aliceApi.createRoom({ name: 'Planning', preset: 'private_chat' });
    listedId = await bobApi.createRoom({ name: 'Open data', preset: 'public_chat', room_alias_name: 'open-data', visibility: 'public', topic: 'Datasets for everyone' });
    [aliceApp, bobApp] = await Promise.all([
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-admin-alice-${process.pid}` }),
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-admin-bob-${process.pid}` }),
    ]);
    alice = await signInThroughUi(browser, aliceApp, { user: 'alice', password: 'alice-password' });
    bob = await signInThroughUi(browser, bobApp, { user: 'bob', password: 'bob-password' });
  }, 120_000);

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await Promise.all([aliceApp?.stop(), bobApp?.stop()]);
    await browser?.close();
    await synapse?.stop();
  });

  it('Alice finds Bob’s public room in the directory and joins it', async () => {
    await alice.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await alice.getByRole('menuitem', { name: 'Explore public rooms' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Explore public rooms' });
    await expect.poll(() => dialog.getByText('Open data').isVisible(), SLOW).toBe(true);
    await dialog.getByLabel('Search, or enter a room address').fill('datasets');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => dialog.getByText('Datasets for everyone').isVisible(), SLOW).toBe(true);
    await alice.waitForTimeout(300);
    await screenshot(alice, 'room-admin-directory');
    await expectNoWcagViolations(alice, 'public room directory');
    await dialog.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => alice.getByRole('heading', { name: 'Open data', level: 1 }).isVisible(), SLOW).toBe(true);
    expect(await roomButton(alice, listedId).count()).toBe(1);
  });

  it('Alice invites Bob from the member list; Bob accepts', async () => {
    await roomButton(alice, planningId).click();
    await roomMenu(alice, 'Members…');
    const members = alice.getByRole('dialog', { name: 'Members of Planning' });
    await members.getByLabel('Invite someone by Matrix ID').fill('bob:localhost');
    await members.getByRole('button', { name: 'Invite' }).click();
    await expect.poll(() => members.getByText('Enter a full Matrix ID, like @name:server.').isVisible(), SLOW).toBe(true);
    await members.getByLabel('Invite someone by Matrix ID').fill('@bob:localhost');
    await members.getByRole('button', { name: 'Invite' }).click();
    await expect.poll(() => members.locator('[data-user-id="@bob:localhost"]').textContent(BRIEF).catch(() => ''), SLOW).toContain('Bob Builder');
    expect(await members.getByRole('heading', { name: /Invited/ }).isVisible()).toBe(true);
    await alice.keyboard.press('Escape');

    await expect.poll(() => roomButton(bob, planningId).isVisible(), SLOW).toBe(true);
    await roomButton(bob, planningId).click();
    await bob.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => bob.getByRole('heading', { name: 'Planning', level: 1 }).isVisible(), SLOW).toBe(true);
  });

  it('Alice renames the room and sets its topic; Bob sees both; Bob may not change them', async () => {
    await roomMenu(alice, 'Room settings…');
    const settings = alice.getByRole('dialog', { name: 'Room settings' });
    await expect.poll(() => settings.getByLabel('Name').inputValue(BRIEF).catch(() => ''), SLOW).toBe('Planning');
    await settings.getByLabel('Name').fill('Planning North');
    await settings.getByLabel('Topic').fill('Weekly planning for the north office');
    await settings.getByRole('radio', { name: /Members, from when they joined/ }).check();
    await alice.waitForTimeout(300);
    await screenshot(alice, 'room-admin-settings');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.isVisible()).toBe(false);
    await expect.poll(() => bob.getByRole('heading', { name: 'Planning North', level: 1 }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => bob.getByTestId('room-topic').textContent(BRIEF).catch(() => ''), SLOW).toBe('Weekly planning for the north office');

    await roomMenu(bob, 'Room settings…');
    const bobs = bob.getByRole('dialog', { name: 'Room settings' });
    await expect.poll(() => bobs.getByLabel('Name').inputValue(BRIEF).catch(() => ''), SLOW).toBe('Planning North');
    expect(await bobs.getByLabel('Name').getAttribute('readonly')).not.toBeNull();
    expect(await bobs.getByRole('radio').count()).toBe(0);
    expect(await bobs.getByText('only the room’s admins can change that').isVisible()).toBe(true);
    await bob.keyboard.press('Escape');
  });

  it('Alice makes Bob a moderator; Bob gets no options over Alice', async () => {
    await roomMenu(alice, 'Members…');
    const members = alice.getByRole('dialog', { name: 'Members of Planning North' });
    const bobRow = members.locator('[data-user-id="@bob:localhost"]');
    await expect.poll(() => bobRow.textContent(BRIEF).catch(() => ''), SLOW).toContain('Member');
    await bobRow.getByRole('button', { name: 'Options for Bob Builder' }).click();
    await alice.getByRole('menuitem', { name: 'Make moderator' }).click();
    await expect.poll(() => bobRow.textContent(BRIEF).catch(() => ''), SLOW).toContain('Moderator');
    expect(await members.locator('[data-user-id="@alice:localhost"]').textContent()).toContain('Creator');
    await screenshot(alice, 'room-admin-members');
    await expectNoWcagViolations(alice, 'member list');
    await alice.keyboard.press('Escape');

    await roomMenu(bob, 'Members…');
    const bobsView = bob.getByRole('dialog', { name: 'Members of Planning North' });
    await expect.poll(() => bobsView.locator('[data-user-id="@alice:localhost"]').isVisible(), SLOW).toBe(true);
    expect(await bobsView.locator('[data-user-id="@alice:localhost"]').getByRole('button').count()).toBe(0);
    await bob.keyboard.press('Escape');
  });

  it('Alice bans Bob, and Bob loses the room', async () => {
    await roomMenu(alice, 'Members…');
    const members = alice.getByRole('dialog', { name: 'Members of Planning North' });
    const bobRow = members.locator('[data-user-id="@bob:localhost"]');
    await expect.poll(() => bobRow.isVisible(), SLOW).toBe(true);
    await bobRow.getByRole('button', { name: 'Options for Bob Builder' }).click();
    await alice.getByRole('menuitem', { name: 'Ban from room' }).click();
    await expect.poll(() => members.getByRole('heading', { name: /Banned/ }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => roomButton(bob, planningId).count(), SLOW).toBe(0);
    expect(await bob.getByRole('heading', { name: 'Planning North', level: 1 }).count()).toBe(0);
    // Lifted again: Bob may be invited back.
    await bobRow.getByRole('button', { name: 'Options for Bob Builder' }).click();
    expect(await alice.getByRole('menuitem', { name: 'Unban' }).isVisible()).toBe(true);
    await alice.getByRole('menuitem', { name: 'Unban' }).click();
    await expect.poll(() => members.getByRole('heading', { name: /Banned/ }).count(), SLOW).toBe(0);
    await alice.keyboard.press('Escape');
    expectNoCspViolations(alice);
    expectNoCspViolations(bob);
  });

  it('Alice searches a room’s history and jumps to an old message; people show in the wider search', async () => {
    const target = await bobApi.send(listedId, { msgtype: 'm.text', body: 'The quarterly dataset is published.' });
    for (let index = 0; index < 80; index += 1) await bobApi.send(listedId, { msgtype: 'm.text', body: `Later note ${index}` });
    await roomButton(alice, listedId).click();
    await expect.poll(() => alice.getByRole('log').getByText('Later note 79').isVisible(), SLOW).toBe(true);
    await alice.getByRole('button', { name: 'Search messages' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Search' });
    await dialog.getByLabel('Search for').fill('quarterly');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => dialog.getByText('1 message found.').isVisible(), SLOW).toBe(true);
    expect(await dialog.locator('mark').first().textContent()).toBe('quarterly');
    await screenshot(alice, 'room-admin-search');
    await dialog.getByRole('button', { name: /The quarterly dataset is published/ }).click();
    const row = alice.locator(`article[data-event-id="${target}"]`);
    await expect.poll(() => row.evaluate((element) => element === document.activeElement && element.classList.contains('highlighted'), undefined, BRIEF).catch(() => false), SLOW).toBe(true);

    await alice.getByRole('button', { name: 'Search messages' }).click();
    await dialog.getByLabel('Search for').fill('bob');
    await dialog.getByRole('radio', { name: 'In all rooms, and people' }).check();
    await dialog.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => dialog.getByText('@bob:localhost').isVisible(), SLOW).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Message' }).count()).toBe(1);
    await alice.keyboard.press('Escape');
  });
});
