import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { ListPatch, ListSnapshot } from '../../../shared/model/list.ts';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { EventHub } from '../event-hub.ts';
import type { Logger } from '../ports.ts';
import { MAX_FILE_BYTES, uploadRowFile } from './attachment-upload.ts';
import { attachmentOf, fileEventContent, fileMessageContent, isFileContent, isTextContent, type OutboxContent } from './file-content.ts';
import { textMessageContent } from './markdown.ts';
import type { REACTION, REDACTION} from './relation-content.ts';
import { relationOf } from './relation-content.ts';
import { sendOutboxRow } from './message-sender.ts';
import type { NewOutboxRow, OutboxChange, OutboxOwner, OutboxRow, OutboxStore } from './outbox-store.ts';
import { classifyFailure, DEDUPE_WINDOW_MS } from './retry-policy.ts';
import { createRoomQueues, type RoomQueues } from './room-queues.ts';

/** The running session the outbox sends for. */
export interface OutboxSession extends OutboxOwner {
  readonly client: MatrixClient;
  /** The client's room list is current: a live sync has answered and the connection holds. */
  isLive(): boolean;
}

export interface Outbox {
  snapshot(): ListSnapshot<OutboxItem>;
  /** A session runs: its unsent messages (from before a restart or a kill) go out, in order. */
  attach(session: OutboxSession): void;
  /** The session stops: in-flight attempts are abandoned (their rows stay, to be resent with the same IDs). */
  detach(): Promise<void>;
  /** Sign-out: the user's messages are deleted, sent or not. */
  forget(userId: string): void;
  /** Resolves once the message is on disk; messages are ordered as these calls were made. */
  send(request: { roomId: string; body: string; markdown: boolean }): Promise<{ localId: string }>;
  /** Resolves once the file (base64 `data`) and its message are on disk; TOO_LARGE above MAX_FILE_BYTES. */
  sendFile(request: { roomId: string; name: string; mimetype: string; data: string; width?: number; height?: number }): Promise<{ localId: string }>;
  /**
   * Queues any event the outbox sends (a reply, an edit, a reaction, a deletion), behind the room's
   * other messages; resolves once it is on disk.
   */
  queue(request: { roomId: string; eventType: OutboxEventType; content: OutboxContent }): Promise<{ localId: string }>;
  /** This session's items not sent yet (for toggling a reaction still on its way). */
  unsent(): OutboxItem[];
  retry(localId: string): void;
  discard(localId: string): void;
  /** After every sync: rooms waiting for the server are woken, echoes now in the timeline are dropped. */
  synced(): void;
}

export interface OutboxDeps {
  readonly store: OutboxStore;
  readonly hub: EventHub;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface Run {
  readonly session: OutboxSession;
  readonly abort: AbortController;
  readonly queues: RoomQueues;
  /** Rows with an attempt under way: they may not be discarded. */
  readonly inFlight: Set<string>;
  stopped: boolean;
  wasLive: boolean;
}

/** Waiting for these, a message goes as soon as a sync says the server (or the room) is there. */
const WOKEN_BY_SYNC = new Set(['WAITING_FOR_ROOM', 'NETWORK']);

/**
 * The crash-proof outbox. A message is a row in outbox.sqlite, with its transaction ID, before
 * anything is sent; every state change is written before it is emitted; each room's messages go
 * one at a time, oldest first; after a restart or a kill the unsent rows go again with the same
 * transaction IDs, which the homeserver deduplicates, so each message arrives once and in order.
 */
export function createOutbox({ store, hub, logger, now = Date.now, random = Math.random }: OutboxDeps): Outbox {
  const items = new Map<string, OutboxItem>();
  let seq = 0;
  let run: Run | undefined;

  const publish = (patches: ListPatch<OutboxItem>[]): void => {
    seq += 1;
    hub.emit('outbox.patch', { seq, patches });
  };

  /** Persist, then emit. Nothing is written once the run has stopped (the store may be closing). */
  function write(current: Run, txnId: string, change: OutboxChange): OutboxRow | undefined {
    if (current.stopped || !store.get(txnId)) return undefined;
    const row = store.update(txnId, change);
    const item = toItem(row);
    items.set(txnId, item);
    publish([{ op: 'update', item }]);
    return row;
  }

  async function attempt(current: Run, row: OutboxRow): Promise<void> {
    const started = now();
    if (row.firstAttemptAt !== null && started - row.firstAttemptAt > DEDUPE_WINDOW_MS) {
      write(current, row.txnId, { state: 'failed', lastError: 'EXPIRED' });
      return;
    }
    const failures = row.attempts + 1;
    current.inFlight.add(row.txnId);
    const { client } = current.session;
    const live = current.session.isLive();
    const { signal } = current.abort;
    const encrypting = (): void => void write(current, row.txnId, { state: 'encrypting' });
    // Recorded before the request leaves: from here on the server may have the message.
    const sending = (): void => void write(current, row.txnId, { state: 'sending', attempts: failures, firstAttemptAt: row.firstAttemptAt ?? now() });
    try {
      let eventId: string;
      if (isFileContent(row.content)) {
        const fileRow = { ...row, content: row.content };
        const upload = await uploadRowFile(client, fileRow, { live, signal, readBytes: () => store.readFile(row.txnId) }, {
          encrypting,
          // Not the event yet: the dedupe window (firstAttemptAt) starts with the event's request.
          uploading: () => void write(current, row.txnId, { state: 'sending', attempts: failures }),
        });
        // On disk before the event goes: a restart from here sends the event without uploading again.
        if (upload !== row.upload) write(current, row.txnId, { upload });
        const content = fileEventContent(fileRow.content, upload);
        // Once uploaded, encrypting the event is part of sending the file, not a step of its own to show.
        const steps = { encrypting: upload === row.upload ? encrypting : () => {}, sending };
        eventId = await sendOutboxRow(client, row, { live, signal }, steps, content);
      } else {
        eventId = await sendOutboxRow(client, row, { live, signal }, { encrypting, sending });
      }
      write(current, row.txnId, { state: 'sent', eventId, lastError: null });
      // The bytes have done their job; a kill before this line leaves them to the store's sweep.
      if (isFileContent(row.content) && !current.stopped) store.dropFile(row.txnId);
    } catch (error) {
      if (current.stopped) return;
      const outcome = classifyFailure(error, failures, random);
      if (outcome.retry) write(current, row.txnId, { state: 'queued', lastError: outcome.code, nextAttemptAt: now() + outcome.delayMs });
      else write(current, row.txnId, { state: 'failed', lastError: outcome.code });
      logger.warn('a message could not be sent', { code: outcome.code, retry: outcome.retry, attempts: failures });
    } finally {
      current.inFlight.delete(row.txnId);
    }
  }

  /** Writes wait for the ones before them: a short text never overtakes the file queued just before it. */
  let writing: Promise<unknown> = Promise.resolve();

  function enqueue(
    roomId: string,
    content: OutboxContent,
    insert: (row: NewOutboxRow) => OutboxRow | Promise<OutboxRow>,
    eventType: OutboxEventType = 'm.room.message',
  ): Promise<{ localId: string }> {
    const current = requireRun();
    const { session } = current;
    const queued = writing.then(async () => {
      const row = await insert({
        userId: session.userId,
        deviceId: session.deviceId,
        roomId,
        eventType,
        content,
        // Reactions and deletions go in the clear, as every Matrix client sends them (message-sender.ts says why).
        encrypted: eventType === 'm.room.message' && session.client.getRoom(roomId)?.hasEncryptionStateEvent() === true,
        createdAt: now(),
      });
      if (current.stopped) {
        // The session ended (perhaps signed out) while the bytes were written: the caller is told, not left guessing.
        store.remove(row.txnId);
        throw new AppFailure('NOT_SIGNED_IN', 'the session ended before the message was queued');
      }
      const item = toItem(row);
      items.set(row.txnId, item);
      publish([{ op: 'add', item }]);
      current.queues.kick(roomId);
      return { localId: row.txnId };
    });
    writing = queued.catch(() => undefined);
    return queued;
  }

  const requireRun = (): Run => {
    if (!run || run.stopped) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return run;
  };

  /** The current session's row, or NOT_FOUND: another session's messages are not visible here. */
  const ownRow = (current: Run, localId: string): OutboxRow => {
    const row = store.get(localId);
    if (!row || row.userId !== current.session.userId || row.deviceId !== current.session.deviceId) {
      throw new AppFailure('NOT_FOUND', 'no such message in the outbox');
    }
    return row;
  };

  return {
    snapshot: () => ({ seq, items: [...items.values()] }),

    attach(session) {
      if (run && !run.stopped) throw new Error('the outbox already runs for a session');
      const queues = createRoomQueues({
        head: (roomId) => store.head(session, roomId),
        attempt: (row) => attempt(current, row),
        now,
        onError: (error) => logger.error('an outbox queue stopped unexpectedly', { name: error instanceof Error ? error.name : 'unknown' }),
      });
      const current: Run = { session, queues, abort: new AbortController(), inFlight: new Set(), stopped: false, wasLive: false };
      run = current;
      items.clear();
      const rooms = new Set<string>();
      for (const row of store.list(session)) {
        // Sent before the restart: the server has them and the timeline will show them.
        if (row.state === 'sent') {
          store.remove(row.txnId);
          continue;
        }
        // An attempt cut off by the restart is simply due again, with the same transaction ID.
        const due = row.state === 'encrypting' || row.state === 'sending' ? store.update(row.txnId, { state: 'queued' }) : row;
        items.set(due.txnId, toItem(due));
        rooms.add(due.roomId);
      }
      publish([{ op: 'reset', items: [...items.values()] }]);
      for (const roomId of rooms) current.queues.kick(roomId);
    },

    async detach() {
      const current = run;
      if (!current) return;
      current.stopped = true;
      current.abort.abort();
      await current.queues.stop();
      if (run === current) run = undefined;
    },

    forget(userId) {
      store.removeUser(userId);
      items.clear();
      publish([{ op: 'reset', items: [] }]);
    },

    send: ({ roomId, body, markdown }) => enqueue(roomId, textMessageContent(body, markdown), (row) => store.insert(row)),

    queue: ({ roomId, eventType, content }) => enqueue(roomId, content, (row) => store.insert(row), eventType),

    unsent: () => [...items.values()].filter((item) => item.state !== 'sent'),

    sendFile({ roomId, name, mimetype, data, width, height }) {
      requireRun();
      const bytes = Buffer.from(data, 'base64');
      if (bytes.byteLength > MAX_FILE_BYTES) {
        return Promise.reject(new AppFailure('TOO_LARGE', `files of more than ${MAX_FILE_BYTES / 1024 / 1024} MiB cannot be sent`));
      }
      const content = fileMessageContent({ name, mimetype, size: bytes.byteLength, width, height });
      return enqueue(roomId, content, (row) => store.insertFile(row, bytes));
    },

    retry(localId) {
      const current = requireRun();
      const row = ownRow(current, localId);
      // Idempotent: a message under way or sent needs nothing; a waiting one goes now.
      if (row.state !== 'failed' && row.state !== 'queued') return;
      // Retried by hand, an expired message may go again: the user knows it may already have arrived.
      const firstAttemptAt = row.lastError === 'EXPIRED' ? null : row.firstAttemptAt;
      write(current, localId, { state: 'queued', lastError: null, attempts: 0, nextAttemptAt: now(), firstAttemptAt });
      current.queues.kick(row.roomId);
    },

    discard(localId) {
      const current = requireRun();
      const row = ownRow(current, localId);
      if (row.state === 'sent' || current.inFlight.has(localId)) throw new AppFailure('FORBIDDEN', 'the message is being sent or was sent');
      store.remove(localId);
      items.delete(localId);
      publish([{ op: 'remove', id: localId }]);
      // The messages queued behind it go on.
      current.queues.kick(row.roomId);
    },

    synced() {
      const current = run;
      if (!current || current.stopped) return;
      const { client } = current.session;
      const live = current.session.isLive();
      const cameBack = live && !current.wasLive;
      current.wasLive = live;
      const removed: ListPatch<OutboxItem>[] = [];
      for (const item of items.values()) {
        if (item.state === 'sent') {
          // The local echo has done its job once the room's timeline holds the event itself.
          if (item.eventId && client.getRoom(item.roomId)?.findEventById(item.eventId)) {
            store.remove(item.localId);
            items.delete(item.localId);
            removed.push({ op: 'remove', id: item.localId });
          }
        } else if (item.state === 'queued' && item.error !== null && WOKEN_BY_SYNC.has(item.error)) {
          const waitsForRoom = item.error === 'WAITING_FOR_ROOM' && client.getRoom(item.roomId) !== null;
          if (cameBack || waitsForRoom) {
            write(current, item.localId, { nextAttemptAt: now() });
            current.queues.kick(item.roomId);
          }
        }
      }
      if (removed.length > 0) publish(removed);
    },
  };
}

/** The event types the outbox sends. */
export type OutboxEventType = 'm.room.message' | typeof REACTION | typeof REDACTION;

function toItem(row: OutboxRow): OutboxItem {
  const waiting = row.state === 'queued' && row.lastError !== null;
  const relation = relationOf(row.eventType, row.content);
  const { content } = row;
  const body = 'body' in content ? content.body : relation?.type === 'reaction' ? relation.key : '';
  // An edit's echo shows the new text, not the "* " fallback.
  const shown = isTextContent(content) ? (content['m.new_content'] ?? content) : null;
  return {
    localId: row.txnId,
    roomId: row.roomId,
    body: shown?.body ?? body,
    formattedBody: shown?.formatted_body ?? null,
    attachment: attachmentOf(row.content),
    state: row.state,
    error: row.lastError,
    createdAt: row.createdAt,
    nextAttemptAt: waiting ? row.nextAttemptAt : null,
    eventId: row.eventId,
    relation,
  };
}
