import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxState } from '../../../shared/model/outbox.ts';
import { openSqliteDatabase, type SqliteDatabase } from '../store/sqlite-database.ts';
import type { OutboxContent, UploadedFile } from './file-content.ts';
import { openOutboxFiles } from './outbox-files.ts';
import { OUTBOX_MIGRATIONS } from './outbox-schema.ts';

export const OUTBOX_FILE = 'outbox.sqlite';

/** The device a row belongs to. */
export interface OutboxOwner {
  readonly userId: string;
  readonly deviceId: string;
}

export interface OutboxRow extends OutboxOwner {
  readonly id: number;
  readonly roomId: string;
  readonly txnId: string;
  readonly eventType: string;
  readonly content: OutboxContent;
  readonly encrypted: boolean;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly firstAttemptAt: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly eventId: string | null;
  /** A file's bytes are on the server (the event may not be yet); null for text and before the upload. */
  readonly upload: UploadedFile | null;
}

export type NewOutboxRow = Pick<OutboxRow, 'userId' | 'deviceId' | 'roomId' | 'eventType' | 'content' | 'encrypted' | 'createdAt'>;
export type OutboxChange = Partial<Pick<OutboxRow, 'state' | 'attempts' | 'nextAttemptAt' | 'firstAttemptAt' | 'lastError' | 'eventId' | 'upload'>>;

export interface OutboxStore {
  /** True when outbox.sqlite was unreadable and has been set aside: its unsent messages are lost. */
  readonly rebuilt: boolean;
  /** Writes the message with a new transaction ID, in one committed transaction, before anything is sent. */
  insert(row: NewOutboxRow): OutboxRow;
  /**
   * A file message: its bytes are on disk (fsync'd) before the row is committed, and both before
   * this resolves. Rows are numbered when they are committed, so the caller keeps the order.
   */
  insertFile(row: NewOutboxRow, bytes: Uint8Array): Promise<OutboxRow>;
  /** A file message's bytes; rejects when they are gone. */
  readFile(txnId: string): Promise<Uint8Array<ArrayBuffer>>;
  /** The bytes are no longer needed (the message is sent); the row stays until the timeline shows it. */
  dropFile(txnId: string): void;
  get(txnId: string): OutboxRow | undefined;
  /** The owner's rows, oldest first. */
  list(owner: OutboxOwner): OutboxRow[];
  /** The oldest row of a room that is not sent yet: the only one that may be sent next. */
  head(owner: OutboxOwner, roomId: string): OutboxRow | undefined;
  /** Each write is durable (WAL, synchronous=FULL) before it returns. */
  update(txnId: string, change: OutboxChange): OutboxRow;
  /** The row and its bytes, if any. */
  remove(txnId: string): void;
  /** Sign-out: the user's rows, of every device, and their files are gone. */
  removeUser(userId: string): void;
  close(): void;
}

interface RawRow {
  id: number;
  user_id: string;
  device_id: string;
  room_id: string;
  txn_id: string;
  event_type: string;
  content: string;
  encrypted: number;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  first_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  event_id: string | null;
  upload: string | null;
}

const COLUMNS: Record<keyof OutboxChange, string> = {
  state: 'state',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  firstAttemptAt: 'first_attempt_at',
  lastError: 'last_error',
  eventId: 'event_id',
  upload: 'upload',
};

const encodeChange = (key: keyof OutboxChange, value: OutboxChange[keyof OutboxChange]): string | number | null =>
  key === 'upload' ? (value === null ? null : JSON.stringify(value)) : ((value ?? null) as string | number | null);

/** A Matrix transaction ID, made once per message; unguessable so that it names nothing but this message. */
export const newTxnId = (): string => `plenum.${randomBytes(18).toString('base64url')}`;

export function openOutboxStore(dir: string): OutboxStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const database: SqliteDatabase = openSqliteDatabase(join(dir, OUTBOX_FILE), OUTBOX_MIGRATIONS);
  const { db } = database;
  const byTxn = db.prepare('SELECT * FROM outbox WHERE txn_id = ?');
  const byOwner = db.prepare('SELECT * FROM outbox WHERE user_id = ? AND device_id = ? ORDER BY id');
  const headOf = db.prepare(
    "SELECT * FROM outbox WHERE user_id = ? AND device_id = ? AND room_id = ? AND state <> 'sent' ORDER BY id LIMIT 1",
  );
  const insert = db.prepare(
    `INSERT INTO outbox (user_id, device_id, room_id, txn_id, event_type, content, encrypted, state, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING *`,
  );
  const removeOne = db.prepare('DELETE FROM outbox WHERE txn_id = ?');
  const removeUser = db.prepare('DELETE FROM outbox WHERE user_id = ? RETURNING txn_id');
  const unsent = db.prepare("SELECT txn_id FROM outbox WHERE state <> 'sent'");
  const files = openOutboxFiles(dir);
  // A kill between a file and its row, or between a sent (or removed) row and its file's deletion,
  // leaves bytes nothing will send: they go now.
  files.sweep(new Set((unsent.all() as { txn_id: string }[]).map((raw) => raw.txn_id)));

  // One statement is one transaction: the row, the message's only local echo, is committed (and
  // synced to disk) before this returns, so before any network attempt can start.
  const insertRow = (row: NewOutboxRow, txnId: string): OutboxRow =>
    fromRaw(
      insert.get(
        row.userId,
        row.deviceId,
        row.roomId,
        txnId,
        row.eventType,
        JSON.stringify(row.content),
        row.encrypted ? 1 : 0,
        row.createdAt,
        row.createdAt,
      ) as unknown as RawRow,
    );
  const get = (txnId: string): OutboxRow | undefined => {
    const raw = byTxn.get(txnId) as RawRow | undefined;
    return raw && fromRaw(raw);
  };

  return {
    rebuilt: database.rebuilt,
    insert: (row) => insertRow(row, newTxnId()),
    async insertFile(row, bytes) {
      const txnId = newTxnId();
      await files.write(txnId, bytes);
      try {
        return insertRow(row, txnId);
      } catch (error) {
        files.remove(txnId);
        throw error;
      }
    },
    readFile: (txnId) => files.read(txnId),
    dropFile: (txnId) => files.remove(txnId),
    get,
    list: (owner) => (byOwner.all(owner.userId, owner.deviceId) as unknown as RawRow[]).map(fromRaw),
    head(owner, roomId) {
      const raw = headOf.get(owner.userId, owner.deviceId, roomId) as RawRow | undefined;
      return raw && fromRaw(raw);
    },
    update(txnId, change) {
      const keys = (Object.keys(change) as (keyof OutboxChange)[]).filter((key) => change[key] !== undefined);
      if (keys.length > 0) {
        const assignments = keys.map((key) => `${COLUMNS[key]} = ?`).join(', ');
        db.prepare(`UPDATE outbox SET ${assignments} WHERE txn_id = ?`).run(...keys.map((key) => encodeChange(key, change[key])), txnId);
      }
      const row = get(txnId);
      if (!row) throw new Error('outbox row vanished');
      return row;
    },
    remove(txnId) {
      removeOne.run(txnId);
      files.remove(txnId);
    },
    removeUser(userId) {
      for (const raw of removeUser.all(userId) as { txn_id: string }[]) files.remove(raw.txn_id);
    },
    close: () => database.close(),
  };
}

function fromRaw(raw: RawRow): OutboxRow {
  return {
    id: Number(raw.id),
    userId: raw.user_id,
    deviceId: raw.device_id,
    roomId: raw.room_id,
    txnId: raw.txn_id,
    eventType: raw.event_type,
    content: JSON.parse(raw.content) as OutboxContent,
    encrypted: Number(raw.encrypted) === 1,
    state: raw.state,
    attempts: Number(raw.attempts),
    nextAttemptAt: Number(raw.next_attempt_at),
    firstAttemptAt: raw.first_attempt_at === null ? null : Number(raw.first_attempt_at),
    lastError: raw.last_error,
    createdAt: Number(raw.created_at),
    eventId: raw.event_id,
    upload: raw.upload === null ? null : (JSON.parse(raw.upload) as UploadedFile),
  };
}
