import { ClientEvent, createClient, type MatrixClient, type SyncState } from 'matrix-js-sdk';
import type { ISyncStateData } from 'matrix-js-sdk/lib/sync.js';
import type { SyncStatus } from '../../../shared/model/session.ts';
import type { Logger } from '../ports.ts';
import type { LocalStore } from '../store/local-store.ts';
import { SqliteSyncStore } from '../store/sqlite-sync-store.ts';
import { createSdkLogger } from './sdk-logger.ts';
import { toSyncStatus } from './sync-status.ts';

export interface ClientCredentials {
  readonly baseUrl: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly accessToken: string;
}

export interface ClientHooks {
  readonly onSyncStatus: (status: SyncStatus) => void;
  /** After every sync (cached or live): the moment to persist, then project. */
  readonly onSynced: (client: MatrixClient) => void;
}

/**
 * A signed-in matrix-js-sdk client over the SQLite-backed store, syncing with lazy-loaded members.
 * Resolves once the saved state (if any) is loaded, not when the server answers, so a restart can
 * show cached rooms while offline; the SDK's sync loop retries with its own capped backoff.
 */
export interface StartedClient {
  readonly client: MatrixClient;
  readonly syncStore: SqliteSyncStore;
  /** Stops syncing and saves the position reached, so the next start resumes from there. */
  stop(): Promise<void>;
}

/** How long a stop waits for the sync loop to get going (see `stop` below). */
const STARTUP_SETTLE_MS = 3_000;

export async function startMatrixClient(
  credentials: ClientCredentials,
  deps: { store: LocalStore; logger: Logger; fetchFn: typeof fetch },
  hooks: ClientHooks,
): Promise<StartedClient> {
  const syncStore = new SqliteSyncStore(deps.store);
  await syncStore.startup();
  const client = createClient({
    ...credentials,
    store: syncStore,
    fetchFn: deps.fetchFn,
    logger: createSdkLogger(deps.logger),
  });
  let markLive: () => void = () => {};
  const live = new Promise<void>((resolve) => (markLive = resolve));
  let markFirstSync: () => void = () => {};
  const firstSync = new Promise<void>((resolve) => (markFirstSync = resolve));
  client.on(ClientEvent.Sync, (state: SyncState, _previous: SyncState | null, data?: ISyncStateData) => {
    markFirstSync();
    if (!data?.fromCache) markLive();
    hooks.onSyncStatus(toSyncStatus(state, data));
    hooks.onSynced(client);
  });
  const hasSavedState = !(await syncStore.isNewlyCreated());
  await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true });
  // With saved state, starting means "the cached rooms are loaded": the SDK replays them without the
  // network, so the first room list a window sees after a restart is complete, even offline.
  if (hasSavedState) await Promise.race([firstSync, delay(STARTUP_SETTLE_MS)]);
  return {
    client,
    syncStore,
    async stop() {
      // matrix-js-sdk 43 sends its first /sync while still starting up and only awaits it once its
      // loop runs; stopped before that, the request's AbortError is left unhandled (which would end
      // a Node process). So a stop first lets the loop reach its first live answer, briefly.
      await Promise.race([live, delay(STARTUP_SETTLE_MS)]);
      client.stopClient();
      await syncStore.save(true);
    },
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
