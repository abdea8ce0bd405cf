import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, openApp, screenshot, signInOnPage } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'policy-password-1';
const SLOW = { timeout: 30_000 };
const MANAGED = 'Set by your organisation';

/**
 * A managed computer: the organisation's policy (as Group Policy or /etc/plenum/policy.json would
 * set it) shows as locked settings, a required encryption switch, a refused upload and the servers
 * sign-in allows — and main refuses the locked changes whatever the page does.
 * HomeserverUrl must be https, which the test Synapse is not; the read-only homeserver field is
 * covered by test/unit/renderer/policy-model.test.ts.
 */
describe('the organisation’s managed policy, through the real renderer, core and Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;
  let host = '';
  const pageErrors: string[] = [];

  const settings = (): Locator => page.getByRole('region', { name: 'Settings' });
  const tab = (name: string): Locator => settings().getByRole('tab', { name });
  const panel = (): Locator => settings().getByRole('tabpanel');
  /** The texts an element's aria-describedby names, as a screen reader reads them after its name. */
  const description = (element: Locator): Promise<string[]> =>
    element.evaluate((node) => (node.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim() ?? ''));
  /** Lets transitions finish, so a screenshot shows the settled state. */
  const settle = (): Promise<void> => page.waitForTimeout(400);

  async function openSettings(): Promise<void> {
    await page.getByTestId('account-name').click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await expect.poll(() => settings().isVisible()).toBe(true);
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    host = new URL(synapse.baseUrl).host;
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Example' });
    running = await startTestHarness({
      defaultHomeserver: synapse.baseUrl,
      keychainService: `plenum-e2e-policy-${process.pid}`,
      desktop: true,
      policy: { ShowMessagePreviews: false, ProxyMode: 'system', ForceEncryptionForNewRooms: true, MaxUploadSizeMb: 1, AllowedHomeservers: [host] },
    });
  });

  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('lists the server the organisation allows under the homeserver field, and signs in to it', async () => {
    page = await openApp(browser, running);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible(), SLOW).toBe(true);
    const homeserver = page.getByLabel('Homeserver');
    // Still the user's to type in (the organisation names no single server), with the allowed one named.
    expect(await homeserver.isEditable()).toBe(true);
    expect(await description(homeserver)).toContain(`Your organisation allows only this server: ${host}`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'found' }).textContent(), { timeout: 15_000 }).toBe(`${host} found`);
    await settle();
    await screenshot(page, 'policy-sign-in');
    await signInOnPage(page, { user: 'alice', password: PASSWORD });
  });

  it('shows message previews as set by the organisation, and the core refuses the change anyway', async () => {
    await openSettings();
    await tab('Notifications').click();
    const previews = panel().getByRole('switch', { name: 'Show message previews' });
    const quiet = panel().getByRole('switch', { name: 'Do not disturb' });
    // The organisation's value (off), disabled, and the reason read first with it.
    expect(await previews.isChecked()).toBe(false);
    expect(await previews.isDisabled()).toBe(true);
    expect(await description(previews)).toEqual([MANAGED, expect.stringContaining('lock screen')]);
    expect(await panel().getByText(MANAGED, { exact: true }).isVisible()).toBe(true);
    // What the organisation does not set stays the user's.
    expect(await quiet.isDisabled()).toBe(false);
    expect(await description(quiet)).toEqual([expect.stringContaining('Unread counts')]);

    // A click does not change it.
    await previews.click({ force: true });
    expect(await previews.isChecked()).toBe(false);

    // The page is not what enforces it: main refuses a locked change sent straight through the bridge.
    await expect(running.core.handlers['preferences.set']({ showMessagePreviews: true })).rejects.toMatchObject({ code: 'POLICY_LOCKED' });
    expect((await running.core.handlers['preferences.get']({})).showMessagePreviews).toBe(false);

    await settle();
    await screenshot(page, 'policy-settings-locked');
    await expectNoWcagViolations(page, 'settings notifications with a locked preference (light)');
  });

  it('shows the whole proxy group as set by the organisation, and the core refuses a proxy', async () => {
    await tab('Desktop').click();
    const radios = panel().getByRole('radio');
    expect(await radios.count()).toBe(3);
    for (const radio of await radios.all()) {
      expect(await radio.isDisabled()).toBe(true);
      expect((await description(radio))[0]).toBe(MANAGED);
    }
    expect(await panel().getByRole('radio', { name: 'Use the system’s proxy settings', exact: true }).isChecked()).toBe(true);
    expect(await panel().getByRole('button', { name: 'Save proxy' }).count()).toBe(0);
    // The start-and-close switches are not the organisation's.
    expect(await panel().getByRole('switch', { name: 'Start in the background' }).isDisabled()).toBe(false);
    await expect(running.core.handlers['preferences.set']({ proxy: { mode: 'direct', server: '', bypass: '' } })).rejects.toMatchObject({
      code: 'POLICY_LOCKED',
    });
    expect((await running.core.handlers['preferences.get']({})).proxy.mode).toBe('system');

    await panel()
      .getByRole('heading', { name: 'Network', exact: true })
      .evaluate((heading) => heading.parentElement?.parentElement?.scrollIntoView({ block: 'start' }));
    await settle();
    await screenshot(page, 'policy-settings-proxy-locked');
    await expectNoWcagViolations(page, 'settings desktop with the proxy locked (light)');
    await page.keyboard.press('Escape');
    await expect.poll(() => settings().count()).toBe(0);
  });

  it('creates rooms encrypted, with the switch on, disabled and saying the organisation requires it', async () => {
    await page.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await page.getByRole('menuitem', { name: 'Create a room' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a room' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const encryption = dialog.getByRole('switch', { name: 'End-to-end encryption' });
    expect(await encryption.isChecked()).toBe(true);
    expect(await encryption.isDisabled()).toBe(true);
    expect((await description(encryption))[0]).toBe('Required by your organisation');
    await dialog.getByLabel('Name').fill('Policy office');
    await settle();
    await screenshot(page, 'policy-create-room');
    await expectNoWcagViolations(page, 'the create-room dialog with encryption required (light)');

    await dialog.getByRole('button', { name: 'Create room' }).click();
    await expect.poll(() => dialog.isVisible(), SLOW).toBe(false);
    await expect
      .poll(async () => (await running.core.handlers['rooms.list']({})).items.find((room) => room.name === 'Policy office')?.isEncrypted, SLOW)
      .toBe(true);
  });

  it('refuses a file over the organisation’s limit when it is chosen, naming the limit, and takes a smaller one', async () => {
    const composer = page.getByLabel('Message Policy office', { exact: true });
    await expect.poll(() => composer.isVisible(), SLOW).toBe(true);
    const chips = (): Locator => page.getByRole('list', { name: 'Files to send' }).getByRole('listitem');
    await page.getByTestId('composer-file-input').setInputFiles({ name: 'budget.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2 * 1024 * 1024, 1) });
    const notice = page.getByRole('alert').filter({ hasText: 'budget.pdf' });
    await expect.poll(() => notice.textContent()).toContain('“budget.pdf” is too large to send (2.1 MB). Your organisation allows files up to 1 MB.');
    expect(await chips().count()).toBe(0);
    await settle();
    await screenshot(page, 'policy-upload-refused');
    await expectNoWcagViolations(page, 'the composer with the upload limit notice', { include: 'form', minPasses: 5 });

    // A file under the limit is taken as a chip, as without a policy.
    await page.getByTestId('composer-file-input').setInputFiles({ name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the meeting') });
    await expect.poll(() => chips().count()).toBe(1);
    await composer.press('Escape');
    expect(await chips().count()).toBe(0);
  });

  it('never broke the content security policy, nor threw in the page', () => {
    expectNoCspViolations(page);
    expect(pageErrors).toEqual([]);
  });
});
