/** What the renderer may know about the session: never a token, never a raw server response. */
export type SessionView =
  | { readonly state: 'signedOut' }
  | { readonly state: 'signingIn'; readonly homeserver: string }
  | {
      readonly state: 'signedIn';
      readonly userId: string;
      readonly deviceId: string;
      readonly homeserver: string;
      readonly displayName: string | null;
    };

export type SyncState = 'stopped' | 'connecting' | 'syncing' | 'offline' | 'error';

export interface SyncStatus {
  readonly state: SyncState;
}
