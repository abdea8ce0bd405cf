import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpdateFlow, updatePlan, type UpdateFlow, type UpdatePolicy, type UpdaterEvent, type UpdaterLike } from '../../src/main/shell/update-policy.ts';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi, type SignInOptions } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'updates-password-1';
const FEED = 'https://updates.example.org/plenum/';
const SLOW = { timeout: 30_000 };

/** electron-updater as the flow sees it: every check finds 0.2.0 and downloads it at once. */
function fakeUpdater() {
  const listeners = new Map<UpdaterEvent, ((payload?: unknown) => void)[]>();
  const emit = (event: UpdaterEvent, payload?: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));
  const calls = { feeds: [] as string[], checks: 0, quitAndInstall: [] as [boolean | undefined, boolean | undefined][] };
  const updater: UpdaterLike = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    setFeedURL(options) {
      calls.feeds.push(options.url);
    },
    async checkForUpdates() {
      calls.checks += 1;
      emit('checking-for-update');
      emit('update-available', { version: '0.2.0' });
      emit('download-progress', { percent: 57.3 });
      emit('update-downloaded', { version: '0.2.0' });
      return { isUpdateAvailable: true };
    },
    quitAndInstall(isSilent, isForceRunAfter) {
      calls.quitAndInstall.push([isSilent, isForceRunAfter]);
    },
    // Each event's listener takes its own payload (or none); emit() passes the one that belongs to it.
    on(event: UpdaterEvent, listener: (payload: never) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (payload?: unknown) => void]);
      return updater;
    },
  };
  return { updater, calls };
}

/** main's real update flow over the fake updater, for a packaged Linux installation with this policy. */
function updateFlow(policy: UpdatePolicy) {
  const fake = fakeUpdater();
  let loads = 0;
  const flow = createUpdateFlow({
    plan: updatePlan({ policy, isPackaged: true, platform: 'linux', portable: false }),
    loadUpdater: async () => ((loads += 1), fake.updater),
    clock: { now: () => Date.now(), every: () => () => undefined },
  });
  return { flow, calls: fake.calls, loads: () => loads };
}

/**
 * Automatic updates through the real renderer, bridge and core in Chromium, with main's real update
 * flow (src/main/shell/update-policy.ts) over a fake electron-updater: the banner that asks for
 * consent, the policy that installs on quit without asking, "Later", and the settings' status line.
 * A harness opens once, so each case has its own, and its own user on the one Synapse.
 */
describe('automatic updates: the banner and the settings’ status, through the real renderer, core and update flow', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  const open: { running: RunningHarness; page?: Page; flow: UpdateFlow }[] = [];
  let serial = 0;

  const banner = (page: Page): Locator => page.getByTestId('update-banner');
  const settings = (page: Page): Locator => page.getByRole('region', { name: 'Settings' });
  const panel = (page: Page): Locator => settings(page).getByRole('tabpanel');
  /** The Updates card of the Desktop section. */
  const updatesGroup = (page: Page): Locator => panel(page).locator('.group').filter({ has: page.getByRole('heading', { name: 'Updates', exact: true }) });
  /** Lets transitions finish, so a screenshot shows the settled state. */
  const settle = (page: Page): Promise<void> => page.waitForTimeout(400);

  /** A harness with these updates attached, signed in as a user of its own. */
  async function signedIn(flow: UpdateFlow, options: Partial<Pick<SignInOptions, 'colorScheme'>> = {}): Promise<Page> {
    serial += 1;
    const user = `updates${serial}`;
    await synapse.registerUser(user, PASSWORD, { displayName: `Update Tester ${serial}` });
    const running = await startTestHarness({
      defaultHomeserver: synapse.baseUrl,
      keychainService: `plenum-e2e-updates-${serial}-${process.pid}`,
      desktop: true,
      updates: flow,
    });
    const entry: (typeof open)[number] = { running, flow };
    open.push(entry);
    entry.page = await signInThroughUi(browser, running, { user, password: PASSWORD, ...options });
    return entry.page;
  }

  async function openDesktopSettings(page: Page): Promise<void> {
    await page.getByTestId('account-name').click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await expect.poll(() => settings(page).isVisible()).toBe(true);
    await settings(page).getByRole('tab', { name: 'Desktop' }).click();
    await updatesGroup(page).scrollIntoViewIfNeeded();
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
  });

  afterEach(async () => {
    for (const { running, page, flow } of open.splice(0)) {
      if (page) expectNoCspViolations(page);
      await page?.close();
      flow.stop();
      await running.stop();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await synapse?.stop();
  });

  it('offers a downloaded update in a banner above the panes; "Restart and update" installs it', async () => {
    const { flow, calls } = updateFlow({ UpdateUrl: FEED });
    await flow.start();
    expect(flow.state()).toEqual({ status: 'downloaded', version: '0.2.0', installsOnQuit: false });
    expect(calls.feeds).toEqual([FEED]);
    const page = await signedIn(flow);

    const region = page.getByRole('region', { name: 'Update ready' });
    await expect.poll(() => region.isVisible(), SLOW).toBe(true);
    expect((await region.textContent())?.replace(/\s+/g, ' ')).toContain('Plenum 0.2.0 is ready to install.');
    // A landmark that waits, not an alert that interrupts.
    expect(await page.getByRole('alert').filter({ hasText: 'Plenum 0.2.0' }).count()).toBe(0);
    // Above the sidebar and the room, pushing them down rather than covering them.
    const strip = await region.boundingBox();
    const rooms = await page.getByRole('navigation', { name: 'Rooms' }).boundingBox();
    const conversation = await page.locator('#conversation').boundingBox();
    expect(strip && rooms && conversation).toBeTruthy();
    expect(strip!.y).toBe(0);
    expect(strip!.y + strip!.height).toBeLessThanOrEqual(Math.min(rooms!.y, conversation!.y) + 0.5);
    expect(strip!.width).toBeGreaterThan(1200);

    await settle(page);
    await screenshot(page, 'updates-banner-light');
    await expectNoWcagViolations(page, 'the update banner (light)');

    await region.getByRole('button', { name: 'Restart and update' }).click();
    await expect.poll(() => calls.quitAndInstall).toEqual([[true, true]]);
    expect(flow.state()).toEqual({ status: 'installing', version: '0.2.0' });
    await expect.poll(() => banner(page).textContent()).toContain('Installing Plenum 0.2.0…');
    expect(await page.getByRole('region', { name: 'Installing update' }).isVisible()).toBe(true);
    expect(await banner(page).getByRole('button').count()).toBe(0);
    // Once: the core refuses a second consent, nothing waits any more.
    await expect(open[0]!.running.core.handlers['updates.install']({})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls.quitAndInstall).toHaveLength(1);
    await settle(page);
    await screenshot(page, 'updates-banner-installing-light');
  });

  it('shows no banner when the organisation installs the update on quit, and says so in the settings', async () => {
    const { flow, calls } = updateFlow({ UpdateUrl: FEED, AutoInstallUpdates: true });
    await flow.start();
    expect(flow.state()).toEqual({ status: 'downloaded', version: '0.2.0', installsOnQuit: true });
    const page = await signedIn(flow);

    await openDesktopSettings(page);
    const status = updatesGroup(page).getByRole('status');
    await expect.poll(() => status.textContent(), SLOW).toBe('Plenum 0.2.0 will be installed when you quit Plenum, as your organisation set.');
    expect(await updatesGroup(page).getByRole('button', { name: 'Restart and update' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => settings(page).count()).toBe(0);
    expect(await banner(page).count()).toBe(0);
    expect(calls.quitAndInstall).toEqual([]);

    await openDesktopSettings(page);
    await settle(page);
    await screenshot(page, 'updates-settings-installs-on-quit-light');
  });

  it('shows the banner when the download finishes; "Later" hides it and hands focus to the room', async () => {
    const { flow, calls } = updateFlow({ UpdateUrl: FEED });
    const page = await signedIn(flow, { colorScheme: 'dark' });
    // Not checked yet: no banner.
    expect(await banner(page).count()).toBe(0);

    // The download finishes while Plenum is open: updates.changed brings the banner.
    await flow.start();
    const region = page.getByRole('region', { name: 'Update ready' });
    await expect.poll(() => region.isVisible(), SLOW).toBe(true);
    await settle(page);
    await screenshot(page, 'updates-banner-dark');
    await expectNoWcagViolations(page, 'the update banner (dark)');

    await region.getByRole('button', { name: 'Later' }).click();
    await expect.poll(() => banner(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('conversation');
    expect(calls.quitAndInstall).toEqual([]);
    expect(flow.state()).toMatchObject({ status: 'downloaded', version: '0.2.0' });

    // Still there for who wants it: the settings offer the restart.
    await openDesktopSettings(page);
    await expect.poll(() => updatesGroup(page).getByRole('status').textContent()).toBe('Plenum 0.2.0 is ready to install.');
    expect(await updatesGroup(page).getByRole('button', { name: 'Restart and update' }).isVisible()).toBe(true);
    await settle(page);
    await screenshot(page, 'updates-settings-ready-dark');
    await expectNoWcagViolations(page, 'settings desktop with an update waiting (dark)');
    await page.keyboard.press('Escape');
    await expect.poll(() => settings(page).count()).toBe(0);
    expect(await banner(page).count()).toBe(0);
  });

  it('says in the settings when the organisation has turned updates off, and never loads the updater', async () => {
    const { flow, calls, loads } = updateFlow({ DisableAutoUpdate: true, UpdateUrl: FEED });
    await flow.start();
    expect(flow.state()).toEqual({ status: 'disabled', reason: 'policy' });
    const page = await signedIn(flow);

    await openDesktopSettings(page);
    await expect.poll(() => updatesGroup(page).getByRole('status').textContent(), SLOW).toBe('Your organisation has turned automatic updates off.');
    expect(await banner(page).count()).toBe(0);
    expect([loads(), calls.checks]).toEqual([0, 0]);
    await settle(page);
    await screenshot(page, 'updates-settings-disabled-light');
    await expectNoWcagViolations(page, 'settings desktop with updates turned off by the organisation');
  });
});
