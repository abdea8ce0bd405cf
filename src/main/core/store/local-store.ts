import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.ts';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.ts';

export const STORE_FILE = 'plenum.sqlite';

/** The cache of the server (sync state): `rebuilt` when it was unreadable and has been started afresh. */
export type LocalStore = SqliteDatabase;

/**
 * Opens the local cache. A corrupt file, a foreign file or a schema from a newer Plenum is set aside
 * and sync refills the cache from the server. Nothing here may be the only copy of anything: the
 * session lives in session.json, unsent messages in the outbox's own file (outbox/outbox-store.ts).
 */
export function openLocalStore(dir: string): LocalStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openSqliteDatabase(join(dir, STORE_FILE), MIGRATIONS);
}
