import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxState } from '../../../shared/model/outbox.ts';
import { openSqliteDatabase, type SqliteDatabase } from '../store/sqlite-database.ts';
import type { MessageContent } from './markdown.ts';
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
  readonly content: MessageContent;
  readonly encrypted: boolean;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly firstAttemptAt: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly eventId: string | null;
}

export type NewOutboxRow = Pick<OutboxRow, 'userId' | 'deviceId' | 'roomId' | 'eventType' | 'content' | 'encrypted' | 'createdAt'>;
export type OutboxChange = Partial<Pick<OutboxRow, 'state' | 'attempts' | 'nextAttemptAt' | 'firstAttemptAt' | 'lastError' | 'eventId'>>;

export interface OutboxStore {
  /** True when outbox.sqlite was unreadable and has been set aside: its unsent messages are lost. */
  readonly rebuilt: boolean;
  /** Writes the message with a new transaction ID, in one committed transaction, before anything is sent. */
  insert(row: NewOutboxRow): OutboxRow;
  get(txnId: string): OutboxRow | undefined;
  /** The owner's rows, oldest first. */
  list(owner: OutboxOwner): OutboxRow[];
  /** The oldest row of a room that is not sent yet: the only one that may be sent next. */
  head(owner: OutboxOwner, roomId: string): OutboxRow | undefined;
  /** Each write is durable (WAL, synchronous=FULL) before it returns. */
  update(txnId: string, change: OutboxChange): OutboxRow;
  remove(txnId: string): void;
  /** Sign-out: the user's rows, of every device, are gone. */
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
}

const COLUMNS: Record<keyof OutboxChange, string> = {
  state: 'state',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  firstAttemptAt: 'first_attempt_at',
  lastError: 'last_error',
  eventId: 'event_id',
};

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
  const removeUser = db.prepare('DELETE FROM outbox WHERE user_id = ?');

  const get = (txnId: string): OutboxRow | undefined => {
    const raw = byTxn.get(txnId) as RawRow | undefined;
    return raw && fromRaw(raw);
  };

  return {
    rebuilt: database.rebuilt,
    insert(row) {
      // One statement is one transaction: the row, the message's only local echo, is committed (and
      // synced to disk) before insert returns, so before any network attempt can start.
      const raw = insert.get(
        row.userId,
        row.deviceId,
        row.roomId,
        newTxnId(),
        row.eventType,
        JSON.stringify(row.content),
        row.encrypted ? 1 : 0,
        row.createdAt,
        row.createdAt,
      ) as unknown as RawRow;
      return fromRaw(raw);
    },
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
        db.prepare(`UPDATE outbox SET ${assignments} WHERE txn_id = ?`).run(...keys.map((key) => change[key] ?? null), txnId);
      }
      const row = get(txnId);
      if (!row) throw new Error('outbox row vanished');
      return row;
    },
    remove: (txnId) => void removeOne.run(txnId),
    removeUser: (userId) => void removeUser.run(userId),
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
    content: JSON.parse(raw.content) as MessageContent,
    encrypted: Number(raw.encrypted) === 1,
    state: raw.state,
    attempts: Number(raw.attempts),
    nextAttemptAt: Number(raw.next_attempt_at),
    firstAttemptAt: raw.first_attempt_at === null ? null : Number(raw.first_attempt_at),
    lastError: raw.last_error,
    createdAt: Number(raw.created_at),
    eventId: raw.event_id,
  };
}
