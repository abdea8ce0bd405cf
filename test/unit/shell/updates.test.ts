/**
 * Automatic updates: the plan (may Plenum look for updates at all, and where) for every combination
 * of the update policies and kinds of installation, and the flow through a fake electron-updater.
 * Nothing here loads electron-updater: the adapter's import of it is dynamic, and only its types are
 * used below (to keep the fake and the port honest).
 */
import type { AppUpdater } from 'electron-updater';
import { describe, expect, it, vi } from 'vitest';
import { hardenUpdater, UPDATER_SESSION_PARTITION } from '../../../src/main/adapters/electron-updater-adapter.ts';
import {
  CHECK_INTERVAL_MS,
  CHECK_TICK_MS,
  createUpdateFlow,
  updateErrorReason,
  updatePlan,
  type UpdateCheckResultLike,
  type UpdateClock,
  type UpdateFlow,
  type UpdatePlan,
  type UpdatePlanInput,
  type UpdaterEvent,
  type UpdaterLike,
  type UpdateState,
} from '../../../src/main/shell/update-policy.ts';
import { checkPolicyValue, POLICIES, type PolicyDefinition } from '../../../src/shared/policy/policy-schema.ts';

// The flow is wired to electron-updater's real autoUpdater: this fails to compile if the port drifts from it.
const _fitsAppUpdater = (updater: AppUpdater): UpdaterLike => updater;

const FEED = 'https://updates.example.org/plenum/';
const packaged: Omit<UpdatePlanInput, 'policy'> = { isPackaged: true, platform: 'win32', portable: false };

describe('the update policies', () => {
  const definition = (key: string): PolicyDefinition => POLICIES.find((policy) => policy.key === key)!;

  it('come right after DisableAutoUpdate, in the updates category', () => {
    const keys = POLICIES.map((policy) => policy.key);
    const at = keys.indexOf('DisableAutoUpdate');
    expect(keys.slice(at, at + 3)).toEqual(['DisableAutoUpdate', 'UpdateUrl', 'AutoInstallUpdates']);
    expect(definition('UpdateUrl').category).toBe('updates');
    expect(definition('AutoInstallUpdates').category).toBe('updates');
  });

  it('take only an https:// URL for UpdateUrl, with HomeserverUrl’s own check', () => {
    expect(definition('UpdateUrl').type).toEqual(definition('HomeserverUrl').type);
    for (const url of [FEED, 'https://updates.example.org', 'https://10.0.0.5:8443/plenum/stable']) expect(checkPolicyValue(definition('UpdateUrl'), url)).toBe(url);
    for (const url of ['http://updates.example.org/', 'file:///srv/updates', 'updates.example.org', 'https://user@updates.example.org/', 'https://updates.example.org/?channel=x', '', 42]) {
      expect(checkPolicyValue(definition('UpdateUrl'), url), String(url)).toBeUndefined();
    }
  });

  it('take a boolean, or Group Policy’s DWORD, for AutoInstallUpdates', () => {
    expect(checkPolicyValue(definition('AutoInstallUpdates'), true)).toBe(true);
    expect(checkPolicyValue(definition('AutoInstallUpdates'), 0)).toBe(false);
    expect(checkPolicyValue(definition('AutoInstallUpdates'), 'yes')).toBeUndefined();
  });
});

describe('updatePlan', () => {
  it.each<[string, UpdatePlanInput, UpdatePlan]>([
    ['DisableAutoUpdate, even with a feed and consent', { ...packaged, policy: { DisableAutoUpdate: true, UpdateUrl: FEED, AutoInstallUpdates: true } }, { enabled: false, reason: 'policy' }],
    ['DisableAutoUpdate on a development build', { ...packaged, isPackaged: false, policy: { DisableAutoUpdate: true, UpdateUrl: FEED } }, { enabled: false, reason: 'policy' }],
    ['DisableAutoUpdate on a portable copy', { ...packaged, portable: true, policy: { DisableAutoUpdate: true } }, { enabled: false, reason: 'policy' }],
    ['no policy at all', { ...packaged, policy: {} }, { enabled: false, reason: 'no-feed' }],
    ['consent but no feed', { ...packaged, policy: { DisableAutoUpdate: false, AutoInstallUpdates: true } }, { enabled: false, reason: 'no-feed' }],
    ['a feed that is not https (never checked by the core)', { ...packaged, policy: { UpdateUrl: 'http://updates.example.org/' } }, { enabled: false, reason: 'no-feed' }],
    ['a development build with a feed', { ...packaged, isPackaged: false, policy: { UpdateUrl: FEED } }, { enabled: false, reason: 'development' }],
    ['a development build without a feed', { ...packaged, isPackaged: false, policy: {} }, { enabled: false, reason: 'development' }],
    ['a portable copy with a feed', { ...packaged, platform: 'linux', portable: true, policy: { UpdateUrl: FEED } }, { enabled: false, reason: 'unsupported' }],
    ['a platform electron-updater cannot update', { ...packaged, platform: 'freebsd', policy: { UpdateUrl: FEED } }, { enabled: false, reason: 'unsupported' }],
    ['a feed: the user consents', { ...packaged, policy: { UpdateUrl: FEED } }, { enabled: true, feedUrl: FEED, installWithoutAsking: false }],
    ['a feed, AutoInstallUpdates off', { ...packaged, policy: { DisableAutoUpdate: false, UpdateUrl: FEED, AutoInstallUpdates: false } }, { enabled: true, feedUrl: FEED, installWithoutAsking: false }],
    ['a feed, AutoInstallUpdates on: the policy consents', { ...packaged, policy: { UpdateUrl: FEED, AutoInstallUpdates: true } }, { enabled: true, feedUrl: FEED, installWithoutAsking: true }],
    ['a feed on macOS', { ...packaged, platform: 'darwin', policy: { UpdateUrl: FEED } }, { enabled: true, feedUrl: FEED, installWithoutAsking: false }],
    ['a feed on Linux', { ...packaged, platform: 'linux', policy: { UpdateUrl: FEED } }, { enabled: true, feedUrl: FEED, installWithoutAsking: false }],
  ])('%s', (_name, input, plan) => {
    expect(updatePlan(input)).toEqual(plan);
  });
});

// ---------------------------------------------------------------------------------------------
// A fake electron-updater and a fake clock
// ---------------------------------------------------------------------------------------------

type Listener = (...args: never[]) => void;

/** Behaves as electron-updater does: events first, then the check's promise (rejected after an 'error' event). */
class FakeUpdater implements UpdaterLike {
  // The opposite of what the flow must set, so the test sees that it set them.
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  readonly calls: string[] = [];
  readonly feeds: unknown[] = [];
  readonly installs: [boolean | undefined, boolean | undefined][] = [];
  private readonly listeners = new Map<UpdaterEvent, Listener[]>();
  /** What the next check does. */
  next: () => Promise<UpdateCheckResultLike | null> = () => this.upToDate();

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.calls.push('setFeedURL');
    this.feeds.push(options);
  }

  checkForUpdates(): Promise<UpdateCheckResultLike | null> {
    this.calls.push('checkForUpdates');
    return this.next();
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.calls.push('quitAndInstall');
    this.installs.push([isSilent, isForceRunAfter]);
  }

  on(event: UpdaterEvent, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: UpdaterEvent, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  get checks(): number {
    return this.calls.filter((call) => call === 'checkForUpdates').length;
  }

  upToDate(): Promise<UpdateCheckResultLike> {
    this.emit('checking-for-update');
    this.emit('update-not-available', { version: '0.1.0' });
    return Promise.resolve({ isUpdateAvailable: false });
  }

  /** Finds a version and starts downloading it; the test finishes (or fails) the download. */
  available(version: string, download: Promise<unknown> = new Promise(() => undefined)): Promise<UpdateCheckResultLike> {
    this.emit('checking-for-update');
    this.emit('update-available', { version });
    return Promise.resolve({ isUpdateAvailable: true, downloadPromise: download });
  }

  failing(error: Error): Promise<never> {
    this.emit('checking-for-update');
    this.emit('error', error, error.stack);
    return Promise.reject(error);
  }
}

function updaterError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

class FakeClock implements UpdateClock {
  time = Date.UTC(2025, 0, 6, 9, 0, 0);
  readonly timers: { ms: number; tick: () => void }[] = [];
  now(): number {
    return this.time;
  }
  every(ms: number, tick: () => void): () => void {
    const timer = { ms, tick };
    this.timers.push(timer);
    return () => this.timers.splice(this.timers.indexOf(timer), 1);
  }
  /** Moves time on and fires the timers, as setInterval would have meanwhile. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const timer of [...this.timers]) timer.tick();
    await settle();
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const enabled = (installWithoutAsking = false): UpdatePlan => ({ enabled: true, feedUrl: FEED, installWithoutAsking });

function setUp(plan: UpdatePlan = enabled()): { flow: UpdateFlow; updater: FakeUpdater; clock: FakeClock; states: UpdateState[]; load: ReturnType<typeof vi.fn> } {
  const updater = new FakeUpdater();
  const clock = new FakeClock();
  const load = vi.fn(async (): Promise<UpdaterLike> => updater);
  const flow = createUpdateFlow({ plan, loadUpdater: load, clock });
  const states: UpdateState[] = [];
  flow.onChange((state) => states.push(state));
  return { flow, updater, clock, states, load };
}

describe('createUpdateFlow', () => {
  it.each<UpdatePlan>([
    { enabled: false, reason: 'no-feed' },
    { enabled: false, reason: 'policy' },
    { enabled: false, reason: 'development' },
    { enabled: false, reason: 'unsupported' },
  ])('never loads, configures or asks an updater when disabled ($reason)', async (plan) => {
    const { flow, updater, clock, load } = setUp(plan);
    expect(flow.state()).toEqual({ status: 'disabled', reason: plan.enabled ? null : plan.reason });
    await flow.start();
    expect(await flow.check()).toBe(false);
    expect(flow.consent()).toBe(false);
    expect(load).not.toHaveBeenCalled();
    expect(updater.calls).toEqual([]);
    expect(clock.timers).toEqual([]);
  });

  it('sets the generic feed before the first check, and downloads without installing on quit', async () => {
    const { flow, updater, load } = setUp();
    expect(flow.state()).toEqual({ status: 'idle' });
    await flow.start();
    expect(load).toHaveBeenCalledOnce();
    expect(updater.feeds).toEqual([{ provider: 'generic', url: FEED }]);
    expect(updater.calls.slice(0, 2)).toEqual(['setFeedURL', 'checkForUpdates']);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.allowDowngrade).toBe(false);
    expect(flow.state()).toEqual({ status: 'up-to-date', checkedAt: Date.UTC(2025, 0, 6, 9, 0, 0) });
    await flow.start();
    expect(load).toHaveBeenCalledOnce();
    expect(updater.feeds).toHaveLength(1);
  });

  it('goes checking → available → downloaded, and installs only after the user consents, once', async () => {
    const { flow, updater, states } = setUp();
    updater.next = () => updater.available('0.2.0');
    await flow.start();
    expect(flow.state()).toEqual({ status: 'available', version: '0.2.0', percent: null });
    updater.emit('download-progress', { percent: 41.7, transferred: 1, total: 2, bytesPerSecond: 1 });
    updater.emit('download-progress', { percent: 41.9, transferred: 1, total: 2, bytesPerSecond: 1 });
    expect(flow.state()).toEqual({ status: 'available', version: '0.2.0', percent: 41 });
    updater.emit('update-downloaded', { version: '0.2.0', downloadedFile: '/tmp/x' });
    expect(flow.state()).toEqual({ status: 'downloaded', version: '0.2.0', installsOnQuit: false });
    expect(updater.installs).toEqual([]);

    expect(flow.consent()).toBe(true);
    expect(flow.state()).toEqual({ status: 'installing', version: '0.2.0' });
    expect(flow.consent()).toBe(false);
    expect(updater.installs).toEqual([[true, true]]);
    expect(states.map((state) => state.status)).toEqual(['checking', 'available', 'available', 'downloaded', 'installing']);
  });

  it('does not install before the download is complete', async () => {
    const { flow, updater } = setUp();
    expect(flow.consent()).toBe(false);
    updater.next = () => updater.available('0.2.0');
    await flow.start();
    expect(flow.consent()).toBe(false);
    expect(updater.installs).toEqual([]);
  });

  it('with the policy’s consent installs on quit and asks nobody', async () => {
    const { flow, updater } = setUp(enabled(true));
    updater.next = () => updater.available('0.2.0');
    await flow.start();
    expect(updater.autoInstallOnAppQuit).toBe(true);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(flow.state()).toEqual({ status: 'downloaded', version: '0.2.0', installsOnQuit: true });
    expect(updater.installs).toEqual([]);
  });

  it('turns a failed check into a state, and a later check recovers', async () => {
    const { flow, updater, clock } = setUp();
    updater.next = () => updater.failing(updaterError('Cannot find channel "latest.yml" update info: HttpError: 404', 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'));
    await expect(flow.start()).resolves.toBeUndefined();
    expect(flow.state()).toEqual({ status: 'error', reason: 'feed-not-found', during: 'check' });
    updater.next = () => updater.upToDate();
    await clock.advance(CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(2);
    expect(flow.state()).toEqual({ status: 'up-to-date', checkedAt: clock.time });
  });

  it('turns a failed download into a state, and handles the download promise’s rejection', async () => {
    const { flow, updater, clock } = setUp();
    const error = updaterError('net::ERR_CONNECTION_RESET');
    let failDownload: (error: Error) => void = () => undefined;
    updater.next = () => updater.available('0.2.0', new Promise((_resolve, reject) => (failDownload = reject)));
    await flow.start();
    updater.emit('error', error);
    failDownload(error);
    await settle();
    expect(flow.state()).toEqual({ status: 'error', reason: 'network', during: 'download' });
    // The next check finds it again (electron-updater reuses what it had downloaded).
    updater.next = () => updater.available('0.2.0');
    await clock.advance(CHECK_INTERVAL_MS);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(flow.state()).toMatchObject({ status: 'downloaded', version: '0.2.0' });
  });

  it('turns a failed install into a state', async () => {
    const { flow, updater } = setUp();
    updater.next = () => updater.available('0.2.0');
    await flow.start();
    updater.emit('update-downloaded', { version: '0.2.0' });
    updater.quitAndInstall = () => {
      throw updaterError('No update filepath provided, can’t quit and install');
    };
    expect(flow.consent()).toBe(true);
    expect(flow.state()).toEqual({ status: 'error', reason: 'failed', during: 'install' });
  });

  it('survives an updater that cannot be loaded, or is inactive', async () => {
    const broken = createUpdateFlow({ plan: enabled(), loadUpdater: () => Promise.reject(new Error('Cannot find module')), clock: new FakeClock() });
    await expect(broken.start()).resolves.toBeUndefined();
    expect(broken.state()).toEqual({ status: 'error', reason: 'failed', during: 'check' });

    const { flow, updater } = setUp();
    updater.next = () => Promise.resolve(null);
    await flow.start();
    expect(flow.state()).toEqual({ status: 'error', reason: 'failed', during: 'check' });
  });

  it('asks the server at most every 4 hours', async () => {
    const { flow, updater, clock } = setUp();
    await flow.start();
    expect(updater.checks).toBe(1);
    expect(clock.timers.map((timer) => timer.ms)).toEqual([CHECK_TICK_MS]);
    expect(CHECK_TICK_MS).toBeLessThan(CHECK_INTERVAL_MS);
    expect(await flow.check()).toBe(false);
    await clock.advance(CHECK_TICK_MS);
    await clock.advance(CHECK_INTERVAL_MS - CHECK_TICK_MS - 1);
    expect(updater.checks).toBe(1);
    await clock.advance(1);
    expect(updater.checks).toBe(2);
    expect(await flow.check()).toBe(false);
    // After a sleep of a day: one check, not six.
    await clock.advance(24 * 60 * 60 * 1000);
    expect(updater.checks).toBe(3);
    flow.stop();
    expect(clock.timers).toEqual([]);
  });

  it('does not check again while a check runs or a downloaded update waits', async () => {
    const { flow, updater, clock } = setUp();
    let finish: (result: UpdateCheckResultLike) => void = () => undefined;
    updater.next = () => {
      updater.emit('checking-for-update');
      return new Promise((resolve) => (finish = resolve));
    };
    const starting = flow.start();
    await settle();
    clock.time += CHECK_INTERVAL_MS;
    expect(await flow.check()).toBe(false);
    updater.emit('update-available', { version: '0.2.0' });
    finish({ isUpdateAvailable: true });
    await starting;
    updater.emit('update-downloaded', { version: '0.2.0' });
    await clock.advance(CHECK_INTERVAL_MS);
    expect(await flow.check()).toBe(false);
    expect(updater.checks).toBe(1);
  });

  it('keeps going when a listener throws', async () => {
    const { flow, updater } = setUp();
    flow.onChange(() => {
      throw new Error('a broken view');
    });
    const seen: string[] = [];
    const unsubscribe = flow.onChange((state) => seen.push(state.status));
    await flow.start();
    expect(seen).toEqual(['checking', 'up-to-date']);
    unsubscribe();
    updater.emit('update-available', { version: '0.2.0' });
    expect(seen).toHaveLength(2);
    expect(flow.state()).toMatchObject({ status: 'available' });
  });
});

describe('updateErrorReason', () => {
  it.each<[Error, string]>([
    [updaterError('Cannot find channel "latest.yml"', 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'), 'feed-not-found'],
    [updaterError('HTTP error: 404', 'HTTP_ERROR_404'), 'feed-not-found'],
    [updaterError('ZIP file not provided', 'ERR_UPDATER_ZIP_FILE_NOT_FOUND'), 'feed-not-found'],
    [updaterError('Cannot parse update info', 'ERR_UPDATER_INVALID_UPDATE_INFO'), 'feed-invalid'],
    [updaterError('not signed by the application owner', 'ERR_UPDATER_INVALID_SIGNATURE'), 'verification-failed'],
    [updaterError('sha512 checksum mismatch, expected x, got y'), 'verification-failed'],
    [updaterError('HTTP error: 503', 'HTTP_ERROR_503'), 'network'],
    [updaterError('connect ECONNREFUSED 10.0.0.5:443', 'ECONNREFUSED'), 'network'],
    [updaterError('net::ERR_NAME_NOT_RESOLVED'), 'network'],
    [updaterError('something else'), 'failed'],
  ])('%s → %s', (error, reason) => {
    expect(updateErrorReason(error)).toBe(reason);
  });

  it('copes with anything thrown', () => {
    expect(updateErrorReason(undefined)).toBe('failed');
    expect(updateErrorReason({ code: 42 })).toBe('failed');
  });
});

describe('the electron-updater adapter', () => {
  it('silences the updater’s own console log and refuses web installers', () => {
    const updater = { logger: console as unknown, disableWebInstaller: false, forceDevUpdateConfig: true };
    hardenUpdater(updater);
    expect(updater).toEqual({ logger: null, disableWebInstaller: true, forceDevUpdateConfig: false });
  });

  it('names the session electron-updater makes its requests in (for the proxy)', () => {
    expect(UPDATER_SESSION_PARTITION).toBe('electron-updater');
  });
});
