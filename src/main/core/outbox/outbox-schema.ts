import type { Migration } from '../store/sqlite-database.ts';

/**
 * The outbox's own database (outbox.sqlite), apart from the cache (plenum.sqlite): the cache may be
 * thrown away and rebuilt from the server at any start, but an unsent message exists nowhere else.
 */
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE outbox (
        -- AUTOINCREMENT never reuses an ID, so ordering by id is ordering by insertion, per room.
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        -- The session (user and device) that wrote the row: Synapse deduplicates a transaction ID
        -- per device, so only that device may ever send it.
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        -- Generated once, before the first attempt, and reused by every attempt after that.
        txn_id TEXT NOT NULL UNIQUE,
        event_type TEXT NOT NULL,
        -- The event content as JSON (msgtype, body, format, formatted_body; for files filename and info).
        content TEXT NOT NULL,
        -- 1 when the room was known to be encrypted when the message was written: such a message is
        -- never sent in the clear, whatever a half-loaded room state says later.
        encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'encrypting', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        first_attempt_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        event_id TEXT
      ) STRICT;
      CREATE INDEX outbox_by_session_room ON outbox (user_id, device_id, room_id, id);
    `,
  },
  {
    version: 2,
    sql: `
      -- A file message's upload, once done, as JSON: {"url": "mxc://…", "file": null | {key, iv, hashes, v}}.
      -- Written before the event is sent, so a restart after the upload sends only the event. The
      -- bytes themselves wait in outbox-files/<txn_id> (outbox/outbox-files.ts says why not here).
      ALTER TABLE outbox ADD COLUMN upload TEXT;
    `,
  },
];
