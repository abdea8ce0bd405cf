import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
// The ESM entry ("node" condition → src/node-UnicodeIdentifiers.js): it never touches `canvas`,
// which indexeddbshim lists as a dependency only for storing ImageData/ImageBitmap.
import setGlobalVars from 'indexeddbshim';

/**
 * Why a process-wide global: the Rust crypto (matrix-sdk-crypto-wasm) opens its store through
 * wasm-bindgen glue that reads `indexedDB` off the JS global object and checks results with
 * `instanceof IDBDatabase`, `IDBRequest`, `IDBCursor`… against the global constructors. There is no
 * way to hand it an IDBFactory, so the only place a durable IndexedDB can go is `globalThis`.
 * Consequently there is one crypto directory per process; a second session reuses it (with its
 * own database prefix), it never points the global somewhere else.
 */
let installedDirectory: string | undefined;

/** The slice of the shim's control object this module uses. */
interface ShimControl {
  __useShim(): void;
  __getConfig(name: string): unknown;
}

/**
 * indexeddbshim's settings, each chosen for a long-lived desktop store rather than its defaults
 * (which target browser-compatibility tests).
 */
function shimConfig(directory: string): Record<string, unknown> {
  return {
    // Both the per-database files and `__sysdb__.sqlite` (its list of names and versions) live
    // in the crypto directory, so removing or backing up that directory covers everything.
    databaseBasePath: directory,
    sysDatabaseBasePath: directory,
    // Origin checks need a browser `location`; a Node process has no origin to isolate.
    checkOrigin: false,
    // Without this only primary keys are indexed in SQLite and every IndexedDB index lookup
    // (the crypto store has several) is a full table scan.
    useSQLiteIndexes: true,
    // One SQLite connection per database and version, reused across opens: the crypto store
    // opens and closes often and each fresh connection would re-read the schema.
    cacheDatabaseInstances: true,
    // deleteDatabase() (matrix-js-sdk's clearStores, our deleteCryptoStore) removes the file,
    // after closing cached connections, instead of leaving an emptied file behind.
    deleteDatabaseFiles: true,
    // Keep Node's own DOMException/Event/EventTarget; only the IDB* globals are added.
    addNonIDBGlobals: false,
    replaceNonIDBGlobals: false,
    // Every SQL statement passes here: it is how whenIndexedDbIdle() sees write transactions.
    sqlTrace: traceStatement,
  };
}

/**
 * Write transactions begun but not yet committed or rolled back. indexeddbshim runs each
 * read-write IndexedDB transaction as one SQLite transaction (BEGIN … COMMIT); read-only ones have
 * no BEGIN. A process that exits while this is non-zero loses those transactions whole (SQLite
 * rolls them back), never half of one.
 */
let openWrites = 0;
const idleListeners = new Set<() => void>();

function traceStatement(sql: string): void {
  if (/^\s*BEGIN\b/i.test(sql)) openWrites += 1;
  else if (/^\s*(COMMIT|END|ROLLBACK)\b/i.test(sql) && openWrites > 0) openWrites -= 1;
  if (openWrites === 0) for (const listener of idleListeners) listener();
}

/**
 * Installs a real, SQLite-backed IndexedDB as `globalThis.indexedDB` (with `IDBKeyRange`,
 * `IDBDatabase`, `IDBRequest`, `IDBCursor`… which the WASM glue needs), its files in `directory`.
 * Idempotent for the same directory; refuses a different one, and refuses to replace an
 * IndexedDB that someone else installed (say, fake-indexeddb in a unit test), because the
 * crypto would then silently write to a store that does not persist where the caller thinks.
 */
export function installIndexedDb(directory: string): void {
  const wanted = resolve(directory);
  if (installedDirectory !== undefined) {
    if (installedDirectory === wanted) return;
    throw new Error(
      `IndexedDB is already installed for ${installedDirectory}; this process cannot also use ${wanted} (the crypto store is process-wide)`,
    );
  }
  if ('indexedDB' in globalThis) {
    throw new Error('another IndexedDB implementation is already installed in this process; refusing to replace it');
  }
  // 0o700: the files are encrypted, but their names and sizes are nobody else's business.
  mkdirSync(wanted, { recursive: true, mode: 0o700 });
  const target = globalThis as unknown as Parameters<typeof setGlobalVars>[0];
  const shimmed = setGlobalVars(target, shimConfig(wanted)) as unknown as { shimIndexedDB?: ShimControl };
  const control = shimmed.shimIndexedDB;
  if (!control) throw new Error('indexeddbshim did not provide its shimIndexedDB control object');
  control.__useShim();
  if (!('indexedDB' in globalThis) || control.__getConfig('databaseBasePath') !== wanted) {
    throw new Error('indexeddbshim did not install globalThis.indexedDB');
  }
  installedDirectory = wanted;
}

/** The directory the process-wide IndexedDB writes to, if one is installed. */
export function indexedDbDirectory(): string | undefined {
  return installedDirectory;
}

const nextTurn = (): Promise<void> => new Promise((turn) => setImmediate(turn));

/**
 * Resolves once no IndexedDB write is in flight, so that a shutdown after stopClient() does not
 * cut off the crypto store's last writes (it would lose them whole, not corrupt them). A write
 * whose BEGIN is only queued runs on the next turn, hence idle must hold across two turns.
 * Resolves false if writes are still open after `timeoutMs`.
 */
export async function whenIndexedDbIdle(timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await nextTurn();
    if (openWrites === 0) {
      await nextTurn();
      if (openWrites === 0) return true;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await new Promise<void>((settle) => {
      const timer = setTimeout(wake, remaining);
      function wake(): void {
        clearTimeout(timer);
        idleListeners.delete(wake);
        settle();
      }
      idleListeners.add(wake);
    });
  }
}

/** The slice of the IndexedDB API used here; the main tsconfig has no DOM types, on purpose. */
interface IdbRequest<T> {
  result: T;
  error: { name: string; message: string } | null;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
  onblocked?: (() => void) | null;
}
interface IdbFactory {
  databases(): Promise<Array<{ name?: string }>>;
  deleteDatabase(name: string): IdbRequest<undefined>;
}

function factory(): IdbFactory {
  if (installedDirectory === undefined) throw new Error('IndexedDB is not installed; call installIndexedDb first');
  return (globalThis as unknown as { indexedDB: IdbFactory }).indexedDB;
}

/** Names of the databases that exist in the installed directory. */
export async function listIndexedDbDatabases(): Promise<string[]> {
  const all = await factory().databases();
  return all.flatMap(({ name }) => (name === undefined ? [] : [name]));
}

/**
 * Deletes one database and its SQLite file. Open connections are asked to close (versionchange)
 * and the deletion waits for them, like a browser; if they are still open after `blockedMs` it
 * rejects rather than hang a sign-out (the request stays queued and completes once they close).
 */
export function deleteIndexedDbDatabase(name: string, blockedMs = 10_000): Promise<void> {
  return new Promise((done, fail) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      outcome();
    };
    const request = factory().deleteDatabase(name);
    request.onsuccess = () => settle(done);
    request.onerror = () =>
      settle(() => fail(new Error(`deleting IndexedDB database ${name} failed: ${request.error?.name ?? 'unknown error'}`)));
    request.onblocked = () => {
      timer ??= setTimeout(() => fail(new Error(`deleting IndexedDB database ${name} is blocked by a connection still open`)), blockedMs);
    };
  });
}
