import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 } as const;

/**
 * Two people, each in their own Plenum (own core, own keychain entry, own crypto store, own
 * browser context), talking in an encrypted direct chat that one of them starts in the UI.
 */
describe('a conversation between two Plenum users, end to end encrypted', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let aliceApp: RunningHarness;
  let bobApp: RunningHarness;
  let alice: Page;
  let bob: Page;

  const rooms = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
  const timeline = (page: Page) => page.getByRole('log');
  const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    [aliceApp, bobApp] = await Promise.all([
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-talk-alice-${process.pid}` }),
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-talk-bob-${process.pid}` }),
    ]);
    alice = await signInThroughUi(browser, aliceApp, { user: 'alice', password: 'alice-password' });
    bob = await signInThroughUi(browser, bobApp, { user: 'bob', password: 'bob-password', colorScheme: 'dark' });
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await Promise.all([aliceApp?.stop(), bobApp?.stop()]);
    await browser?.close();
    await synapse?.stop();
  });

  it('Alice starts an encrypted direct chat with Bob', async () => {
    await alice.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await alice.getByRole('menuitem', { name: 'Start a direct chat' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Start a direct chat' });
    await dialog.getByLabel('Matrix ID').fill('@bob:localhost');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => alice.getByRole('heading', { name: 'Bob Builder', level: 1 }).isVisible(), SLOW).toBe(true);
    expect(await alice.getByText('Encrypted', { exact: true }).first().isVisible()).toBe(true);
  });

  it('Bob sees the invite without reloading and accepts it', async () => {
    const invite = rooms(bob).getByText('Alice Example').first();
    await expect.poll(() => invite.isVisible(), SLOW).toBe(true);
    await invite.click();
    await bob.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => bob.getByRole('heading', { name: 'Alice Example', level: 1 }).isVisible(), SLOW).toBe(true);
  });

  it('a message from Alice appears at Bob’s, decrypted, without a reload', async () => {
    await expect.poll(() => alice.getByText('Bob Builder joined the room').isVisible(), SLOW).toBe(true);
    await composer(alice).fill('Hello Bob, the **budget** is attached below.');
    await composer(alice).press('Enter');
    await expect.poll(() => timeline(bob).getByText('Hello Bob, the budget is attached below.').isVisible(), SLOW).toBe(true);
    expect(await timeline(bob).locator('strong', { hasText: 'budget' }).count()).toBe(1);
    // Alice's own copy is shown once, as the server's event, not twice (echo and event).
    await expect.poll(() => timeline(alice).getByText('Hello Bob, the budget is attached below.').count(), SLOW).toBe(1);
  });

  it('Bob answers and Alice reads it; both sides keep the order', async () => {
    await composer(bob).fill('Thanks Alice!');
    await composer(bob).press('Enter');
    await composer(bob).fill('I will review it today.');
    await composer(bob).press('Enter');
    await expect.poll(() => timeline(alice).getByText('I will review it today.').isVisible(), SLOW).toBe(true);
    const order = async (page: Page): Promise<string[]> =>
      (await timeline(page).getByRole('article').allInnerTexts()).join('\n').match(/Hello Bob|Thanks Alice!|I will review it today\./g) ?? [];
    expect(await order(alice)).toEqual(['Hello Bob', 'Thanks Alice!', 'I will review it today.']);
    expect(await order(bob)).toEqual(['Hello Bob', 'Thanks Alice!', 'I will review it today.']);
    await screenshot(alice, 'conversation-alice');
    await screenshot(bob, 'conversation-bob-dark');
    expectNoCspViolations(alice);
    expectNoCspViolations(bob);
  });
});
