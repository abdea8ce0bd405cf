import type { AppError, ErrorCode } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { DiscoveredServer, SessionView, SyncStatus } from '../../shared/model/session.ts';

export interface SignInForm {
  readonly homeserver: string;
  readonly user: string;
  readonly password: string;
}

/** What the sign-in form knows about the server behind what the user typed. */
export type Discovery =
  | { readonly state: 'idle' }
  | { readonly state: 'checking'; readonly input: string }
  | { readonly state: 'found'; readonly input: string; readonly server: DiscoveredServer }
  | { readonly state: 'failed'; readonly input: string; readonly code: ErrorCode };

export interface AppInfo {
  readonly version: string;
  readonly defaultHomeserver: string | null;
  /** The desktop app (tray, start at login, proxy), not the browser harness. */
  readonly desktop: boolean;
}

/** Long enough that a word being typed is not checked letter by letter, short enough to feel live. */
export const DISCOVERY_DELAY_MS = 400;
const FULL_MATRIX_ID = /^@[^\s:]+:\S+$/;

/**
 * What the sign-in form should check as the user types: the homeserver field, or the server part of
 * a full Matrix ID typed as the username while the homeserver is empty. Null: nothing to check yet.
 */
export function discoveryInput(homeserver: string, user: string): string | null {
  const server = homeserver.trim();
  if (server) return server;
  const id = user.trim();
  return FULL_MATRIX_ID.test(id) ? id : null;
}

/** The renderer's view of the session, fed by bridge events; components only read it and call its actions. */
export class SessionModel {
  #bridge: BridgeApi;
  #session = $state<SessionView | undefined>(undefined);
  #sync = $state<SyncStatus>({ state: 'stopped' });
  #signInError = $state<AppError | null>(null);
  #signOutFailed = $state(false);
  #busy = $state(false);
  #appInfo = $state<AppInfo | null>(null);
  #discovery = $state<Discovery>({ state: 'idle' });
  #discoveryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Increases with every new input, so an answer to an older input never overwrites a newer one. */
  #discoveryRound = 0;
  #rateLimitedUntil = $state(0);
  #now = $state(Date.now());
  #clock: ReturnType<typeof setInterval> | undefined;
  #stops: Unsubscribe[] = [];

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  get session(): SessionView | undefined {
    return this.#session;
  }
  get sync(): SyncStatus {
    return this.#sync;
  }
  get signInError(): AppError | null {
    return this.#signInError;
  }
  get signOutFailed(): boolean {
    return this.#signOutFailed;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** The app's version and pre-configured homeserver, once `app.info` has answered. */
  get appInfo(): AppInfo | null {
    return this.#appInfo;
  }
  get discovery(): Discovery {
    return this.#discovery;
  }
  /** Whole seconds until the server accepts another sign-in attempt; 0 when it does now. */
  get retryInSeconds(): number {
    return Math.max(0, Math.ceil((this.#rateLimitedUntil - this.#now) / 1000));
  }

  async start(): Promise<void> {
    this.#stops.push(
      this.#bridge.on('session.changed', (next) => (this.#session = next)),
      this.#bridge.on('sync.status', (next) => (this.#sync = next)),
    );
    const [session, sync, info] = await Promise.all([
      this.#bridge.invoke('session.get', {}),
      this.#bridge.invoke('sync.status', {}),
      this.#bridge.invoke('app.info', {}),
    ]);
    // An event may already have brought newer state; only fill what is still unknown.
    if (session.ok) this.#session ??= session.value;
    if (sync.ok && this.#sync.state === 'stopped') this.#sync = sync.value;
    if (info.ok) this.#appInfo = { version: info.value.version, defaultHomeserver: info.value.defaultHomeserver, desktop: info.value.desktop };
  }

  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#discoveryTimer);
    clearInterval(this.#clock);
    this.#clock = undefined;
    this.#discoveryRound += 1;
  }

  /**
   * Checks the server behind `input` after the user pauses typing; a newer call replaces a pending
   * one, and null (nothing to check) clears the feedback.
   */
  discover(input: string | null): void {
    const typed = input?.trim() ?? '';
    if (this.#discovery.state !== 'idle' && this.#discovery.input === typed) return;
    clearTimeout(this.#discoveryTimer);
    const round = ++this.#discoveryRound;
    if (!typed) {
      this.#discovery = { state: 'idle' };
      return;
    }
    this.#discovery = { state: 'checking', input: typed };
    this.#discoveryTimer = setTimeout(() => void this.#runDiscovery(typed, round), DISCOVERY_DELAY_MS);
  }

  async #runDiscovery(input: string, round: number): Promise<void> {
    const result = await this.#bridge.invoke('session.discover', { input });
    if (round !== this.#discoveryRound) return;
    this.#discovery = result.ok ? { state: 'found', input, server: result.value } : { state: 'failed', input, code: result.error.code };
  }

  async signIn(form: SignInForm): Promise<boolean> {
    if (this.retryInSeconds > 0) return false;
    this.#busy = true;
    this.#signInError = null;
    try {
      const result = await this.#bridge.invoke('session.signIn', form);
      if (!result.ok) {
        this.#signInError = result.error;
        if (result.error.code === 'RATE_LIMITED') this.#startCountdown(result.error.details?.retryAfterMs ?? 1000);
      }
      return result.ok;
    } finally {
      this.#busy = false;
    }
  }

  /**
   * Single sign-on in the system browser; resolves once it ended, signed in or not. Meanwhile the
   * session says `awaitingBrowser`, and cancelSso() ends the wait.
   */
  async signInSso(homeserver: string, identityProvider: string | null): Promise<boolean> {
    this.#busy = true;
    this.#signInError = null;
    try {
      const result = await this.#bridge.invoke('session.signInSso', { homeserver, identityProvider });
      if (!result.ok) this.#signInError = result.error;
      return result.ok;
    } finally {
      this.#busy = false;
    }
  }

  /** Single sign-on is open in the browser and Plenum waits for it. */
  get awaitingBrowser(): boolean {
    return this.#session?.state === 'signingIn' && this.#session.awaitingBrowser === true;
  }

  async cancelSso(): Promise<void> {
    await this.#bridge.invoke('session.cancelSso', {});
  }

  #startCountdown(waitMs: number): void {
    this.#now = Date.now();
    this.#rateLimitedUntil = this.#now + Math.max(1000, waitMs);
    clearInterval(this.#clock);
    this.#clock = setInterval(() => {
      this.#now = Date.now();
      if (this.#now >= this.#rateLimitedUntil) {
        clearInterval(this.#clock);
        this.#clock = undefined;
      }
    }, 250);
  }

  /** After the user unlocked their keychain. */
  async retryRestore(): Promise<void> {
    this.#busy = true;
    try {
      const result = await this.#bridge.invoke('session.retryRestore', {});
      if (result.ok) this.#session = result.value;
    } finally {
      this.#busy = false;
    }
  }

  async signOut(): Promise<void> {
    this.#busy = true;
    this.#signOutFailed = false;
    try {
      const result = await this.#bridge.invoke('session.signOut', {});
      this.#signOutFailed = !result.ok;
    } finally {
      this.#busy = false;
    }
  }
}
