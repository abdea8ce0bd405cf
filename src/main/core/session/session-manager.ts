import { ClientEvent, createClient, type MatrixClient, type SyncState } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { SessionView, SyncStatus } from '../../../shared/model/session.ts';
import type { EventHub } from '../event-hub.ts';
import type { CorePorts } from '../ports.ts';
import { assertMatrixHomeserver } from './homeserver-check.ts';
import { createSdkLogger } from './sdk-logger.ts';
import { signInFailure } from './sign-in-errors.ts';
import { toSyncStatus } from './sync-status.ts';

export interface SignInRequest {
  readonly homeserver: string;
  readonly user: string;
  readonly password: string;
}

export interface SessionManager {
  view(): SessionView;
  syncStatus(): SyncStatus;
  signIn(request: SignInRequest): Promise<{ userId: string }>;
  signOut(): Promise<void>;
  dispose(): Promise<void>;
}

/** Owns the one Matrix client of this process and publishes what the UI may know about it. */
export function createSessionManager(ports: CorePorts, hub: EventHub): SessionManager {
  let session: SessionView = { state: 'signedOut' };
  let sync: SyncStatus = { state: 'stopped' };
  let client: MatrixClient | undefined;

  const setSession = (next: SessionView): void => {
    session = next;
    hub.emit('session.changed', next);
  };
  const setSync = (next: SyncStatus): void => {
    if (next.state === sync.state) return;
    sync = next;
    hub.emit('sync.status', next);
  };

  function watch(started: MatrixClient, userId: string): void {
    // The user object only exists once sync has seen it, so the name is re-read after each sync.
    started.on(ClientEvent.Sync, (state: SyncState) => {
      setSync(toSyncStatus(state));
      const current = session;
      const displayName = started.getUser(userId)?.displayName ?? null;
      // The SDK's User falls back to the bare user ID until it has seen a profile: not a name.
      if (current.state === 'signedIn' && displayName && displayName !== userId && displayName !== current.displayName) {
        setSession({ ...current, displayName });
      }
    });
  }

  return {
    view: () => session,
    syncStatus: () => sync,

    async signIn({ homeserver, user, password }) {
      if (session.state !== 'signedOut') throw new AppFailure('ALREADY_SIGNED_IN', 'a session is already active');
      const baseUrl = homeserver.replace(/\/+$/, '');
      setSession({ state: 'signingIn', homeserver: baseUrl });
      try {
        await assertMatrixHomeserver(baseUrl);
        const sdkLogger = createSdkLogger(ports.logger);
        const loginClient = createClient({ baseUrl, logger: sdkLogger });
        const login = await loginClient.loginRequest({
          type: 'm.login.password',
          identifier: { type: 'm.id.user', user },
          password,
          initial_device_display_name: ports.app.deviceDisplayName,
        });
        const profile = await loginClient
          .getProfileInfo(login.user_id)
          .catch(() => ({ displayname: undefined }) as { displayname?: string });
        client = createClient({
          baseUrl,
          accessToken: login.access_token,
          userId: login.user_id,
          deviceId: login.device_id,
          logger: sdkLogger,
        });
        watch(client, login.user_id);
        setSync({ state: 'connecting' });
        await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true });
        setSession({
          state: 'signedIn',
          userId: login.user_id,
          deviceId: login.device_id,
          homeserver: baseUrl,
          displayName: profile.displayname ?? null,
        });
        ports.logger.info('signed in', { deviceId: login.device_id });
        return { userId: login.user_id };
      } catch (error) {
        client?.stopClient();
        client = undefined;
        setSync({ state: 'stopped' });
        setSession({ state: 'signedOut' });
        const failure = signInFailure(error);
        ports.logger.warn('sign-in failed', { code: failure.code });
        throw failure;
      }
    },

    async signOut() {
      const active = client;
      if (!active) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
      client = undefined;
      active.stopClient();
      try {
        await active.logout();
      } catch {
        // The server may be unreachable; the local session still ends, the server expires the token.
        ports.logger.warn('server logout failed; local session ended');
      }
      setSync({ state: 'stopped' });
      setSession({ state: 'signedOut' });
    },

    async dispose() {
      client?.stopClient();
      client = undefined;
    },
  };
}
