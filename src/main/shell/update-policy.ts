/**
 * Automatic updates: whether Plenum may look for updates at all (a pure decision from the policy and
 * the kind of installation), and the flow that follows electron-updater's events once it may.
 *
 * Plenum never phones home on its own: without an UpdateUrl policy there is no feed, and then no
 * update check happens and electron-updater is never even loaded (its default would be the GitHub
 * provider from app-update.yml, which must never be used). The feed is always set explicitly, as a
 * generic provider on the institution's own server, before the first check.
 *
 * A downloaded update is installed only with consent: the user's ("Restart and update", consent())
 * or the policy's (AutoInstallUpdates: installed when Plenum quits). Without either it waits.
 *
 * electron-updater stays behind the UpdaterLike port (src/main/adapters/electron-updater-adapter.ts
 * loads the real one), so this file and its tests never load it.
 */
import { checkPolicyValue, POLICIES } from '../../shared/policy/policy-schema.ts';
import type { Logger } from '../core/ports.ts';
import type { UpdateDisabledReason, UpdateErrorReason, UpdateState } from '../../shared/model/updates.ts';

export type { UpdateDisabledReason, UpdateErrorReason, UpdateState } from '../../shared/model/updates.ts';

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

/** The update policies, as resolved by the core (each value already passed its check). */
export interface UpdatePolicy {
  readonly DisableAutoUpdate?: boolean;
  readonly UpdateUrl?: string;
  readonly AutoInstallUpdates?: boolean;
}

export interface UpdatePlanInput {
  readonly policy: UpdatePolicy;
  /** `app.isPackaged`: development builds never update. */
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
  /**
   * An installation Plenum cannot, or must not, replace itself: an AppImage, a per-user zip, and
   * (see the lead's wiring in src/main/index.ts) the per-machine MSI, which electron-updater would
   * "update" by installing a second, per-user copy through the NSIS installer, and the DEB and RPM
   * packages, which it installs through pkexec and which the institution's repository updates.
   */
  readonly portable: boolean;
}

export type UpdatePlan =
  | { readonly enabled: false; readonly reason: UpdateDisabledReason }
  | { readonly enabled: true; readonly feedUrl: string; readonly installWithoutAsking: boolean };

/** The platforms electron-updater has an updater for. */
const UPDATABLE_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['win32', 'darwin', 'linux']);
const UPDATE_URL = POLICIES.find((definition) => definition.key === 'UpdateUrl');

/**
 * Whether and from where Plenum looks for updates. DisableAutoUpdate wins over everything; then a
 * development build, then an installation that cannot update itself; and without a feed there is
 * nothing to check. The reasons come in that order, so IT sees "unsupported" when UpdateUrl is set
 * on a copy that cannot use it. The URL is checked again with the policy's own rule (https only),
 * so a caller passing something unchecked can never point the updater elsewhere.
 */
export function updatePlan(input: UpdatePlanInput): UpdatePlan {
  const { policy } = input;
  if (policy.DisableAutoUpdate === true) return { enabled: false, reason: 'policy' };
  if (!input.isPackaged) return { enabled: false, reason: 'development' };
  if (input.portable || !UPDATABLE_PLATFORMS.has(input.platform)) return { enabled: false, reason: 'unsupported' };
  const feedUrl = policy.UpdateUrl;
  if (feedUrl === undefined || !UPDATE_URL || checkPolicyValue(UPDATE_URL, feedUrl) === undefined) return { enabled: false, reason: 'no-feed' };
  return { enabled: true, feedUrl, installWithoutAsking: policy.AutoInstallUpdates === true };
}

// ---------------------------------------------------------------------------------------------
// The updater port: the parts of electron-updater's `autoUpdater` (an AppUpdater) used here
// ---------------------------------------------------------------------------------------------

export interface UpdateInfoLike {
  readonly version: string;
}

export interface UpdateCheckResultLike {
  readonly isUpdateAvailable: boolean;
  /** With autoDownload, the download; it rejects when the download fails (after an 'error' event). */
  readonly downloadPromise?: Promise<unknown> | null;
}

export type UpdaterEvent = 'checking-for-update' | 'update-available' | 'update-not-available' | 'download-progress' | 'update-downloaded' | 'error';

/** Structural, so tests pass a fake and nothing here loads electron-updater. */
export interface UpdaterLike {
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  /** Resolves null when the updater is inactive (an unpackaged app); rejects after an 'error' event. */
  checkForUpdates(): Promise<UpdateCheckResultLike | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'download-progress', listener: (progress: { readonly percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

// ---------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------

export interface UpdateClock {
  /** Wall-clock milliseconds (Date.now): survives sleep, unlike a timer. */
  now(): number;
  /** Calls tick every `ms` milliseconds until the returned function is called (setInterval in main). */
  every(ms: number, tick: () => void): () => void;
}

export interface UpdateFlowDeps {
  readonly plan: UpdatePlan;
  /** Loads the real updater; called once, on start(), and only when the plan is enabled. */
  readonly loadUpdater: () => Promise<UpdaterLike>;
  readonly clock: UpdateClock;
  readonly logger?: Logger;
}

export interface UpdateFlow {
  state(): UpdateState;
  /** Every change of state, for the UI; returns the unsubscribe. */
  onChange(listener: (state: UpdateState) => void): () => void;
  /** Loads and configures the updater, checks once, then keeps checking (throttled). Nothing when disabled. */
  start(): Promise<void>;
  /**
   * Asks the server, unless the plan is disabled, a check or download is under way, an update waits
   * for consent, or the last check began less than CHECK_INTERVAL_MS ago. Resolves whether it asked.
   */
  check(): Promise<boolean>;
  /** The user's "Restart and update": quits and installs a downloaded update. False when none waits. */
  consent(): boolean;
  /** Stops the periodic checks. */
  stop(): void;
}

/** At most one check per this long: the institution's server is asked no more often. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** How often the periodic timer looks; a short tick keeps the 4 hours after sleep, when timers stall. */
export const CHECK_TICK_MS = 60 * 60 * 1000;

const NOT_FOUND = new Set([
  'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
  'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
  'ERR_UPDATER_NO_PUBLISHED_VERSIONS',
  'ERR_UPDATER_RELEASE_NOT_FOUND',
  'ERR_UPDATER_ASSET_NOT_FOUND',
  'ERR_UPDATER_ZIP_FILE_NOT_FOUND',
  'HTTP_ERROR_404',
]);
const INVALID = new Set([
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_INVALID_RELEASE_FEED',
  'ERR_UPDATER_NO_FILES_PROVIDED',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_NO_CHECKSUM',
  'ERR_UPDATER_INVALID_PROVIDER_CONFIGURATION',
  'ERR_UPDATER_UNSUPPORTED_PROVIDER',
  'ERR_UPDATER_WEB_INSTALLER_DISABLED',
]);
const VERIFICATION = new Set(['ERR_UPDATER_INVALID_SIGNATURE', 'ERR_CHECKSUM_MISMATCH']);
const NETWORK_CODE = /^(?:HTTP_ERROR_\d{3}|E(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|AI_AGAIN|HOSTUNREACH|NETUNREACH))$/;

/** The error's code (electron-updater's ERR_…, Node's E…, HTTP_ERROR_<status>), if it has one. */
export function updateErrorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
}

/** The reason code for an updater error: from its code, or Chromium's net::ERR_… for network failures. */
export function updateErrorReason(error: unknown): UpdateErrorReason {
  const code = updateErrorCode(error);
  if (code !== undefined) {
    if (NOT_FOUND.has(code)) return 'feed-not-found';
    if (INVALID.has(code)) return 'feed-invalid';
    if (VERIFICATION.has(code)) return 'verification-failed';
    if (NETWORK_CODE.test(code)) return 'network';
  }
  const message = error instanceof Error ? error.message : '';
  if (/sha512 checksum mismatch/i.test(message)) return 'verification-failed';
  if (/\bnet::ERR_/.test(message)) return 'network';
  return 'failed';
}

/** The state machine between electron-updater's events and the UI. Errors become a state; nothing here throws. */
export function createUpdateFlow(deps: UpdateFlowDeps): UpdateFlow {
  const { plan, clock, logger } = deps;
  let current: UpdateState = plan.enabled ? { status: 'idle' } : { status: 'disabled', reason: plan.reason };
  const listeners = new Set<(state: UpdateState) => void>();
  let updater: UpdaterLike | undefined;
  let started = false;
  let lastCheckAt: number | undefined;
  let stopTimer: (() => void) | undefined;

  const set = (next: UpdateState): void => {
    current = next;
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch {
        logger?.warn('an update state listener failed');
      }
    }
  };

  const fail = (error: unknown): void => {
    const during = current.status === 'available' ? 'download' : current.status === 'installing' || current.status === 'downloaded' ? 'install' : 'check';
    const reason = updateErrorReason(error);
    // The same failure often arrives twice (the 'error' event, then the rejected promise).
    if (current.status === 'error' && current.reason === reason) return;
    logger?.warn('update failed', { reason, during, code: updateErrorCode(error) ?? null });
    set({ status: 'error', reason, during });
  };

  const listen = (target: UpdaterLike): void => {
    target.on('checking-for-update', () => {
      if (current.status !== 'checking') set({ status: 'checking' });
    });
    target.on('update-not-available', () => set({ status: 'up-to-date', checkedAt: clock.now() }));
    target.on('update-available', (info) => set({ status: 'available', version: info.version, percent: null }));
    target.on('download-progress', (progress) => {
      if (current.status !== 'available') return;
      const percent = Number.isFinite(progress.percent) ? Math.min(100, Math.max(0, Math.floor(progress.percent))) : null;
      // Progress arrives about once a second: the UI hears of whole percents only.
      if (percent !== current.percent) set({ ...current, percent });
    });
    target.on('update-downloaded', (info) => {
      if (current.status === 'installing') return;
      logger?.info('update downloaded', { version: info.version, installsOnQuit: plan.enabled && plan.installWithoutAsking });
      set({ status: 'downloaded', version: info.version, installsOnQuit: plan.enabled && plan.installWithoutAsking });
    });
    target.on('error', (error) => fail(error));
  };

  const runCheck = async (target: UpdaterLike): Promise<void> => {
    set({ status: 'checking' });
    try {
      const result = await target.checkForUpdates();
      // electron-updater reports the download's failure as an 'error' event as well.
      result?.downloadPromise?.catch(() => undefined);
      if (current.status === 'checking') {
        // The events normally moved the state on; without them the result says where we are.
        if (result === null) fail(new Error('the updater is inactive'));
        else if (!result.isUpdateAvailable) set({ status: 'up-to-date', checkedAt: clock.now() });
      }
    } catch (error) {
      fail(error);
    }
  };

  const check = async (): Promise<boolean> => {
    if (!plan.enabled || !updater) return false;
    if (current.status === 'checking' || current.status === 'available' || current.status === 'downloaded' || current.status === 'installing') return false;
    const now = clock.now();
    if (lastCheckAt !== undefined && now - lastCheckAt < CHECK_INTERVAL_MS) return false;
    lastCheckAt = now;
    await runCheck(updater);
    return true;
  };

  return {
    state: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (!plan.enabled || started) return;
      started = true;
      let loaded: UpdaterLike;
      try {
        loaded = await deps.loadUpdater();
        // The feed before anything else: electron-updater must never fall back to app-update.yml's provider.
        loaded.setFeedURL({ provider: 'generic', url: plan.feedUrl });
        loaded.autoDownload = true;
        loaded.autoInstallOnAppQuit = plan.installWithoutAsking;
        loaded.allowDowngrade = false;
        listen(loaded);
      } catch (error) {
        fail(error);
        return;
      }
      updater = loaded;
      stopTimer = clock.every(CHECK_TICK_MS, () => void check());
      await check();
    },
    check,
    consent() {
      if (current.status !== 'downloaded' || !updater) return false;
      const { version } = current;
      set({ status: 'installing', version });
      logger?.info('installing update', { version });
      try {
        // Silent (no installer window on Windows), and Plenum starts again afterwards.
        updater.quitAndInstall(true, true);
      } catch (error) {
        fail(error);
      }
      return true;
    },
    stop() {
      stopTimer?.();
      stopTimer = undefined;
    },
  };
}
