import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

describe('sign-in through the real renderer, bridge and core against Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;
  const framesToPage: string[] = [];

  beforeAll(async () => {
    assertKeyringAvailable();
    mkdirSync(SCREENSHOTS, { recursive: true });
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    await synapse.registerUser('alice', 'correct horse battery staple', { displayName: 'Alice Example' });
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-${process.pid}` });
    page = await browser.newPage({ locale: 'en-GB' });
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => framesToPage.push(String(payload))));
  });

  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('shows the sign-in screen with the homeserver pre-filled', async () => {
    await page.goto(running.harness.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Homeserver').inputValue()).toBe(synapse.baseUrl);
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'sign-in.png') });
  });

  it('explains a wrong password in plain words and stays on the form', async () => {
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('The username or password is not right');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'sign-in-wrong-password.png') });
  });

  it('signs in, syncs and shows the display name from the homeserver', async () => {
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const heading = page.getByTestId('signed-in-as');
    await expect.poll(() => heading.textContent(), { timeout: 30_000 }).toBe('Signed in as Alice Example');
    await expect.poll(() => page.getByRole('status', { name: 'Connection status' }).textContent(), { timeout: 30_000 }).toContain('Up to date');
    expect(await page.getByText('@alice:localhost', { exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'signed-in.png') });
  });

  it('never hands the page an access token', async () => {
    expect(framesToPage.length).toBeGreaterThan(0);
    const everythingThePageSaw = [await page.content(), ...framesToPage].join('\n');
    // Synapse's access tokens all start with syt_; the device ID may travel, the token never.
    expect(everythingThePageSaw).not.toMatch(/syt_[A-Za-z0-9_]+/);
    expect(everythingThePageSaw).toContain('@alice:localhost');
  });
});
