/** What the renderer may know about the session: never a token, never a raw server response. */
export type SessionView =
  /** `sessionEnded`: a stored session could not be resumed (its keychain entry is gone). */
  | { readonly state: 'signedOut'; readonly reason?: 'sessionEnded' }
  /** A stored session is being resumed from disk. */
  | { readonly state: 'restoring' }
  /** A stored session exists but the keychain holding its secrets is locked or unavailable. */
  | { readonly state: 'keychainLocked'; readonly userId: string }
  /** The device's encryption store exists but cannot be opened; it is kept untouched. */
  | {
      readonly state: 'encryptionUnavailable';
      readonly userId: string;
      readonly reason: 'wrong-key' | 'wrong-account' | 'missing' | 'unavailable';
    }
  /** `awaitingBrowser`: single sign-on is open in the system browser and Plenum waits for its answer. */
  | { readonly state: 'signingIn'; readonly homeserver: string; readonly awaitingBrowser?: boolean }
  | {
      readonly state: 'signedIn';
      readonly userId: string;
      readonly deviceId: string;
      readonly homeserver: string;
      readonly displayName: string | null;
      /** An mxc:// URI of the user's avatar picture. */
      readonly avatarMxc: string | null;
    };

export type SyncState = 'stopped' | 'connecting' | 'syncing' | 'offline' | 'error';

export interface SyncStatus {
  readonly state: SyncState;
  /** With `error`: the server's error code or the kind of failure, for support. */
  readonly reason?: string;
}

/** What `session.discover` found behind what the user typed. */
export interface DiscoveredServer {
  /** The client-server API base URL sign-in will use. */
  readonly homeserver: string;
  /** The server name people's Matrix IDs end in, when known (from discovery or the Matrix ID). */
  readonly serverName: string | null;
  readonly login: LoginOptions;
}

/** A way to sign in through single sign-on that the server names (`m.login.sso` identity providers). */
export interface IdentityProvider {
  /** The id sign-in passes back to the server. */
  readonly id: string;
  /** As the server names it, e.g. "EU Login". */
  readonly name: string;
}

/** How a homeserver lets people sign in, as far as Plenum can use it. */
export interface LoginOptions {
  readonly password: boolean;
  /**
   * Single sign-on: the identity providers to choose between, or an empty list when the server
   * offers SSO without naming them (it then chooses itself); null when it offers no SSO.
   */
  readonly sso: readonly IdentityProvider[] | null;
  /** The server advertises the OAuth 2.0 API of Matrix 1.15 (MSC3861), which Plenum does not support yet. */
  readonly oauth: boolean;
}
