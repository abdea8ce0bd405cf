import { existsSync, renameSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

/** One schema step; `PRAGMA user_version` records how far a database has come. Migrations only ever append. */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export interface SqliteDatabase {
  readonly db: DatabaseSync;
  /** True when an unreadable or newer-than-known database was set aside and a fresh one created. */
  readonly rebuilt: boolean;
  /** Runs `work` in one transaction: everything or nothing reaches the disk. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/**
 * Opens (creating, migrating or rebuilding as needed) one SQLite file of Plenum's. node:sqlite is
 * built into Node 24 and Electron 45: no native module to build, sign or unpack from the asar.
 * An unreadable file, or one from a newer Plenum, is renamed (kept for inspection) and replaced by
 * an empty one; the caller decides what that loss means and says so.
 */
export function openSqliteDatabase(path: string, migrations: readonly Migration[]): SqliteDatabase {
  let rebuilt = false;
  let db: DatabaseSync;
  try {
    db = openAndMigrate(path, migrations);
  } catch {
    if (existsSync(path)) renameSync(path, `${path}.unreadable-${Date.now()}`);
    for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    db = openAndMigrate(path, migrations);
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

function openAndMigrate(path: string, migrations: readonly Migration[]): DatabaseSync {
  const latest = migrations.at(-1)?.version ?? 0;
  const db = new DatabaseSync(path);
  try {
    // WAL with FULL sync: a committed transaction survives a crash or a kill of the process.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    const check = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
    if (check?.quick_check !== 'ok') throw new Error('integrity check failed');
    const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    if (current > latest) throw new Error(`schema ${current} is newer than this Plenum knows`);
    for (const migration of migrations.filter((m) => m.version > current)) {
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
