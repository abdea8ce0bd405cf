import { MatrixEvent, Method, type IRequestOpts, type MatrixClient, type Room } from 'matrix-js-sdk';
import type { OutboxRow } from './outbox-store.ts';
import { REACTION, REDACTION, type RedactionContent } from './relation-content.ts';
import { OutboxCondition } from './retry-policy.ts';

export interface SendSteps {
  /** The attempt is about to encrypt (encrypted rooms only). */
  encrypting(): void;
  /** The request is about to leave; whatever the caller records here is on disk before it does. */
  sending(): void;
}

export interface SendOptions {
  /** The client's room list is current (a live sync answered): a room it lacks is really not joined. */
  readonly live: boolean;
  readonly signal: AbortSignal;
}

/** A send that gets no answer in this time is a network failure, retried with the same transaction ID. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One attempt to send an outbox row: encrypt if the room is encrypted, then
 * `PUT /rooms/{roomId}/send/{type}/{txnId}` (a deletion: `/redact/{eventId}/{txnId}`) with the row's own transaction ID. Resolves with the
 * event ID; rejects with the server's error, a network error, or an OutboxCondition.
 *
 * Why not `client.sendEvent(roomId, type, content, txnId)`: the SDK's send path is built around its
 * own in-memory local echo and scheduler, and both fight a durable outbox. Measured against Synapse
 * with matrix-js-sdk 43.0.0:
 * - A resend after a crash, of a message whose first attempt had reached the server: Synapse
 *   answers with the stored event ID (deduplicated), but the SDK has added a new pending event for
 *   the transaction, finds the event ID already in the timeline, and leaves that pending event
 *   there in state "sending" for good (Room.updatePendingEvent, SENT case): the live timeline holds
 *   the message twice.
 * - A second attempt in the same process after a failure, with the same transaction ID, throws
 *   synchronously ("addPendingEvent called on an event with known txnId") unless the failed echo
 *   is first resent or cancelled through the SDK.
 * - Its MatrixScheduler retries rate limits and 5xx up to four times on its own, behind one queue
 *   for all rooms, while the outbox would show "sending": a second, invisible retry loop under the
 *   outbox's own (which survives restarts and keeps order per room).
 * - With no Room object it sends without encrypting. Here a room must be known and joined, and a
 *   row written for an encrypted room is never sent in the clear.
 * So Plenum keeps one local echo (the outbox row) and calls the two pieces itself: the client's
 * crypto backend (the object `getCrypto()` returns, whose `encryptEvent` the SDK's own send path
 * calls; it shares the room key with the members' devices first) and the authenticated HTTP API.
 */
export async function sendOutboxRow(
  client: MatrixClient,
  row: OutboxRow,
  options: SendOptions,
  steps: SendSteps,
  // A file's event: the row's content with where the upload put the bytes.
  eventContent: object = row.content,
): Promise<string> {
  const room = joinedRoom(client, row.roomId, options.live);
  let type = row.eventType;
  let content = eventContent;
  if (await mustEncrypt(client, row, room)) {
    steps.encrypting();
    ({ type, content } = await encrypt(client, room, row, eventContent));
  }
  options.signal.throwIfAborted();
  steps.sending();
  const roomPath = encodeURIComponent(row.roomId);
  const txn = encodeURIComponent(row.txnId);
  const redaction = row.eventType === REDACTION ? (eventContent as Partial<RedactionContent>) : null;
  const path =
    redaction === null
      ? `/rooms/${roomPath}/send/${encodeURIComponent(type)}/${txn}`
      : `/rooms/${roomPath}/redact/${encodeURIComponent(String(redaction.redacts))}/${txn}`;
  if (redaction !== null) content = redaction.reason === undefined ? {} : { reason: redaction.reason };
  // A cast: the SDK's option type picks `priority` from the DOM's RequestInit, which Node's lacks.
  const request = { abortSignal: options.signal, localTimeoutMs: REQUEST_TIMEOUT_MS } as IRequestOpts;
  const response = await client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content as Record<string, unknown>, request);
  return response.event_id;
}

/** The room, if this user is in it; else why not, as the condition the outbox waits on or fails with. */
export function joinedRoom(client: MatrixClient, roomId: string, live: boolean): Room {
  const room = client.getRoom(roomId);
  if (room?.getMyMembership() !== 'join') {
    // Before the first live sync the cached room list may lag behind: wait for the server.
    throw new OutboxCondition(live ? 'NOT_IN_ROOM' : 'WAITING_FOR_ROOM', !live);
  }
  return room;
}

/**
 * Written for an encrypted room, or the room's state says so, or the crypto store remembers it did
 * (it never forgets: no downgrade).
 */
export async function mustEncrypt(client: MatrixClient, row: OutboxRow, room: Room): Promise<boolean> {
  // As matrix-js-sdk (MatrixClient.shouldEncryptEventForRoom) and Element do: the spec has no
  // encrypted redactions, and an encrypted reaction hides only its type (the relation, with the
  // key, must stay in the clear for the server to aggregate it) while it breaks push rules.
  if (row.eventType === REACTION || row.eventType === REDACTION) return false;
  if (row.encrypted || room.hasEncryptionStateEvent()) return true;
  return (await client.getCrypto()?.isEncryptionEnabledInRoom(room.roomId)) === true;
}

interface RoomEventEncryptor {
  encryptEvent(event: MatrixEvent, room: Room): Promise<void>;
}

async function encrypt(client: MatrixClient, room: Room, row: OutboxRow, content: object): Promise<{ type: string; content: object }> {
  const backend = client.getCrypto() as Partial<RoomEventEncryptor> | undefined;
  if (typeof backend?.encryptEvent !== 'function') throw new OutboxCondition('ENCRYPTION_UNAVAILABLE', false);
  const event = new MatrixEvent({
    type: row.eventType,
    content: { ...content },
    room_id: row.roomId,
    sender: client.getSafeUserId(),
    event_id: `~${row.roomId}:${row.txnId}`,
    origin_server_ts: Date.now(),
  });
  event.setTxnId(row.txnId);
  await backend.encryptEvent.call(backend, event, room);
  // Never the clear text: if the backend did not encrypt, this attempt fails.
  if (!event.isEncrypted()) throw new Error('the crypto backend returned an unencrypted event');
  return { type: event.getWireType(), content: event.getWireContent() };
}
