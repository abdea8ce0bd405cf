import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, openApp, screenshot } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness, type TestHarnessOptions } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { cancelAtIdp, signInAtIdp, startOAuthDelegatedSynapse, startSsoRig, type SsoRig } from '../support/oidc-idp.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000, interval: 100 };

/**
 * Single sign-on through the real renderer, bridge and core: the app's page in one browser context,
 * and the "system browser" the app hands the identity provider to in another, as two programs.
 */
describe('single sign-on through the sign-in screen', () => {
  let rig: SsoRig;
  let browser: Browser;
  /** A fresh one per test: the identity provider remembers who signed in, as a real browser does. */
  let systemBrowser: BrowserContext | undefined;
  const harnesses: RunningHarness[] = [];
  const pages: Page[] = [];
  /** What the app opened in the system browser, newest last, with the tab it opened in. */
  let opened: { url: string; tab: Page }[] = [];
  let onOpen: (url: string, tab: Page) => void = () => undefined;

  const start = async (options: Partial<TestHarnessOptions> = {}): Promise<Page> => {
    const context = await browser.newContext();
    systemBrowser = context;
    const running = await startTestHarness({
      defaultHomeserver: rig.synapse.baseUrl,
      keychainService: `plenum-e2e-sso-${process.pid}-${harnesses.length}`,
      systemBrowser: async (url) => {
        const tab = await context.newPage();
        opened.push({ url, tab });
        onOpen(url, tab);
      },
      ...options,
    });
    harnesses.push(running);
    const page = await openApp(browser, running);
    pages.push(page);
    await page.getByRole('heading', { name: 'Sign in to Plenum' }).waitFor();
    return page;
  };
  const ssoButton = (page: Page) => page.getByRole('button', { name: 'Continue with Ministry Login' });
  const alertText = (page: Page) => page.getByRole('alert').textContent();

  beforeAll(async () => {
    assertKeyringAvailable();
    [rig, browser] = await Promise.all([startSsoRig(), launchBrowser()]);
    rig.idp.displayNames.set('ada', 'Ada Lovelace');
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    for (const running of harnesses.splice(0)) await running.stop();
    await systemBrowser?.close();
    systemBrowser = undefined;
    opened = [];
    onOpen = () => undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.stop();
  });

  it('offers the server’s identity provider beside the password form', async () => {
    const page = await start();
    await ssoButton(page).waitFor({ timeout: SLOW.timeout });
    expect(await page.getByRole('region', { name: 'Sign in through your organisation' }).isVisible()).toBe(true);
    expect(await page.getByText('or with a password').isVisible()).toBe(true);
    expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'sso-sign-in-choices');
    await expectNoWcagViolations(page, 'the sign-in screen with single sign-on');
  });

  it('signs in through the identity provider in the system browser and opens the room list', async () => {
    const page = await start();
    // Hold the provider's answer until the waiting screen has been looked at.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    onOpen = (url, tab) =>
      void (async () => {
        await tab.route(`${new URL(new URL(url).searchParams.get('redirectUrl') ?? '').origin}/**`, async (route) => {
          await held;
          await route.continue();
        });
        await signInAtIdp(tab, url, 'ada');
      })().catch(() => undefined);
    await ssoButton(page).click();

    const waiting = page.getByRole('region', { name: 'Continue in your browser' });
    await waiting.waitFor({ timeout: SLOW.timeout });
    expect(await waiting.textContent()).toContain('Plenum opened the sign-in page of 127.0.0.1');
    expect(await page.getByRole('button', { name: 'Cancel sign-in' }).isVisible()).toBe(true);
    await screenshot(page, 'sso-waiting-for-browser');
    await expectNoWcagViolations(page, 'the sign-in screen waiting for the browser');
    release();

    await page.getByRole('navigation', { name: 'Rooms' }).waitFor({ state: 'visible', timeout: SLOW.timeout });
    await expect.poll(() => page.getByRole('button', { name: /Ada Lovelace/ }).count(), SLOW).toBeGreaterThan(0);
    const tab = opened[0]?.tab;
    await expect.poll(() => tab?.locator('h1').textContent(), SLOW).toBe('You are signed in to Plenum');
    if (tab) await screenshot(tab, 'sso-browser-tab-signed-in');
    expectNoCspViolations(page);
  });

  it('ends a sign-in given up at the identity provider with a clear message when the user cancels here', async () => {
    const page = await start();
    onOpen = (url, tab) => void cancelAtIdp(tab, url).catch(() => undefined);
    await ssoButton(page).click();
    await page.getByRole('region', { name: 'Continue in your browser' }).waitFor({ timeout: SLOW.timeout });
    await expect.poll(async () => (await opened[0]?.tab.locator('body').textContent().catch(() => '')) ?? '', SLOW).toContain('access_denied');
    await page.getByRole('button', { name: 'Cancel sign-in' }).click();
    await expect.poll(() => alertText(page), SLOW).toBe('Single sign-on was cancelled. You can start it again when you are ready.');
    // Back where it started, ready to try again, focus on the way that was tried.
    await expect.poll(() => ssoButton(page).evaluate((button) => button === document.activeElement), SLOW).toBe(true);
    await screenshot(page, 'sso-cancelled');
  });

  it('refuses an answer with another state, and says why', async () => {
    const page = await start();
    onOpen = (url, tab) =>
      void (async () => {
        await tab.route(`${new URL(new URL(url).searchParams.get('redirectUrl') ?? '').origin}/**`, async (route) => {
          const answer = new URL(route.request().url());
          answer.searchParams.set('state', 'forged');
          await route.continue({ url: answer.href });
        });
        await signInAtIdp(tab, url, 'mallory');
      })().catch(() => undefined);
    await ssoButton(page).click();
    await expect.poll(() => alertText(page), SLOW).toBe(
      'Your browser came back with a sign-in that Plenum did not start, so Plenum did not use it. Start single sign-on again from here.',
    );
    expect(await opened[0]?.tab.locator('h1').textContent()).toBe('This sign-in was not started by Plenum, so it was not used');
    expect(await page.getByRole('navigation', { name: 'Rooms' }).count()).toBe(0);
  });

  it('stops waiting after the timeout and says so', async () => {
    const page = await start({ ssoTimeoutMs: 1500 });
    await ssoButton(page).click();
    await expect.poll(() => alertText(page), SLOW).toBe(
      'Single sign-on took too long, so Plenum stopped waiting. Start it again and finish signing in in your browser.',
    );
    await screenshot(page, 'sso-timeout');
  });

  it('offers only single sign-on when the organisation turns passwords off', async () => {
    const page = await start({ policy: { HomeserverUrl: rig.synapse.baseUrl, DisablePasswordLogin: true } });
    await ssoButton(page).waitFor({ timeout: SLOW.timeout });
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(0);
    expect(await page.getByText('or with a password').count()).toBe(0);
    await screenshot(page, 'sso-only-by-policy');
    await expectNoWcagViolations(page, 'the sign-in screen with single sign-on only');
  });

  it('with ForceSso, goes to the identity provider straight away', async () => {
    const page = await start({ policy: { HomeserverUrl: rig.synapse.baseUrl, ForceSso: true } });
    await page.getByRole('region', { name: 'Continue in your browser' }).waitFor({ timeout: SLOW.timeout });
    expect(opened).toHaveLength(1);
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    // Cancelled, it does not start again by itself: the person chooses now.
    await page.getByRole('button', { name: 'Cancel sign-in' }).click();
    await ssoButton(page).waitFor({ timeout: SLOW.timeout });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(opened).toHaveLength(1);
  });
});

describe('the sign-in screen for servers without single sign-on', () => {
  let synapse: RunningSynapse;
  let oauthOnly: { synapse: RunningSynapse; stop(): Promise<void> };
  let browser: Browser;
  const harnesses: RunningHarness[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, oauthOnly, browser] = await Promise.all([startSynapse(), startOAuthDelegatedSynapse(), launchBrowser()]);
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    for (const running of harnesses.splice(0)) await running.stop();
  });
  afterAll(async () => {
    await browser?.close();
    await synapse?.stop();
    await oauthOnly?.stop();
  });

  const start = async (options: Partial<TestHarnessOptions>): Promise<Page> => {
    const running = await startTestHarness({ keychainService: `plenum-e2e-nosso-${process.pid}-${harnesses.length}`, ...options });
    harnesses.push(running);
    const page = await openApp(browser, running);
    pages.push(page);
    await page.getByRole('heading', { name: 'Sign in to Plenum' }).waitFor();
    return page;
  };

  it('shows the password form alone where the server has no single sign-on', async () => {
    const page = await start({ defaultHomeserver: synapse.baseUrl });
    await page.getByText('127.0.0.1', { exact: false }).filter({ hasText: 'found' }).waitFor({ timeout: SLOW.timeout });
    expect(await page.getByRole('button', { name: /Continue with/ }).count()).toBe(0);
    expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
  });

  it('says so when the organisation requires single sign-on and this server has none', async () => {
    const page = await start({ defaultHomeserver: synapse.baseUrl, policy: { DisablePasswordLogin: true } });
    const notice = page.getByRole('region', { name: 'Single sign-on required' });
    await notice.waitFor({ timeout: SLOW.timeout });
    expect(await notice.textContent()).toContain('this server does not offer it');
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await screenshot(page, 'policy-sign-in-sso-unavailable');
    await expectNoWcagViolations(page, 'the sign-in screen when single sign-on is required but missing');
  });

  it('explains that the new OAuth 2.0 sign-in is not supported yet', async () => {
    const page = await start({ defaultHomeserver: oauthOnly.synapse.baseUrl });
    await expect
      .poll(() => page.getByText('This server uses the new Matrix sign-in (OAuth 2.0), which Plenum does not support yet.', { exact: false }).count(), SLOW)
      .toBeGreaterThan(0);
    await screenshot(page, 'sign-in-oauth-unsupported');
  });
});
