import { join } from 'node:path';
import { createClient, HttpApiEvent, type LoginResponse, type MatrixClient } from 'matrix-js-sdk';
import { watchOwnProfile, type OwnProfile, type OwnProfileWatch } from '../account/own-profile.ts';
import { CryptoStoreError } from '../crypto/start-crypto.ts';
import { createMediaFetcher, type MediaFetcher } from '../media/media-fetcher.ts';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { SessionView, SyncStatus } from '../../../shared/model/session.ts';
import type { EventHub } from '../event-hub.ts';
import type { CorePorts } from '../ports.ts';
import type { LocalStore } from '../store/local-store.ts';
import { createSessionFile, type StoredSession } from '../store/session-file.ts';
import { apiUrl, assertPasswordLogin, readLoginOptions, requireLoginMethod, resolveHomeserver } from './discovery.ts';
import { startMatrixClient, type ClientCredentials, type StartedClient } from './matrix-client.ts';
import { createSdkLogger } from './sdk-logger.ts';
import { createSessionSecrets, newStoreKey, type SessionSecrets } from './session-secrets.ts';
import { signInFailure } from './sign-in-errors.ts';
import { listenForLoginToken, type LoopbackPageText } from './sso-loopback.ts';

/** Long enough for a slow identity provider with two-factor steps; after it the listener is gone. */
export const DEFAULT_SSO_TIMEOUT_MS = 5 * 60_000;

export interface SignInRequest {
  readonly homeserver: string;
  readonly user: string;
  readonly password: string;
}

export interface SsoSignInRequest {
  readonly homeserver: string;
  /** One of the server's identity providers; null lets the server choose (or ask). */
  readonly identityProvider: string | null;
  /** The words of the page the browser shows when it hands back to Plenum. */
  readonly pageText: LoopbackPageText;
}

export interface SessionManager {
  view(): SessionView;
  syncStatus(): SyncStatus;
  /** Resumes the stored session, if any, without a new login. */
  restore(): Promise<void>;
  signIn(request: SignInRequest): Promise<{ userId: string }>;
  /** Single sign-on in the system browser, back through a loopback redirect, then `m.login.token`. */
  signInSso(request: SsoSignInRequest): Promise<{ userId: string }>;
  /** Ends a single sign-on that waits for the browser (SSO_CANCELLED); nothing when none waits. */
  cancelSso(): void;
  signOut(): Promise<void>;
  dispose(): Promise<void>;
  /** Fetches media with the active session's token; null when no session is active. */
  mediaFetcher(): MediaFetcher | null;
  /** Re-reads the user's profile after a change made here; `session.changed` follows if it differs. */
  refreshProfile(): Promise<void>;
}

interface Active extends StartedClient {
  readonly stored: StoredSession;
  readonly media: MediaFetcher;
  readonly profile: OwnProfileWatch;
}

/** A session whose client runs: what per-session services (the outbox) work with. */
export interface RunningSession {
  readonly client: MatrixClient;
  readonly userId: string;
  readonly deviceId: string;
  /** The client's room list is current: a live sync has answered and the connection holds. */
  isLive(): boolean;
}

/** What the rest of the core learns about the session's lifecycle. */
export interface SessionObserver {
  /** A client runs (signed in or resumed), its cached state loaded. */
  started(session: RunningSession): void;
  /** The client is about to stop: per-session work ends before it does. */
  stopping(): Promise<void>;
  /** After each sync, cached or live: the SDK's state is current, projections may refresh. */
  synced(client: MatrixClient): void;
  /** The session ended for good (signed out, or unusable): the user's local data goes, projections empty. */
  ended(userId: string): void;
}

/** Owns the one Matrix session of this process: its secrets, its local state and its sync loop. */
export function createSessionManager(ports: CorePorts, store: LocalStore, hub: EventHub, observer: SessionObserver): SessionManager {
  // Looked up per call, not captured: tests and instrumentation may wrap the global later.
  const fetchFn: typeof fetch = ports.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sessions = createSessionFile(ports.dataDir);
  const secrets = createSessionSecrets(ports.secrets);
  let session: SessionView = { state: 'signedOut' };
  let sync: SyncStatus = { state: 'stopped' };
  let active: Active | undefined;

  const setSession = (next: SessionView): void => {
    session = next;
    hub.emit('session.changed', next);
  };
  const setSync = (next: SyncStatus): void => {
    if (next.state === sync.state && next.reason === sync.reason) return;
    sync = next;
    hub.emit('sync.status', next);
  };

  const signedInView = (stored: StoredSession): SessionView => ({ state: 'signedIn', avatarMxc: null, ...stored });

  /** The profile as the server has it now: shown at once, and the name kept for the next start. */
  function applyProfile(client: MatrixClient, profile: OwnProfile): void {
    const current = session;
    if (active?.client !== client || current.state !== 'signedIn') return;
    if (profile.displayName === current.displayName && profile.avatarMxc === current.avatarMxc) return;
    if (profile.displayName !== current.displayName) sessions.save({ ...active.stored, displayName: profile.displayName });
    setSession({ ...current, ...profile });
  }

  const cryptoDir = ports.cryptoDir ?? join(ports.dataDir, 'crypto');

  async function start(stored: StoredSession, secret: SessionSecrets, resuming: boolean): Promise<void> {
    const credentials: ClientCredentials = { baseUrl: stored.homeserver, userId: stored.userId, deviceId: stored.deviceId, accessToken: secret.accessToken };
    setSync({ state: 'connecting' });
    let profileRead = false;
    const started = await startMatrixClient(
      credentials,
      {
        store,
        logger: ports.logger,
        fetchFn,
        crypto: { dir: cryptoDir, storeKey: Buffer.from(secret.storeKey, 'base64'), mustExist: resuming },
      },
      {
        onSyncStatus: (status) => {
          setSync(status);
          // Once the server answers (and again after a failed read): the stored name may be old, and
          // the avatar is not stored at all.
          if (status.state !== 'syncing' || profileRead || !active) return;
          profileRead = true;
          active.profile.refresh().catch(() => (profileRead = false));
        },
        onSynced: (client) => observer.synced(client),
      },
    );
    const media = createMediaFetcher({ homeserver: stored.homeserver, accessToken: () => started.client.getAccessToken() ?? '', fetchFn });
    const profile = watchOwnProfile(started.client, stored.userId, (next) => applyProfile(started.client, next));
    active = { ...started, stored, media, profile };
    setSession(signedInView(stored));
    started.client.on(HttpApiEvent.SessionLoggedOut, (error) => {
      // A soft logout keeps the device (and its keys) on the server for a new sign-in; only a hard one ends it.
      if ((error.data as { soft_logout?: unknown } | undefined)?.soft_logout === true) return;
      void endedElsewhere(started.client);
    });
    observer.started({ client: started.client, userId: stored.userId, deviceId: stored.deviceId, isLive: () => sync.state === 'syncing' });
  }

  /**
   * The server no longer knows this device: signed out from another session, or by an administrator.
   * Its token and keys are useless now, so everything local goes, and the sign-in screen says why.
   */
  async function endedElsewhere(client: MatrixClient): Promise<void> {
    const current = active;
    if (current?.client !== client) return;
    active = undefined;
    ports.logger.warn('the server ended this session', { deviceId: current.stored.deviceId });
    await stopClient(current).catch(() => {});
    await current.deleteCryptoStore().catch(() => ports.logger.warn('could not delete the crypto store'));
    await wipeLocal(current.stored.userId).catch(() => {});
    setSync({ state: 'stopped' });
    setSession({ state: 'signedOut', reason: 'sessionEnded' });
  }

  /** Per-session work first, then the client. */
  async function stopClient(current: Active): Promise<void> {
    current.profile.stop();
    await observer.stopping();
    await current.stop();
  }

  /** Removes every local trace of a session: keychain entry, stored metadata and cached sync state. */
  async function wipeLocal(userId: string): Promise<void> {
    observer.ended(userId);
    sessions.remove();
    store.transaction(() => store.db.exec('DELETE FROM sync_state;'));
    await secrets.remove(userId).catch(() => {
      ports.logger.warn('could not remove the keychain entry of a signed-out session');
    });
  }

  const loginClient = (baseUrl: string): MatrixClient => createClient({ baseUrl, fetchFn, logger: createSdkLogger(ports.logger) });
  let ssoCancel: AbortController | undefined;

  /**
   * Everything after the server said yes, the same for every way of signing in: keychain, session
   * file, client. A failure anywhere leaves no device on the server and nothing in the keychain or on disk.
   */
  async function signInWith(homeserver: string, authenticate: () => Promise<{ baseUrl: string; login: LoginResponse }>): Promise<{ userId: string }> {
    if (session.state !== 'signedOut') throw new AppFailure('ALREADY_SIGNED_IN', 'a session is already active');
    setSession({ state: 'signingIn', homeserver: homeserver.trim() });
    let loggedIn: MatrixClient | undefined;
    let userId: string | undefined;
    try {
      const { baseUrl, login } = await authenticate();
      userId = login.user_id;
      loggedIn = createClient({ baseUrl, fetchFn, accessToken: login.access_token, userId, deviceId: login.device_id });
      const profile = await loggedIn.getProfileInfo(userId).catch(() => ({}) as { displayname?: string });
      // Keychain first: if it refuses, nothing local was written and the new device is logged out below.
      await secrets.save(userId, { accessToken: login.access_token, refreshToken: login.refresh_token ?? null, storeKey: newStoreKey() });
      const stored: StoredSession = { userId, deviceId: login.device_id, homeserver: baseUrl, displayName: profile.displayname ?? null };
      sessions.save(stored);
      const secret = await secrets.load(userId);
      if (!secret) throw new AppFailure('KEYCHAIN_UNAVAILABLE', 'the keychain did not keep the session');
      await start(stored, secret, false);
      ports.logger.info('signed in', { deviceId: login.device_id });
      return { userId };
    } catch (error) {
      const failure = signInFailure(error);
      if (active) {
        await stopClient(active).catch(() => {});
        await active.deleteCryptoStore().catch(() => ports.logger.warn('could not delete a half-created crypto store'));
      }
      active = undefined;
      if (loggedIn) await loggedIn.logout().catch(() => ports.logger.warn('could not log out a half-created device'));
      if (userId) await wipeLocal(userId).catch(() => {});
      setSync({ state: 'stopped' });
      setSession({ state: 'signedOut' });
      ports.logger.warn('sign-in failed', { code: failure.code });
      throw failure;
    }
  }

  return {
    view: () => session,
    syncStatus: () => sync,

    async restore() {
      const stored = sessions.load();
      if (!stored || active) return;
      setSession({ state: 'restoring' });
      let secret: SessionSecrets | null;
      try {
        secret = await secrets.load(stored.userId);
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'KEYCHAIN_UNAVAILABLE') {
          // Never a silent sign-out: the session is intact, only its keys are out of reach for now.
          setSession({ state: 'keychainLocked', userId: stored.userId });
          return;
        }
        throw error;
      }
      if (!secret) {
        ports.logger.warn('the stored session has no keychain entry; it cannot be resumed');
        await wipeLocal(stored.userId);
        setSession({ state: 'signedOut', reason: 'sessionEnded' });
        return;
      }
      try {
        await start(stored, secret, true);
      } catch (error) {
        if (!(error instanceof CryptoStoreError)) throw error;
        // Never a silent reset: the store holds the user's message keys. Say so and keep everything.
        ports.logger.error('the encryption store could not be opened', { reason: error.reason });
        setSync({ state: 'stopped' });
        setSession({ state: 'encryptionUnavailable', userId: stored.userId, reason: error.reason });
        return;
      }
      ports.logger.info('session resumed', { deviceId: stored.deviceId });
    },

    signIn: ({ homeserver, user, password }) =>
      signInWith(homeserver, async () => {
        const baseUrl = await resolveHomeserver({ homeserver, user }, fetchFn);
        await assertPasswordLogin(baseUrl, fetchFn);
        const login = await loginClient(baseUrl).loginRequest({
          type: 'm.login.password',
          identifier: { type: 'm.id.user', user },
          password,
          initial_device_display_name: ports.app.deviceDisplayName,
        });
        return { baseUrl, login };
      }),

    signInSso: ({ homeserver, identityProvider, pageText }) =>
      signInWith(homeserver, async () => {
        const cancel = new AbortController();
        ssoCancel = cancel;
        try {
          const baseUrl = await resolveHomeserver({ homeserver, user: '' }, fetchFn);
          const server = await readLoginOptions(baseUrl, fetchFn);
          const { options } = server;
          if (options.sso === null) {
            requireLoginMethod(server); // an OAuth-only server says so
            throw new AppFailure('UNSUPPORTED_LOGIN_FLOW', 'the homeserver offers no single sign-on', { supportedFlows: server.offered });
          }
          if (identityProvider !== null && !options.sso.some((provider) => provider.id === identityProvider)) {
            throw new AppFailure('BAD_REQUEST', 'the homeserver offers no such identity provider');
          }
          cancel.signal.throwIfAborted();
          const loopback = await listenForLoginToken({ timeoutMs: ports.ssoTimeoutMs ?? DEFAULT_SSO_TIMEOUT_MS, signal: cancel.signal, text: pageText });
          try {
            const opened = (await ports.openExternal?.(ssoRedirectUrl(baseUrl, identityProvider, loopback.redirectUrl))) ?? false;
            if (!opened) throw new AppFailure('BROWSER_UNAVAILABLE', 'the system browser could not be opened');
            setSession({ state: 'signingIn', homeserver: homeserver.trim(), awaitingBrowser: true });
            const token = await loopback.loginToken;
            setSession({ state: 'signingIn', homeserver: homeserver.trim() });
            const login = await loginClient(baseUrl).loginRequest({
              type: 'm.login.token',
              token,
              initial_device_display_name: ports.app.deviceDisplayName,
            });
            return { baseUrl, login };
          } finally {
            loopback.close();
          }
        } catch (error) {
          if (cancel.signal.aborted && !(error instanceof AppFailure)) throw new AppFailure('SSO_CANCELLED', 'single sign-on was cancelled');
          throw error;
        } finally {
          if (ssoCancel === cancel) ssoCancel = undefined;
        }
      }),

    cancelSso: () => ssoCancel?.abort(),

    async signOut() {
      const current = active;
      if (!current) {
        if (session.state === 'keychainLocked') throw new AppFailure('KEYCHAIN_UNAVAILABLE', 'unlock the keychain to sign out');
        throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
      }
      active = undefined;
      await stopClient(current);
      try {
        await current.client.logout();
      } catch {
        // The server may be unreachable; the local session still ends and the token is forgotten.
        ports.logger.warn('server logout failed; local session ended');
      }
      // Without its key (removed below) a leftover store could not be read; still, leave nothing.
      await current.deleteCryptoStore().catch(() => ports.logger.warn('could not delete the crypto store'));
      await wipeLocal(current.stored.userId);
      setSync({ state: 'stopped' });
      setSession({ state: 'signedOut' });
    },

    mediaFetcher: () => active?.media ?? null,

    refreshProfile: async () => {
      await active?.profile.refresh();
    },

    async dispose() {
      const current = active;
      active = undefined;
      if (current) await stopClient(current);
    },
  };
}

/** The spec's SSO redirect: to one identity provider when chosen, else to the server's own choice. */
export function ssoRedirectUrl(baseUrl: string, identityProvider: string | null, redirectUrl: string): string {
  const path = identityProvider === null ? '/_matrix/client/v3/login/sso/redirect' : `/_matrix/client/v3/login/sso/redirect/${encodeURIComponent(identityProvider)}`;
  const url = apiUrl(baseUrl, path);
  url.searchParams.set('redirectUrl', redirectUrl);
  return url.href;
}
