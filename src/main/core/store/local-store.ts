import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

export const STORE_FILE = 'plenum.sqlite';

export interface LocalStore {
  readonly db: DatabaseSync;
  /** True when an unreadable or newer-than-known database was set aside and a fresh one created. */
  readonly rebuilt: boolean;
  /** Runs `work` in one transaction: everything or nothing reaches the disk. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/**
 * Opens (creating, migrating or rebuilding as needed) the local SQLite store. node:sqlite is built
 * into Node 24 and Electron 45: no native module to build, sign or unpack from the asar.
 */
export function openLocalStore(dir: string): LocalStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, STORE_FILE);
  let rebuilt = false;
  let db: DatabaseSync;
  try {
    db = openAndMigrate(path);
  } catch {
    // A corrupt file, a foreign file or a schema from a newer Plenum: keep it for inspection, start
    // afresh, and let sync refill the cache from the server.
    if (existsSync(path)) renameSync(path, `${path}.unreadable-${Date.now()}`);
    for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    db = openAndMigrate(path);
    rebuilt = true;
  }
  return {
    db,
    rebuilt,
    transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => db.close(),
  };
}

function openAndMigrate(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    // WAL with FULL sync: a committed transaction survives a crash or a kill of the process.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    const check = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
    if (check?.quick_check !== 'ok') throw new Error('integrity check failed');
    const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    if (current > SCHEMA_VERSION) throw new Error(`schema ${current} is newer than this Plenum knows`);
    for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(migration.sql);
        db.exec(`PRAGMA user_version = ${migration.version}`);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
