import type { Preferences } from './preferences.ts';

/** What the organisation's policy fixes, as the renderer needs it to show locks and hide choices. */
export interface PolicyView {
  /** Preferences set by the organisation: shown as locked, refused by main if changed anyway. */
  readonly locked: readonly (keyof Preferences)[];
  /** The one homeserver people sign in to, or null when they choose. */
  readonly homeserverUrl: string | null;
  /** Server names sign-in is limited to; empty means any. */
  readonly allowedHomeservers: readonly string[];
  readonly passwordLoginDisabled: boolean;
  readonly ssoForced: boolean;
  readonly registrationDisabled: boolean;
  /** New rooms are always encrypted: the choice is not offered. */
  readonly encryptionForced: boolean;
  /** The largest file people may send, in MB, or null for the server's own limit. */
  readonly maxUploadMb: number | null;
}

export const NO_POLICY: PolicyView = {
  locked: [],
  homeserverUrl: null,
  allowedHomeservers: [],
  passwordLoginDisabled: false,
  ssoForced: false,
  registrationDisabled: false,
  encryptionForced: false,
  maxUploadMb: null,
};
