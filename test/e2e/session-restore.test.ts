import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../src/main/core/ports.ts';
import { AppFailure } from '../../src/shared/ipc/result.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, watchCsp } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'restore e2e password';
const SERVICE = `plenum-e2e-restore-${process.pid}-${Date.now()}`;

/** What a person sees when Plenum starts with a stored session: resumed, or the keychain explained. */
describe('resuming a session in the renderer', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let page: Page;
  let running: RunningHarness | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-e2e-restore-'));
  const keychain = { locked: false };
  const lockable = (real: SecretStore): SecretStore => {
    const guard = (): void => {
      if (keychain.locked) throw new AppFailure('KEYCHAIN_UNAVAILABLE', 'locked');
    };
    return {
      get: async (account) => (guard(), real.get(account)),
      set: async (account, secret) => (guard(), real.set(account, secret)),
      delete: async (account) => (guard(), real.delete(account)),
    };
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Restored' });
    const first = await startTestHarness({ keychainService: SERVICE, dataDir, secrets: lockable });
    await first.core.handlers['session.signIn']({ homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    await first.stop();
    page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    watchCsp(page);
  });
  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('explains a locked keychain instead of signing out, and resumes after “Try again”', async () => {
    keychain.locked = true;
    running = await startTestHarness({ keychainService: SERVICE, dataDir, secrets: lockable });
    await page.goto(running.harness.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Unlock your keychain' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByText('nothing has been signed out').isVisible()).toBe(true);
    expect(await page.getByText('@alice:localhost').first().isVisible()).toBe(true);
    await screenshot(page, 'keychain-locked');

    // Still locked: the same explanation stays, nothing is lost.
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Try again' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('heading', { name: 'Unlock your keychain' }).isVisible()).toBe(true);

    keychain.locked = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Rooms' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('account-name').textContent(), { timeout: 20_000 }).toBe('Alice Restored');
    expectNoCspViolations(page);
  });

  it('goes straight to the signed-in view on a normal start', async () => {
    await running?.stop();
    running = await startTestHarness({ keychainService: SERVICE, dataDir, secrets: lockable });
    await page.goto(running.harness.url);
    await expect.poll(() => page.getByRole('navigation', { name: 'Rooms' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('account-name').textContent(), { timeout: 15_000 }).toBe('Alice Restored');
    expect(await page.getByRole('heading', { name: 'Sign in to Plenum' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('status', { name: 'Connection status' }).textContent(), { timeout: 30_000 }).toContain('Up to date');
    expectNoCspViolations(page);
  });
});
