import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { ListPatch, ListSnapshot } from '../../../shared/model/list.ts';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { EventHub } from '../event-hub.ts';
import type { Logger } from '../ports.ts';
import { textMessageContent } from './markdown.ts';
import { sendOutboxRow } from './message-sender.ts';
import type { OutboxChange, OutboxOwner, OutboxRow, OutboxStore } from './outbox-store.ts';
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
  send(request: { roomId: string; body: string; markdown: boolean }): { localId: string };
  sendFile(request: { roomId: string; name: string; mimetype: string; data: string; width?: number; height?: number }): { localId: string };
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
    try {
      const eventId = await sendOutboxRow(
        current.session.client,
        row,
        { live: current.session.isLive(), signal: current.abort.signal },
        {
          encrypting: () => void write(current, row.txnId, { state: 'encrypting' }),
          // Recorded before the request leaves: from here on the server may have the message.
          sending: () => void write(current, row.txnId, { state: 'sending', attempts: failures, firstAttemptAt: row.firstAttemptAt ?? now() }),
        },
      );
      write(current, row.txnId, { state: 'sent', eventId, lastError: null });
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

    // SCAFFOLD: the attachments helper builds this.
    sendFile() {
      throw new AppFailure('INTERNAL', 'not built yet');
    },
    send({ roomId, body, markdown }) {
      const current = requireRun();
      const { session } = current;
      const room = session.client.getRoom(roomId);
      const row = store.insert({
        userId: session.userId,
        deviceId: session.deviceId,
        roomId,
        eventType: 'm.room.message',
        content: textMessageContent(body, markdown),
        encrypted: room?.hasEncryptionStateEvent() === true,
        createdAt: now(),
      });
      const item = toItem(row);
      items.set(row.txnId, item);
      publish([{ op: 'add', item }]);
      current.queues.kick(roomId);
      return { localId: row.txnId };
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

function toItem(row: OutboxRow): OutboxItem {
  const waiting = row.state === 'queued' && row.lastError !== null;
  return {
    localId: row.txnId,
    roomId: row.roomId,
    body: row.content.body,
    formattedBody: row.content.formatted_body ?? null,
    attachment: null,
    state: row.state,
    error: row.lastError,
    createdAt: row.createdAt,
    nextAttemptAt: waiting ? row.nextAttemptAt : null,
    eventId: row.eventId,
  };
}
