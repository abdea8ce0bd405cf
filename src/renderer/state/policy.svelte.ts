import { getContext, setContext } from 'svelte';
import type { BridgeApi } from '../../shared/ipc/types.ts';
import { NO_POLICY, type PolicyView } from '../../shared/model/policy.ts';
import type { Preferences } from '../../shared/model/preferences.ts';

/**
 * What the organisation's managed policy fixes, as the UI shows it: locked settings, the one
 * homeserver or the allowed ones, the sign-in and room rules, the upload limit. Main enforces all
 * of it whatever the UI shows; this model only lets the UI say so before the user tries.
 *
 * The policy is read once, on start (main reads it when it starts; a change needs a restart).
 * Until it has answered, and when it cannot be read, nothing is shown as managed: main still refuses.
 */
export class PolicyModel {
  #bridge: BridgeApi;
  #policy = $state.raw<PolicyView>(NO_POLICY);
  #started: Promise<void> | null = null;
  #disposed = false;

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  /** The whole view, NO_POLICY until `policy.get` has answered. */
  get policy(): PolicyView {
    return this.#policy;
  }
  /** The one homeserver everyone signs in to, or null when people choose. */
  get homeserverUrl(): string | null {
    return this.#policy.homeserverUrl;
  }
  /** The server names sign-in is limited to; empty: any. */
  get allowedHomeservers(): readonly string[] {
    return this.#policy.allowedHomeservers;
  }
  /** Password sign-in is off: only single sign-on is allowed. */
  get passwordLoginDisabled(): boolean {
    return this.#policy.passwordLoginDisabled;
  }
  /** Single sign-on only, started straight away, wherever the server offers it. */
  get ssoForced(): boolean {
    return this.#policy.ssoForced;
  }
  /** New rooms are always end-to-end encrypted. */
  get encryptionForced(): boolean {
    return this.#policy.encryptionForced;
  }
  /** The largest file people may send, in MB, or null for the server's own limit. */
  get maxUploadMb(): number | null {
    return this.#policy.maxUploadMb;
  }

  /** Whether the organisation sets this preference, so it is shown locked. */
  isLocked(key: keyof Preferences): boolean {
    return this.#policy.locked.includes(key);
  }

  /** Reads the policy once; calling it again waits for the same read. */
  start(): Promise<void> {
    this.#started ??= this.#load();
    return this.#started;
  }

  dispose(): void {
    this.#disposed = true;
  }

  async #load(): Promise<void> {
    const result = await this.#bridge.invoke('policy.get', {});
    if (result.ok && !this.#disposed) this.#policy = result.value;
  }
}

const key = Symbol('policy');
export const providePolicy = (policy: PolicyModel): PolicyModel => setContext(key, policy);
export function usePolicy(): PolicyModel {
  const policy = getContext<PolicyModel | undefined>(key);
  if (!policy) throw new Error('usePolicy() needs providePolicy() in an ancestor');
  return policy;
}
