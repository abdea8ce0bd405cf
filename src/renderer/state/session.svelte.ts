import type { AppError } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { SessionView, SyncStatus } from '../../shared/model/session.ts';

export interface SignInForm {
  readonly homeserver: string;
  readonly user: string;
  readonly password: string;
}

/** The renderer's view of the session, fed by bridge events; components only read it and call its actions. */
export class SessionModel {
  #bridge: BridgeApi;
  #session = $state<SessionView | undefined>(undefined);
  #sync = $state<SyncStatus>({ state: 'stopped' });
  #signInError = $state<AppError | null>(null);
  #signOutFailed = $state(false);
  #busy = $state(false);
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

  async start(): Promise<void> {
    this.#stops.push(
      this.#bridge.on('session.changed', (next) => (this.#session = next)),
      this.#bridge.on('sync.status', (next) => (this.#sync = next)),
    );
    const [session, sync] = await Promise.all([
      this.#bridge.invoke('session.get', {}),
      this.#bridge.invoke('sync.status', {}),
    ]);
    // An event may already have brought newer state; only fill what is still unknown.
    if (session.ok) this.#session ??= session.value;
    if (sync.ok && this.#sync.state === 'stopped') this.#sync = sync.value;
  }

  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  async signIn(form: SignInForm): Promise<boolean> {
    this.#busy = true;
    this.#signInError = null;
    try {
      const result = await this.#bridge.invoke('session.signIn', form);
      if (!result.ok) this.#signInError = result.error;
      return result.ok;
    } finally {
      this.#busy = false;
    }
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
