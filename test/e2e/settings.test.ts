import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { makePng } from '../support/png.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'settings-password-1';
const SECTIONS = [
  ['profile', 'Profile'],
  ['appearance', 'Appearance'],
  ['notifications', 'Notifications'],
  ['desktop', 'Desktop'],
  ['language', 'Language'],
  ['sessions', 'Sessions'],
  ['account', 'Account'],
] as const;

describe('settings: profile, theme, notifications, desktop, language, sessions and sign-out against Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;
  let alice: { userId: string; accessToken: string };
  const pageErrors: string[] = [];

  const settings = (): Locator => page.getByRole('region', { name: /^(Settings|Einstellungen|Paramètres)$/ });
  const tab = (name: string | RegExp): Locator => settings().getByRole('tab', { name });
  const panel = (): Locator => settings().getByRole('tabpanel');
  const html = (attribute: string): Promise<string | null> => page.evaluate((name) => document.documentElement.getAttribute(name), attribute);
  const bodyBackground = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3${path}`, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }
  const profile = async (): Promise<Record<string, unknown>> => (await api(`/profile/${encodeURIComponent(alice.userId)}`, { token: alice.accessToken })).json;

  /** Lets hover and selection transitions finish, so a screenshot shows the settled state. */
  const settle = (): Promise<void> => page.waitForTimeout(400);

  /** Each test starts in the settings, even when the one before failed half-way. */
  async function ensureSettingsOpen(): Promise<void> {
    if (!(await settings().isVisible())) {
      await page.keyboard.press('Escape');
      await openSettingsFromAccountMenu();
    }
    if ((await html('lang')) !== 'en') {
      await tab(/^(Language|Sprache|Langue)$/).click();
      await panel().getByRole('radio', { name: 'English' }).check();
      await expect.poll(() => html('lang')).toBe('en');
      if (!(await settings().isVisible())) await openSettingsFromAccountMenu();
    }
  }

  async function openSettingsFromAccountMenu(): Promise<void> {
    await page.getByTestId('account-name').click();
    await page.getByRole('menuitem', { name: /^(Settings|Einstellungen|Paramètres)$/ }).click();
    await expect.poll(() => settings().isVisible()).toBe(true);
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Example' });
    // As the desktop app: the Desktop section (tray, start at login, proxy) is listed.
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-settings-${process.pid}`, desktop: true });
  });

  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('opens from the account menu as a full-window region with sections, and closes with Esc and the close button', async () => {
    page = await signInThroughUi(browser, running, { user: 'alice', password: PASSWORD });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await openSettingsFromAccountMenu();
    expect(await settings().getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect((await settings().getByRole('tab').allTextContents()).map((text) => text.trim())).toEqual(SECTIONS.map(([, label]) => label));
    // Focus is inside, on the selected tab; arrows move through the sections.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
    await page.keyboard.press('ArrowDown');
    expect(await tab('Appearance').getAttribute('aria-selected')).toBe('true');
    expect(await panel().getByRole('heading', { level: 2 }).textContent()).toBe('Appearance');
    await page.keyboard.press('Home');
    expect(await tab('Profile').getAttribute('aria-selected')).toBe('true');

    await page.keyboard.press('Escape');
    await expect.poll(() => settings().count()).toBe(0);
    await page.keyboard.press('Control+,');
    await expect.poll(() => settings().isVisible()).toBe(true);
    await settings().getByRole('button', { name: 'Close settings' }).click();
    await expect.poll(() => settings().count()).toBe(0);
    await openSettingsFromAccountMenu();
  });

  it('changes the display name on the server and in the sidebar; an empty name is explained', async () => {
    await ensureSettingsOpen();
    await tab('Profile').click();
    const field = panel().getByLabel('Display name');
    expect(await field.inputValue()).toBe('Alice Example');
    await field.fill('   ');
    await panel().getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => panel().getByText('Enter the name others should see.').isVisible()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill('Alice Liddell');
    await panel().getByRole('button', { name: 'Save name' }).click();
    await expect.poll(async () => (await profile()).displayname, { timeout: 20_000 }).toBe('Alice Liddell');
    await expect.poll(() => page.getByTestId('account-name').textContent(), { timeout: 20_000 }).toBe('Alice Liddell');
    await expect.poll(() => page.getByText('Your display name has been changed.').isVisible()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('false');
  });

  it('refuses a file that is not a picture, then uploads a PNG as the avatar', async () => {
    await ensureSettingsOpen();
    const input = panel().getByTestId('settings-avatar-input');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect.poll(() => panel().getByRole('alert').textContent()).toContain('Plenum cannot use this file as a picture');
    expect((await profile()).avatar_url).toBeUndefined();

    await input.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(makePng(96, 96)) });
    await expect.poll(async () => (await profile()).avatar_url, { timeout: 20_000 }).toMatch(/^mxc:\/\/localhost\//);
    const mxc = String((await profile()).avatar_url);
    await expect.poll(() => panel().getByTestId('settings-avatar').getAttribute('data-mxc'), { timeout: 20_000 }).toBe(mxc);
    // The picture really loads through the media route (not the initials fallback).
    const image = panel().getByTestId('settings-avatar').locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 20_000 }).toBe(true);
    expect(await panel().getByRole('alert').count()).toBe(0);
  });

  it('switches the theme light → dark at once, and back to following the system', async () => {
    await ensureSettingsOpen();
    await tab('Appearance').click();
    const systemBackground = await bodyBackground();
    await panel().getByRole('radio', { name: 'Light' }).check();
    await expect.poll(() => html('data-theme')).toBe('light');
    const lightBackground = await bodyBackground();
    // The page was opened with a light colour scheme, so "system" and "light" agree.
    expect(lightBackground).toBe(systemBackground);

    await panel().getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(() => html('data-theme')).toBe('dark');
    await expect.poll(() => bodyBackground()).not.toBe(lightBackground);
    expect(await panel().getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);

    await panel().getByRole('radio', { name: 'System' }).check();
    await expect.poll(() => html('data-theme')).toBeNull();
    await expect.poll(() => bodyBackground()).toBe(systemBackground);
  });

  it('turns message previews off and do-not-disturb on by keyboard, in the core and again after reopening', async () => {
    await ensureSettingsOpen();
    const stored = () => running.core.handlers['preferences.get']({});
    const before = await stored();
    expect(before).toMatchObject({ showMessagePreviews: true, doNotDisturb: false });
    const previews = (): Locator => panel().getByRole('switch', { name: 'Show message previews' });
    const quiet = (): Locator => panel().getByRole('switch', { name: 'Do not disturb' });
    const focused = (switcher: Locator): Promise<boolean> => switcher.evaluate((element) => element === document.activeElement);
    try {
      await tab('Notifications').click();
      expect(await panel().getByRole('heading', { level: 2 }).textContent()).toBe('Notifications');
      expect(await panel().getByText('How Plenum tells you about new messages on this computer.').isVisible()).toBe(true);
      expect(await previews().isChecked()).toBe(true);
      expect(await quiet().isChecked()).toBe(false);
      // Each hint is the switch's description, read after its name.
      expect(await previews().evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent)).toContain(
        'desktop and lock screen',
      );
      expect(await quiet().evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent)).toContain(
        'Unread counts are still shown',
      );

      await previews().focus();
      await page.keyboard.press('Space');
      await expect.poll(async () => (await stored()).showMessagePreviews).toBe(false);
      expect(await previews().isChecked()).toBe(false);
      await page.keyboard.press('Tab');
      expect(await focused(quiet())).toBe(true);
      await page.keyboard.press('Space');
      await expect.poll(async () => (await stored()).doNotDisturb).toBe(true);
      expect(await quiet().isChecked()).toBe(true);
      // Only these two changed.
      expect(await stored()).toEqual({ ...before, showMessagePreviews: false, doNotDisturb: true });

      await page.keyboard.press('Escape');
      await expect.poll(() => settings().count()).toBe(0);
      await openSettingsFromAccountMenu();
      await tab('Notifications').click();
      expect(await previews().isChecked()).toBe(false);
      expect(await quiet().isChecked()).toBe(true);
      await settle();
      await screenshot(page, 'settings-notifications-light');

      await previews().focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await expect.poll(() => stored()).toEqual(before);
      expect(await previews().isChecked()).toBe(true);
      expect(await quiet().isChecked()).toBe(false);
    } finally {
      // A failure half-way must not leave the later tests with silenced notifications.
      await running.core.handlers['preferences.set']({ showMessagePreviews: before.showMessagePreviews, doNotDisturb: before.doNotDisturb });
    }
  });

  it('sets how Plenum starts and closes by keyboard, and a proxy server only once it is valid and saved', async () => {
    await ensureSettingsOpen();
    const stored = () => running.core.handlers['preferences.get']({});
    const before = await stored();
    expect(before).toMatchObject({ startAtLogin: false, startMinimised: false, closeToTray: true, proxy: { mode: 'system' } });
    const atLogin = (): Locator => panel().getByRole('switch', { name: 'Open Plenum when you sign in to your computer' });
    const background = (): Locator => panel().getByRole('switch', { name: 'Start in the background' });
    const keepRunning = (): Locator => panel().getByRole('switch', { name: 'Keep running when the window is closed' });
    const focused = (element: Locator): Promise<boolean> => element.evaluate((node) => node === document.activeElement);
    const description = (element: Locator): Promise<string | null | undefined> =>
      element.evaluate((node) => node.getAttribute('aria-describedby')?.split(' ').map((id) => document.getElementById(id)?.textContent).join(' '));
    const radio = (name: string): Locator => panel().getByRole('radio', { name, exact: true });
    const serverField = (): Locator => panel().getByRole('textbox', { name: 'Proxy server', exact: true });
    const bypassField = (): Locator => panel().getByRole('textbox', { name: 'Do not use the proxy for', exact: true });
    const saveProxy = (): Locator => panel().getByRole('button', { name: 'Save proxy' });
    /** The Network card whole in view, as someone working on it would have it. */
    const showNetwork = (): Promise<void> =>
      panel()
        .getByRole('heading', { name: 'Network', exact: true })
        .evaluate((heading) => heading.parentElement?.parentElement?.scrollIntoView({ block: 'start' }));
    // The earlier tests' confirmations would cover the Save button in the screenshots.
    const toasts = page.getByRole('region', { name: 'Notifications', exact: true }).getByRole('button', { name: 'Dismiss' });
    while ((await toasts.count()) > 0) await toasts.first().click();
    try {
      await tab('Desktop').click();
      expect(await panel().getByRole('heading', { level: 2 }).textContent()).toBe('Desktop');
      expect(await panel().getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Start and close', 'Network', 'Updates']);
      expect([await atLogin().isChecked(), await background().isChecked(), await keepRunning().isChecked()]).toEqual([false, false, true]);
      expect(await description(background())).toContain('system tray');
      expect(await description(keepRunning())).toContain('You keep receiving notifications');

      // The three switches, by keyboard: Space toggles, Tab goes on to the next.
      await atLogin().focus();
      await page.keyboard.press('Space');
      await expect.poll(async () => (await stored()).startAtLogin).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focused(background())).toBe(true);
      await page.keyboard.press('Space');
      await expect.poll(async () => (await stored()).startMinimised).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focused(keepRunning())).toBe(true);
      await page.keyboard.press('Space');
      await expect.poll(async () => (await stored()).closeToTray).toBe(false);
      expect(await stored()).toEqual({ ...before, startAtLogin: true, startMinimised: true, closeToTray: false });

      // The proxy: the system's settings are the recommended default.
      expect(await radio('Use the system’s proxy settings').isChecked()).toBe(true);
      expect(await description(radio('Use the system’s proxy settings'))).toContain('automatic proxy scripts');
      expect(await serverField().count()).toBe(0);
      await radio('Use this proxy server').check();
      await expect.poll(() => serverField().isVisible()).toBe(true);
      // Choosing it saves nothing yet: there is no server to use.
      expect((await stored()).proxy).toEqual(before.proxy);
      expect(await serverField().getAttribute('placeholder')).toBe('proxy.example.org:3128');
      expect(await bypassField().getAttribute('placeholder')).toBe('localhost, *.intranet.example');

      // A server without a port is explained as it is typed, and cannot be saved.
      await serverField().pressSequentially('proxy.example');
      const invalid = 'Plenum cannot use this address. Write it as name:port, for example proxy.example.org:3128';
      await expect.poll(() => panel().getByText(invalid).isVisible(), { timeout: 5_000 }).toBe(true);
      expect(await serverField().getAttribute('aria-invalid')).toBe('true');
      expect(await description(serverField())).toContain(invalid);
      await saveProxy().click();
      expect(await focused(serverField())).toBe(true);
      expect((await stored()).proxy).toEqual(before.proxy);
      expect(await panel().getByText('Applied').count()).toBe(0);
      await showNetwork();
      await settle();
      await screenshot(page, 'settings-desktop-proxy-invalid-light');

      // Completed, the error goes at once; a bad exception list is explained the same way.
      await serverField().pressSequentially(':3128');
      await expect.poll(() => panel().getByText(invalid).count()).toBe(0);
      expect(await serverField().getAttribute('aria-invalid')).toBe('false');
      await serverField().fill('proxy.intranet.example:3128');
      await bypassField().fill('local host');
      await bypassField().blur();
      await expect.poll(() => panel().getByText('Plenum cannot read this list.', { exact: false }).isVisible()).toBe(true);
      await bypassField().fill('localhost, *.intranet.example');
      await expect.poll(() => panel().getByText('Plenum cannot read this list.', { exact: false }).count()).toBe(0);
      expect((await stored()).proxy).toEqual(before.proxy);

      // Saved with Enter from the field: applied in the core, said in the status line.
      await bypassField().press('Enter');
      await expect
        .poll(async () => (await stored()).proxy)
        .toEqual({ mode: 'manual', server: 'proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' });
      await expect.poll(() => panel().getByRole('status').filter({ hasText: 'Applied' }).isVisible()).toBe(true);
      expect(await radio('Use this proxy server').isChecked()).toBe(true);
      expect(await saveProxy().isDisabled()).toBe(true);
      await showNetwork();
      await settle();
      await screenshot(page, 'settings-desktop-proxy-light');
      await expectNoWcagViolations(page, 'settings desktop with a manual proxy');

      // Back after reopening, then back to the system's settings, saved at once (the address is kept for next time).
      await page.keyboard.press('Escape');
      await expect.poll(() => settings().count()).toBe(0);
      await openSettingsFromAccountMenu();
      await tab('Desktop').click();
      expect(await radio('Use this proxy server').isChecked()).toBe(true);
      expect(await serverField().inputValue()).toBe('proxy.intranet.example:3128');
      expect(await bypassField().inputValue()).toBe('localhost, *.intranet.example');
      await radio('Use the system’s proxy settings').check();
      await expect.poll(async () => (await stored()).proxy.mode).toBe('system');
      await expect.poll(() => panel().getByRole('status').filter({ hasText: 'Applied' }).isVisible()).toBe(true);
      expect(await serverField().count()).toBe(0);

      await atLogin().focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await expect.poll(async () => (await stored()).closeToTray).toBe(true);
      expect(await stored()).toEqual({ ...before, proxy: { mode: 'system', server: 'proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' } });
      expect([await atLogin().isChecked(), await background().isChecked(), await keepRunning().isChecked()]).toEqual([false, false, true]);
      await settle();
      await screenshot(page, 'settings-desktop-light');
    } finally {
      // A failure half-way must not leave the later tests (or the next run) with a proxy or a login item.
      await running.core.handlers['preferences.set']({
        startAtLogin: before.startAtLogin,
        startMinimised: before.startMinimised,
        closeToTray: before.closeToTray,
        proxy: before.proxy,
      });
    }
  });

  it('looks finished and passes WCAG 2.1 AA in every section, light and dark', async () => {
    await ensureSettingsOpen();
    for (const theme of ['Light', 'Dark'] as const) {
      await tab('Appearance').click();
      await panel().getByRole('radio', { name: theme }).check();
      await expect.poll(() => html('data-theme')).toBe(theme.toLowerCase());
      for (const [section, label] of SECTIONS) {
        await tab(label).click();
        if (section === 'sessions') await expect.poll(() => panel().getByText('This device').first().isVisible(), { timeout: 20_000 }).toBe(true);
        await settle();
        await screenshot(page, `settings-${section}-${theme.toLowerCase()}`);
        await expectNoWcagViolations(page, `settings ${section} (${theme})`);
      }
    }
    await tab('Appearance').click();
    await panel().getByRole('radio', { name: 'System' }).check();
    await expect.poll(() => html('data-theme')).toBeNull();
  });

  it('switches the language to Deutsch and Français at once, and keeps it across a reload', async () => {
    await ensureSettingsOpen();
    await tab('Language').click();
    // Each language is written in itself, whatever the current one is.
    expect(await panel().getByRole('radio').count()).toBe(4);
    await panel().getByRole('radio', { name: 'Deutsch' }).check();
    await expect.poll(() => html('lang')).toBe('de');
    await expect.poll(() => settings().getByRole('heading', { level: 1 }).textContent()).toBe('Einstellungen');
    // The settings stay open where the user was, with the focus on the choice just made.
    expect(await tab('Sprache').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('de');
    expect(await panel().getByRole('radio', { name: 'Deutsch' }).isChecked()).toBe(true);
    expect(await page.title()).toBe('Plenum');
    await settle();
    await screenshot(page, 'settings-language-de');

    // By keyboard: the next radio button is Français.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => html('lang')).toBe('fr');
    await expect.poll(() => settings().getByRole('heading', { level: 1 }).textContent()).toBe('Paramètres');
    expect(await tab('Langue').getAttribute('aria-selected')).toBe('true');

    await page.reload();
    await expect.poll(() => page.getByTestId('account-name').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await html('lang')).toBe('fr');
    await openSettingsFromAccountMenu();
    expect(await settings().getByRole('heading', { level: 1 }).textContent()).toBe('Paramètres');

    await tab('Langue').click();
    // click(), not check(): the radio is made anew in English, under another name.
    await panel().getByRole('radio', { name: 'Comme mon ordinateur' }).click();
    // The page's locale is en-GB: following the system means English again.
    await expect.poll(() => html('lang')).toBe('en');
    await expect.poll(() => settings().getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(await panel().getByRole('radio', { name: 'Same as my computer' }).isChecked()).toBe(true);
    expect(await panel().getByText('Now: English').isVisible()).toBe(true);
  });

  it('lists a second session and signs it out with the password, after explaining a wrong one', async () => {
    await ensureSettingsOpen();
    const login = await api('/login', {
      method: 'POST',
      body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: PASSWORD, initial_device_display_name: 'Second laptop' },
    });
    expect(login.status).toBe(200);
    const secondToken = String(login.json.access_token);

    await tab('Sessions').click();
    const others = panel().getByTestId('other-sessions');
    await expect.poll(() => others.getByText('Second laptop').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await others.getByText(String(login.json.device_id)).isVisible()).toBe(true);
    const current = panel().getByRole('article').first();
    expect(await current.textContent()).toContain('This device');
    expect(await current.textContent()).toContain('Plenum e2e');

    await panel().getByRole('button', { name: 'Sign out all other sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out all other sessions?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The other one is the device the admin API made when it registered Alice.
    expect(await dialog.textContent()).toContain('2 other sessions will be signed out.');
    await dialog.getByLabel('Password').fill('not the password');
    await dialog.getByRole('button', { name: 'Sign out other sessions' }).click();
    await expect.poll(() => dialog.getByText('This password is not right.').isVisible(), { timeout: 20_000 }).toBe(true);
    expect((await api('/account/whoami', { token: secondToken })).status).toBe(200);
    await settle();
    await screenshot(page, 'settings-sessions-wrong-password');
    await expectNoWcagViolations(page, 'the sign-out-others dialog');

    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByLabel('Password').press('Enter');
    await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.getByText('2 sessions were signed out.').isVisible()).toBe(true);
    await expect.poll(() => panel().getByText('You are not signed in anywhere else.').isVisible()).toBe(true);
    expect((await api('/account/whoami', { token: secondToken })).status).toBe(401);
    expect((await api('/account/whoami', { token: alice.accessToken })).status).toBe(401);
  });

  it('signs out after explaining what that does, back to the sign-in screen', async () => {
    await ensureSettingsOpen();
    await tab('Account').click();
    expect(await panel().getByTestId('settings-user-id').textContent()).toBe('@alice:localhost');
    await panel().getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out of Plenum?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('messages not sent yet');
    await settle();
    await screenshot(page, 'settings-sign-out-confirm');
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByLabel('Username').isVisible()).toBe(true);
  });

  it('never broke the content security policy, nor threw in the page', () => {
    expectNoCspViolations(page);
    // Re-rendering the whole app for a language change must not leave a broken component behind.
    expect(pageErrors).toEqual([]);
  });
});
