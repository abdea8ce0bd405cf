import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 };

describe('the keyboard shortcuts list (Ctrl+/), with a real Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;

  const dialog = (): Locator => page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const filter = (): Locator => page.getByRole('searchbox');
  const isFocused = (locator: Locator): Promise<boolean> => locator.evaluate((element) => element === document.activeElement);
  const keysOf = (action: string): Promise<string[]> => dialog().getByRole('row', { name: new RegExp(`^${action}`) }).locator('kbd').allTextContents();

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    const alice = await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    const bob = await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    const bobApi = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    const aliceApi = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    const roomId = await bobApi.createRoom({ name: 'Budget 2027', preset: 'private_chat', invite: [alice.userId] });
    await aliceApi.join(roomId);
    await bobApi.send(roomId, { msgtype: 'm.text', body: 'The draft is ready.' });
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-shortcuts-${process.pid}` });
  }, 120_000);

  afterAll(async () => {
    await page?.context().close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('opens with Ctrl+/ and lists the shortcuts in groups, with their keys', async () => {
    page = await signInThroughUi(browser, running, { user: 'alice', password: 'alice-password' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Rooms' }).locator('li').count(), SLOW).toBeGreaterThan(0);
    await filter().focus();
    await page.keyboard.press('Control+Slash');
    await expect.poll(() => dialog().isVisible()).toBe(true);

    expect(await dialog().getByRole('heading', { level: 2 }).textContent()).toBe('Keyboard shortcuts');
    expect(await dialog().getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Navigation', 'Messages', 'Dialogs and menus']);
    for (const group of ['Navigation', 'Messages', 'Dialogs and menus']) {
      expect(await dialog().getByRole('table', { name: group }).isVisible(), group).toBe(true);
    }
    // The quick switcher is Ctrl + K, each key its own <kbd>; the row reads its action first.
    expect(await keysOf('Go to a room')).toEqual(['Ctrl', 'K']);
    const switcherRow = dialog().getByRole('row', { name: /^Go to a room/ });
    expect(await switcherRow.getByRole('rowheader').textContent()).toBe('Go to a room');
    expect(await switcherRow.getByRole('cell').innerText()).toMatch(/^Ctrl\s*\+\s*K$/);
    expect(await keysOf('Previous room in the list')).toEqual(['Alt', '↑Up arrow']);
    expect(await keysOf('Move to the previous pane')).toEqual(['Shift', 'F6']);
    expect(await keysOf('Show the keyboard shortcuts')).toEqual(['Ctrl', '/Slash']);
    expect(await keysOf('Send the message')).toEqual(['Enter', 'Ctrl', 'Enter']);
    expect(await keysOf('Start a new line')).toEqual(['Shift', 'Enter']);
    expect(await keysOf('Close a dialog, a menu or the settings')).toEqual(['Esc']);
    // The glyph is for the eyes; a screen reader gets the words.
    expect(await dialog().locator('kbd [aria-hidden="true"]', { hasText: '↑' }).count()).toBeGreaterThan(0);
    // Focus is inside the dialog, on its one action, so Esc closes it at the first press.
    expect(await isFocused(dialog().getByRole('button', { name: 'Close' }).last())).toBe(true);
  });

  it('looks finished in light and dark, and passes axe’s WCAG 2.1 AA rules in both', async () => {
    await page.mouse.move(0, 0);
    await screenshot(page, 'shortcuts-dialog-light');
    await expectNoWcagViolations(page, 'the shortcuts dialog');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'shortcuts-dialog-dark');
    await expectNoWcagViolations(page, 'the shortcuts dialog');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('closes with Escape and gives focus back to where it was', async () => {
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog().isVisible()).toBe(false);
    expect(await isFocused(filter())).toBe(true);
  });

  it('speaks German, with the German key names', async () => {
    await running.core.handlers['preferences.set']({ language: 'de' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Räume' }).isVisible(), SLOW).toBe(true);
    await page.getByRole('searchbox').focus();
    await page.keyboard.press('Control+Slash');
    const german = page.getByRole('dialog', { name: 'Tastenkombinationen' });
    await expect.poll(() => german.isVisible()).toBe(true);
    expect(await german.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Navigation', 'Nachrichten', 'Dialoge und Menüs']);
    expect(await german.getByRole('row', { name: /^Zu einem Raum wechseln/ }).locator('kbd').allTextContents()).toEqual(['Strg', 'K']);
    await page.mouse.move(0, 0);
    await screenshot(page, 'shortcuts-dialog-de');
    await page.keyboard.press('Escape');
    await expect.poll(() => german.isVisible()).toBe(false);
    await running.core.handlers['preferences.set']({ language: 'system' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Rooms' }).isVisible(), SLOW).toBe(true);
    await page.getByRole('searchbox').focus();
  });

  it('closes again with Ctrl+/, and stays shut while another dialog is open', async () => {
    await page.keyboard.press('Control+Slash');
    await expect.poll(() => dialog().isVisible()).toBe(true);
    await page.keyboard.press('Control+Slash');
    await expect.poll(() => dialog().isVisible()).toBe(false);
    expect(await isFocused(filter())).toBe(true);

    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: 'Go to a room' });
    await expect.poll(() => switcher.isVisible()).toBe(true);
    await page.keyboard.press('Control+Slash');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await dialog().isVisible()).toBe(false);
    expect(await switcher.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => switcher.isVisible()).toBe(false);
    expectNoCspViolations(page);
  });
});
