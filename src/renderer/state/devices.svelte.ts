import type { AppError } from '../../shared/ipc/result.ts';
import type { BridgeApi } from '../../shared/ipc/types.ts';
import type { DeviceView } from '../../shared/model/devices.ts';

export type SignOutOthersResult = { readonly ok: true; readonly signedOut: number } | { readonly ok: false; readonly error: AppError };

/** This device first, then the others by when they were last seen, most recent first. */
export function sortDevices(devices: readonly DeviceView[]): readonly DeviceView[] {
  return [...devices].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return (b.lastSeenTs ?? -1) - (a.lastSeenTs ?? -1) || a.deviceId.localeCompare(b.deviceId);
  });
}

/** The account's sessions, as the settings list them. */
export class DevicesModel {
  #bridge: BridgeApi;
  #devices = $state.raw<readonly DeviceView[] | null>(null);
  #loadError = $state<AppError | null>(null);
  #loading = $state(false);
  #signingOut = $state(false);

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  /** null until the first list has arrived. */
  get devices(): readonly DeviceView[] | null {
    return this.#devices;
  }
  get others(): readonly DeviceView[] {
    return (this.#devices ?? []).filter((device) => !device.current);
  }
  get loadError(): AppError | null {
    return this.#loadError;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get signingOut(): boolean {
    return this.#signingOut;
  }

  async refresh(): Promise<void> {
    this.#loading = true;
    try {
      const result = await this.#bridge.invoke('devices.list', {});
      if (result.ok) {
        this.#devices = sortDevices(result.value.devices);
        this.#loadError = null;
      } else {
        this.#loadError = result.error;
      }
    } finally {
      this.#loading = false;
    }
  }

  /** How the server wants the user to confirm: the password, single sign-on, or (null) it could not be asked. */
  async confirmMethods(): Promise<{ password: boolean; sso: boolean } | null> {
    const result = await this.#bridge.invoke('devices.confirmMethods', {});
    return result.ok ? result.value : null;
  }

  /** Confirmed through single sign-on in the browser; cancelSso() ends the wait. */
  async signOutOthersSso(): Promise<SignOutOthersResult> {
    this.#signingOut = true;
    try {
      const result = await this.#bridge.invoke('devices.signOutOthersSso', {});
      if (result.ok) await this.refresh();
      return result.ok ? { ok: true, signedOut: result.value.signedOut } : { ok: false, error: result.error };
    } finally {
      this.#signingOut = false;
    }
  }

  async cancelSso(): Promise<void> {
    await this.#bridge.invoke('session.cancelSso', {});
  }

  /** The server wants the password again; once it has signed the others out, the list is read anew. */
  async signOutOthers(password: string): Promise<SignOutOthersResult> {
    this.#signingOut = true;
    try {
      const result = await this.#bridge.invoke('devices.signOutOthers', { password });
      if (result.ok) await this.refresh();
      return result.ok ? { ok: true, signedOut: result.value.signedOut } : { ok: false, error: result.error };
    } finally {
      this.#signingOut = false;
    }
  }
}
