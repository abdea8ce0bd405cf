/**
 * The local store's schema, one migration per version. `PRAGMA user_version` records how far a
 * database has come; migrations only ever append. The store is a cache of the server (plus the
 * outbox later), so an unreadable database is rebuilt rather than repaired; the session itself is
 * kept apart (session-file.ts) so that rebuilding the cache never signs anyone out.
 */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      -- matrix-js-sdk's accumulated sync state (rooms, timelines, account data) and its position.
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        next_batch TEXT NOT NULL,
        data TEXT NOT NULL,
        saved_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
