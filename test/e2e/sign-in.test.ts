import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, watchCsp } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

/** An ordinary web server that is not Matrix: every path is a plain 404 page. */
async function startPlainWebServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) => {
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('sign-in through the real renderer, bridge and core against Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let plain: { url: string; server: Server };
  let page: Page;
  const framesToPage: string[] = [];

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser, plain] = await Promise.all([startSynapse(), launchBrowser(), startPlainWebServer()]);
    await synapse.registerUser('alice', 'correct horse battery staple', { displayName: 'Alice Example' });
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-${process.pid}` });
    page = await browser.newPage({ locale: 'en-GB', colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    watchCsp(page);
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => framesToPage.push(String(payload))));
  });

  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
    plain?.server.close();
  });

  const homeserverStatus = (target: Page = page) => target.getByRole('status').filter({ hasText: /found|Checking|server/ });

  it('shows the sign-in screen with the homeserver pre-filled and already checked', async () => {
    await page.goto(running.harness.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Homeserver').inputValue()).toBe(synapse.baseUrl);
    expect(page.url()).not.toContain('token=');
    const host = new URL(synapse.baseUrl).host;
    await expect.poll(() => homeserverStatus().textContent(), { timeout: 15_000 }).toBe(`${host} found`);
    // The check is tied to the field for screen readers, and the field is not marked wrong.
    const described = await page.getByLabel('Homeserver').getAttribute('aria-describedby');
    expect(described?.split(' ').length).toBeGreaterThanOrEqual(2);
    expect(await page.getByLabel('Homeserver').getAttribute('aria-invalid')).toBe('false');
    // The cursor starts where typing begins: the username, since the server is known.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('username');
    await expect.poll(() => page.getByText('Version test').isVisible()).toBe(true);
    await screenshot(page, 'sign-in');
  });

  it('says plainly when an address is not a Matrix server, then recovers when it is', async () => {
    const field = page.getByLabel('Homeserver');
    await field.fill(plain.url);
    await expect.poll(() => homeserverStatus().textContent(), { timeout: 15_000 }).toContain('No Matrix server answers at this address');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'sign-in-not-matrix');

    await field.fill(synapse.baseUrl);
    await expect.poll(() => homeserverStatus().textContent(), { timeout: 15_000 }).toContain('found');
    expect(await field.getAttribute('aria-invalid')).toBe('false');
  });

  it('finds the server from a full Matrix ID when the homeserver field is empty', async () => {
    await page.getByLabel('Homeserver').fill('');
    await expect.poll(() => homeserverStatus().count()).toBe(0);
    // The test users' server name, localhost, has no HTTPS server: discovery says so in plain words.
    await page.getByLabel('Username').fill('@alice:localhost');
    await expect.poll(() => homeserverStatus().textContent(), { timeout: 15_000 }).toContain('This server cannot be reached');
    await page.getByLabel('Username').fill('');
    await page.getByLabel('Homeserver').fill(synapse.baseUrl);
    await expect.poll(() => homeserverStatus().textContent(), { timeout: 15_000 }).toContain('found');
  });

  it('shows and hides the password on request', async () => {
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('secret words');
    expect(await password.getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Show password' }).click();
    expect(await password.getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Hide password' }).click();
    expect(await password.getAttribute('type')).toBe('password');
  });

  it('moves through the form in reading order with the keyboard, with tooltips on focus that Escape hides', async () => {
    const openTooltip = page.locator('[popover="manual"]:popover-open');
    // The previous test clicked the password toggle: the pointer must not rest on it, or its hover tooltip answers instead of the focus one.
    await page.mouse.move(0, 0);
    await page.getByLabel('Username').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Show password');
    await expect.poll(() => openTooltip.textContent()).toBe('Show password');
    await page.keyboard.press('Escape');
    await expect.poll(() => openTooltip.count()).toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Sign in');

    // A pointer resting on the button shows the same name, and leaving hides it.
    await page.mouse.move(5, 5);
    await page.getByRole('button', { name: 'Show password' }).hover();
    await expect.poll(() => openTooltip.textContent()).toBe('Show password');
    await page.mouse.move(5, 5);
    await expect.poll(() => openTooltip.count()).toBe(0);
  });

  it('explains a wrong password in plain words and stays on the form', async () => {
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('The username or password is not right');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // The password is selected for retyping; the username the user typed is kept.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    expect(await page.getByLabel('Username').inputValue()).toBe('alice');
    await screenshot(page, 'sign-in-wrong-password');
  });

  it('signs in with the keyboard alone and opens the main window with the display name', async () => {
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('navigation', { name: 'Rooms' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('account-name').textContent(), { timeout: 30_000 }).toBe('Alice Example');
    await expect.poll(() => page.getByRole('status', { name: 'Connection status' }).textContent(), { timeout: 30_000 }).toContain('Up to date');
    expect(await page.getByRole('heading', { name: 'Sign in to Plenum' }).count()).toBe(0);
    await screenshot(page, 'signed-in');
    expectNoCspViolations(page);
  });

  it('drives a menu and a dialog of the main window by keyboard, with focus always where the user expects', async () => {
    const focused = (): Promise<string | null> =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? null);
    const menuButton = page.getByRole('button', { name: 'Start a chat or create a room' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('menu').isVisible()).toBe(true);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    expect(await focused()).toBe('Start a direct chat');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Create a room');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Explore public rooms');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Start a direct chat');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').isVisible()).toBe(false);
    expect(await focused()).toBe('Start a chat or create a room');

    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Explore public rooms');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Create a room');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create a room' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await screenshot(page, 'dialog-create-room');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focused()).toBe('Start a chat or create a room');
    expectNoCspViolations(page);
  });

  it('never hands the page an access token', async () => {
    expect(framesToPage.length).toBeGreaterThan(0);
    const everythingThePageSaw = [await page.content(), ...framesToPage].join('\n');
    // Synapse's access tokens all start with syt_; the device ID may travel, the token never.
    expect(everythingThePageSaw).not.toMatch(/syt_[A-Za-z0-9_]+/);
    expect(everythingThePageSaw).toContain('@alice:localhost');
  });
});

describe('the sign-in screen in each theme and language', () => {
  let browser: Browser;
  let synapse: RunningSynapse;

  beforeAll(async () => {
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await synapse?.stop();
  });

  it.each([
    ['light', 'en-GB', 'Sign in to Plenum', 'found'],
    ['dark', 'en-GB', 'Sign in to Plenum', 'found'],
    ['dark', 'de-DE', 'Bei Plenum anmelden', 'gefunden'],
    ['light', 'fr-FR', 'Se connecter à Plenum', 'trouvé'],
  ] as const)('%s theme, %s', async (colorScheme, locale, heading, found) => {
    // The harness URL's token works once, so each page gets its own harness.
    const running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-themes-${process.pid}` });
    const page = await browser.newPage({ locale, colorScheme, viewport: { width: 1280, height: 800 } });
    watchCsp(page);
    try {
      await page.goto(running.harness.url);
      await expect.poll(() => page.getByRole('heading', { name: heading }).isVisible()).toBe(true);
      await expect.poll(() => page.getByRole('status').filter({ hasText: found }).count(), { timeout: 15_000 }).toBe(1);
      // The theme really applies: the page background follows the colour scheme.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
      const luminance = (r + g + b) / 3;
      if (colorScheme === 'dark') expect(luminance).toBeLessThan(60);
      else expect(luminance).toBeGreaterThan(200);
      await screenshot(page, `sign-in-${colorScheme}-${locale}`);
      expectNoCspViolations(page);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('lets a chosen theme override the system’s: data-theme on <html> wins over prefers-color-scheme', async () => {
    const running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-forced-${process.pid}` });
    const page = await browser.newPage({ locale: 'en-GB', colorScheme: 'light' });
    try {
      await page.goto(running.harness.url);
      await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible()).toBe(true);
      const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const systemLight = await background();
      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
      const forcedDark = await background();
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
      expect(await background()).toBe(systemLight);
      await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
      expect(await background()).toBe(forcedDark);
      expect(forcedDark).not.toBe(systemLight);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
