import type { Migration } from './sqlite-database.ts';

/**
 * The local store's schema, one migration per version. The store is only a cache of the server, so
 * an unreadable database is rebuilt rather than repaired; the session (session-file.ts) and the
 * outbox (outbox/outbox-schema.ts) are kept in files of their own so that rebuilding the cache never
 * signs anyone out or loses an unsent message.
 */
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
