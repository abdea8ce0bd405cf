import { ClientEvent, createClient, MatrixEventEvent, type MatrixClient, type SyncState } from 'matrix-js-sdk';
import type { ISyncStateData } from 'matrix-js-sdk/lib/sync.js';
import type { SyncStatus } from '../../../shared/model/session.ts';
import { cryptoDatabasePrefix, deleteCryptoStore, startCrypto } from '../crypto/start-crypto.ts';
import { whenIndexedDbIdle } from '../crypto/indexeddb.ts';
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

export interface ClientCrypto {
  /** The process-wide directory of the encrypted crypto store. */
  readonly dir: string;
  /** 32 bytes from the keychain that encrypt this device's store at rest. */
  readonly storeKey: Uint8Array;
  /** Resuming a session: the store must exist, never silently a new identity for an old device. */
  readonly mustExist: boolean;
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
  /** Stops syncing, lets the crypto store finish its writes and saves the position reached. */
  stop(): Promise<void>;
  /** After stop(), at sign-out: deletes this device's crypto store. */
  deleteCryptoStore(): Promise<void>;
}

/** How long a stop waits for the sync loop to get going (see `stop` below). */
const STARTUP_SETTLE_MS = 3_000;

export async function startMatrixClient(
  credentials: ClientCredentials,
  deps: { store: LocalStore; logger: Logger; fetchFn: typeof fetch; crypto: ClientCrypto },
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
  // Decryption finishes after the sync that brought the event (keys may even arrive later), so a
  // decrypted event also refreshes the projections; a burst of them is coalesced into one refresh.
  let refreshQueued = false;
  const refreshSoon = (): void => {
    if (refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      hooks.onSynced(client);
    });
  };
  client.on(ClientEvent.Sync, (state: SyncState, _previous: SyncState | null, data?: ISyncStateData) => {
    markFirstSync();
    if (!data?.fromCache) markLive();
    hooks.onSyncStatus(toSyncStatus(state, data));
    hooks.onSynced(client);
  });
  client.on(MatrixEventEvent.Decrypted, refreshSoon);
  const hasSavedState = !(await syncStore.isNewlyCreated());
  const databasePrefix = cryptoDatabasePrefix(credentials.userId, credentials.deviceId);
  await startCrypto(client, { cryptoDir: deps.crypto.dir, databasePrefix, storeKey: deps.crypto.storeKey, mustExist: deps.crypto.mustExist });
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
      // Crypto writes are atomic but must not be cut off by an exit: wait for the store to settle
      // before saving the sync position that says their input was processed.
      if (!(await whenIndexedDbIdle())) deps.logger.warn('the crypto store was still writing at shutdown');
      await syncStore.save(true);
    },
    deleteCryptoStore: () => deleteCryptoStore({ cryptoDir: deps.crypto.dir, databasePrefix }),
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
