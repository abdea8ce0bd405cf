import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 };

describe('the main window and the room list, with a real Synapse and a second person', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;
  let bob: RegisteredUser;
  let bobApi: MatrixHttp;
  const roomIds: Record<string, string> = {};

  const nav = (): Locator => page.getByRole('navigation', { name: 'Rooms' });
  const section = (name: string): Locator => nav().locator('section').filter({ has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) });
  const row = (name: string): Locator => nav().locator('li').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
  const rowNames = async (sectionName: string): Promise<string[]> => section(sectionName).locator('li .name').allTextContents();
  const openRoomName = async (): Promise<string | null> => nav().locator('[aria-current="page"] .name').textContent({ timeout: 1000 }).catch(() => null);
  const coreRoom = async (name: string) => {
    const list = await running.core.handlers['rooms.list']({});
    return list.items.find((room) => room.name === name);
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    const alice = await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    bob = await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    bobApi = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    // Alice's own token joins the rooms she is "already in" before Plenum signs in (another device of hers).
    const aliceApi = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    for (const name of ['Budget 2027', 'Lunch club', 'Café Équipe']) {
      roomIds[name] = await bobApi.createRoom({ name, preset: 'private_chat', invite: [alice.userId] });
      await aliceApi.join(roomIds[name]);
    }
    await bobApi.send(roomIds['Budget 2027'] ?? '', { msgtype: 'm.text', body: 'The draft is ready.' });
    for (const name of ['Press office', 'Old project']) {
      roomIds[name] = await bobApi.createRoom({ name, preset: 'private_chat', invite: [alice.userId] });
    }
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-rooms-${process.pid}` });
  }, 120_000);

  afterAll(async () => {
    // The whole context, so nothing of it is still closing when the browser goes.
    await page?.context().close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('shows the account, the connection status and the rooms in sections', async () => {
    page = await signInThroughUi(browser, running, { user: 'alice', password: 'alice-password' });
    await expect.poll(() => rowNames('Rooms'), SLOW).toEqual(expect.arrayContaining(['Budget 2027', 'Lunch club', 'Café Équipe']));
    await expect.poll(() => rowNames('Invites'), SLOW).toEqual(expect.arrayContaining(['Press office', 'Old project']));
    expect(await page.getByTestId('account-name').textContent()).toBe('Alice Example');
    await expect.poll(() => page.getByRole('status', { name: 'Connection status' }).textContent(), SLOW).toContain('Up to date');
    // Budget 2027 has the latest message, so it leads its section.
    expect((await rowNames('Rooms'))[0]).toBe('Budget 2027');
    expect(await row('Budget 2027').textContent()).toContain('Bob Builder: The draft is ready.');
    expect(await row('Press office').textContent()).toContain('Invited by @bob:localhost');
    expect(await page.getByRole('heading', { name: 'Select a room to start' }).isVisible()).toBe(true);
    expect(await page.getByRole('main').count()).toBe(1);
  });

  it('shows a new message from the other person as preview and unread badge, without a reload', async () => {
    await bobApi.send(roomIds['Lunch club'] ?? '', { msgtype: 'm.text', body: 'Pizza at noon?' });
    await expect.poll(() => row('Lunch club').textContent(), SLOW).toContain('Bob Builder: Pizza at noon?');
    await expect.poll(() => row('Lunch club').textContent(), SLOW).toContain('1 unread message');
    expect(await row('Lunch club').locator('.name').evaluate((element) => getComputedStyle(element).fontWeight)).toBe('700');
    expect((await rowNames('Rooms'))[0]).toBe('Lunch club');
  });

  it('accepts an invite: the room moves to Rooms and opens', async () => {
    await row('Press office').getByRole('button').first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'You are invited to “Press office”' }).isVisible()).toBe(true);
    await screenshot(page, 'room-list-invite');
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => rowNames('Rooms'), SLOW).toContain('Press office');
    expect(await rowNames('Invites')).not.toContain('Press office');
    await expect.poll(openRoomName).toBe('Press office');
    await expect.poll(async () => (await coreRoom('Press office'))?.membership, SLOW).toBe('join');
  });

  it('declines another invite: it disappears and nothing stays open', async () => {
    await row('Old project').getByRole('button').first().click();
    await page.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => row('Old project').count(), SLOW).toBe(0);
    await expect.poll(() => section('Invites').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Select a room to start' }).isVisible()).toBe(true);
    await screenshot(page, 'room-list-nothing-open');
  });

  it('starts a direct chat by Matrix ID, explaining a malformed ID and an unknown person', async () => {
    await page.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await page.getByRole('menuitem', { name: 'Start a direct chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a direct chat' });
    const field = dialog.getByLabel('Matrix ID');
    await field.fill('bob');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a full Matrix ID');
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill('@nobody:localhost');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => dialog.textContent(), SLOW).toContain('No user with that ID on the server');

    await field.fill('@bob:localhost');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => dialog.isVisible(), SLOW).toBe(false);
    await expect.poll(() => rowNames('Direct messages'), SLOW).toEqual(['Bob Builder']);
    await expect.poll(openRoomName, SLOW).toBe('Bob Builder');
    const dm = await coreRoom('Bob Builder');
    expect(dm).toMatchObject({ isDirect: true, isEncrypted: true });
  });

  it('creates a private encrypted room and a public one', async () => {
    await page.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await page.getByRole('menuitem', { name: 'Create a room' }).click();
    let dialog = page.getByRole('dialog', { name: 'Create a room' });
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Give the room a name.');
    expect(await dialog.getByRole('switch', { name: 'End-to-end encryption' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: /Private/ }).isChecked()).toBe(true);
    expect(await dialog.textContent()).toContain('cannot be turned off later');
    await dialog.getByLabel('Name').fill('Private planning');
    expect(await dialog.textContent()).not.toContain('Give the room a name.');
    await dialog.getByLabel('Topic (optional)').fill('Next quarter');
    await screenshot(page, 'room-list-create-room');
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await expect.poll(openRoomName, SLOW).toBe('Private planning');
    expect(await coreRoom('Private planning')).toMatchObject({ isEncrypted: true, isDirect: false, topic: 'Next quarter' });

    await page.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await page.getByRole('menuitem', { name: 'Create a room' }).click();
    dialog = page.getByRole('dialog', { name: 'Create a room' });
    await dialog.getByLabel('Name').fill('Open forum');
    await dialog.getByRole('radio', { name: /Public/ }).check();
    await dialog.getByRole('switch', { name: 'End-to-end encryption' }).click();
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await expect.poll(openRoomName, SLOW).toBe('Open forum');
    // Synapse lets only admins publish to its directory by default: the user is told, not misled.
    await expect.poll(() => page.getByText('“Open forum” is public').isVisible()).toBe(true);
    expect(await coreRoom('Open forum')).toMatchObject({ isEncrypted: false });
    // Public means anyone may join without an invitation; private rooms refuse them.
    await bobApi.join((await coreRoom('Open forum'))?.id ?? '');
    await expect(bobApi.join((await coreRoom('Private planning'))?.id ?? '')).rejects.toThrow(/403/);
  });

  it('filters by name without minding case or accents, and by the other person’s ID', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filter rooms and people' });
    await filter.fill('CAFE');
    await expect.poll(() => nav().locator('li .name').allTextContents()).toEqual(['Café Équipe']);
    await filter.fill('bob');
    await expect.poll(() => nav().locator('li .name').allTextContents()).toEqual(['Bob Builder']);
    await filter.fill('no such room');
    await expect.poll(() => nav().textContent()).toContain('No rooms or people match “no such room”.');
    await filter.press('Escape');
    expect(await filter.inputValue()).toBe('');
    await expect.poll(() => nav().locator('li').count()).toBeGreaterThan(5);
  });

  it('switches rooms with Ctrl+K and with Alt+arrows', async () => {
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Go to a room' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const combobox = dialog.getByRole('combobox');
    await combobox.pressSequentially('l');
    await screenshot(page, 'room-list-quick-switcher');
    await combobox.pressSequentially('un');
    expect(await dialog.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Lunch club')]);
    await combobox.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(openRoomName).toBe('Lunch club');

    await page.keyboard.press('Control+k');
    await dialog.getByRole('combobox').press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await row('Lunch club').getByRole('button').first().focus();
    const order = await nav().locator('li .name').allTextContents();
    const index = order.indexOf('Lunch club');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(openRoomName).toBe(order[(index + 1) % order.length]);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(openRoomName).toBe('Lunch club');
  });

  it('marks a room as favourite, which moves it to Favourites', async () => {
    await row('Budget 2027').getByRole('button', { name: 'Options for Budget 2027' }).click();
    await page.getByRole('menuitem', { name: 'Add to favourites' }).click();
    await expect.poll(() => rowNames('Favourites'), SLOW).toEqual(['Budget 2027']);
    expect(await rowNames('Rooms')).not.toContain('Budget 2027');
  });

  it('leaves a room after asking', async () => {
    await row('Lunch club').getByRole('button', { name: 'Options for Lunch club' }).click();
    await page.getByRole('menuitem', { name: 'Leave the room' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave “Lunch club”?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await row('Lunch club').count()).toBe(1);

    await row('Lunch club').getByRole('button', { name: 'Options for Lunch club' }).click();
    await page.getByRole('menuitem', { name: 'Leave the room' }).click();
    await dialog.getByRole('button', { name: 'Leave' }).click();
    await expect.poll(() => row('Lunch club').count(), SLOW).toBe(0);
    await expect.poll(() => page.getByText('You left “Lunch club”.').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Select a room to start' }).isVisible()).toBe(true);
  });

  it('reaches the conversation by keyboard: a skip link, and F6 between the panes', async () => {
    await row('Budget 2027').getByRole('button').first().click();
    const focusedId = (): Promise<string | null> => page.evaluate(() => document.activeElement?.id ?? null);
    await page.keyboard.press('F6');
    await expect.poll(focusedId).toBe('conversation');
    await page.keyboard.press('F6');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('page');

    // The skip link is the page's first tab stop, and shows itself when focused.
    const firstTabStop = await page.evaluate(() => document.querySelector('a[href], button, input, [tabindex="0"]')?.textContent);
    expect(firstTabStop).toBe('Skip to the conversation');
    const skip = page.getByRole('link', { name: 'Skip to the conversation' });
    await skip.focus();
    const box = await skip.boundingBox();
    expect(box && box.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(focusedId).toBe('conversation');
  });

  it('opens the settings from the account menu and with Ctrl+comma; Esc returns to the list', async () => {
    const accountButton = page.getByRole('button', { name: 'Account: Alice Example' });
    await accountButton.click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    const heading = page.getByRole('heading', { name: 'Settings', level: 1 });
    await expect.poll(() => heading.isVisible()).toBe(true);
    // The list behind the settings is out of reach while they are open.
    expect(await nav().evaluate((element) => element.closest('[inert]') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => heading.count()).toBe(0);
    expect(await accountButton.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.keyboard.press('Control+Comma');
    await expect.poll(() => heading.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => heading.count()).toBe(0);
  });

  it('says quietly when the server is out of reach, and when it is back', async () => {
    const status = page.getByRole('status', { name: 'Connection status' });
    await synapse.halt();
    await expect.poll(() => status.textContent(), SLOW).toContain('Offline');
    await synapse.start();
    await expect.poll(() => status.textContent(), SLOW).toContain('Up to date');
  });

  it('keeps the open room when the language changes, and speaks German', async () => {
    await row('Budget 2027').getByRole('button').first().click();
    await running.core.handlers['preferences.set']({ language: 'de' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Räume' }).isVisible(), SLOW).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Räume' }).locator('[aria-current="page"] .name').textContent()).toBe('Budget 2027');
    expect(await page.getByRole('heading', { name: /^Favoriten/ }).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await screenshot(page, 'room-list-de');
    await running.core.handlers['preferences.set']({ language: 'system' });
    await expect.poll(() => nav().isVisible(), SLOW).toBe(true);
  });

  it('looks finished in light and dark, and passes axe’s WCAG 2.1 AA rules in both', async () => {
    await row('Budget 2027').getByRole('button').first().click();
    await page.mouse.move(0, 0);
    await screenshot(page, 'room-list-light');
    await expectNoWcagViolations(page, 'the room list (light)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'room-list-dark');
    await expectNoWcagViolations(page, 'the room list (dark)');
    await page.emulateMedia({ colorScheme: 'light' });
    expectNoCspViolations(page);
  });

  it('signs out from the account menu', async () => {
    await page.getByRole('button', { name: 'Account: Alice Example' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible(), SLOW).toBe(true);
    expect(await nav().count()).toBe(0);
  });
});
