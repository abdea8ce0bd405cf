import { createClient, MatrixEventEvent, type MatrixClient } from 'matrix-js-sdk';
import type { SyncStatus } from '../../../shared/model/session.ts';
import { cryptoDatabasePrefix, deleteCryptoStore, startCrypto } from '../crypto/start-crypto.ts';
import { whenIndexedDbIdle } from '../crypto/indexeddb.ts';
import type { Logger } from '../ports.ts';
import type { LocalStore } from '../store/local-store.ts';
import { SqliteSyncStore } from '../store/sqlite-sync-store.ts';
import { createSdkLogger } from './sdk-logger.ts';
import { createV2SyncLoop } from './sync-loop.ts';

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
 * A signed-in matrix-js-sdk client over the SQLite-backed store, syncing through a SyncLoop (v2
 * /sync with lazy-loaded members). Resolves once the saved state (if any) is loaded, not when the
 * server answers, so a restart can show cached rooms while offline; when the server goes away the
 * loop reports `offline` and reconnects by itself (sync-loop.ts).
 */
export interface StartedClient {
  readonly client: MatrixClient;
  readonly syncStore: SqliteSyncStore;
  /** Probes the server now instead of at the next backoff step (network back, machine awake). */
  retryNow(): void;
  /** Stops syncing, lets the crypto store finish its writes and saves the position reached. */
  stop(): Promise<void>;
  /** After stop(), at sign-out: deletes this device's crypto store. */
  deleteCryptoStore(): Promise<void>;
}

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
  client.on(MatrixEventEvent.Decrypted, refreshSoon);
  const hasSavedState = !(await syncStore.isNewlyCreated());
  const sync = createV2SyncLoop(client, { onStatus: hooks.onSyncStatus, onSynced: () => hooks.onSynced(client) }, { hasSavedState });
  const databasePrefix = cryptoDatabasePrefix(credentials.userId, credentials.deviceId);
  await startCrypto(client, { cryptoDir: deps.crypto.dir, databasePrefix, storeKey: deps.crypto.storeKey, mustExist: deps.crypto.mustExist });
  await sync.start();
  return {
    client,
    syncStore,
    retryNow: () => sync.retryNow(),
    async stop() {
      await sync.stop();
      // Crypto writes are atomic but must not be cut off by an exit: wait for the store to settle
      // before saving the sync position that says their input was processed.
      if (!(await whenIndexedDbIdle())) deps.logger.warn('the crypto store was still writing at shutdown');
      await syncStore.save(true);
    },
    deleteCryptoStore: () => deleteCryptoStore({ cryptoDir: deps.crypto.dir, databasePrefix }),
  };
}
