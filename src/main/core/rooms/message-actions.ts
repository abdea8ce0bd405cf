import { EventType, MsgType, RelationType, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { textMessageContent } from '../outbox/markdown.ts';
import type { ForwardedContent } from '../outbox/file-content.ts';
import { mentionedMessageContent, type Mentions } from '../outbox/mention-content.ts';
import { stripReplyFallback } from '../timeline/reply-fallback.ts';
import { editContent, reactionContent, REACTION, REDACTION, replyContent, threadContent, type RelatedMessageContent } from '../outbox/relation-content.ts';

export interface MessageActions {
  /** A typed message, perhaps answering another one in the room, perhaps mentioning people or the room. */
  send(request: {
    roomId: string;
    body: string;
    markdown: boolean;
    replyTo?: string | undefined;
    mentions?: Mentions | undefined;
    /** The root of the thread this goes into. */
    threadRoot?: string | undefined;
  }): Promise<{ localId: string }>;
  /** Replaces the text of one of this user's own messages. */
  edit(request: { roomId: string; eventId: string; body: string; markdown: boolean }): Promise<{ localId: string }>;
  /** Adds the reaction, or takes back this user's own one with the same key: `reacted` says which. */
  react(request: { roomId: string; eventId: string; key: string }): Promise<{ reacted: boolean }>;
  /** Sends a copy of a message (as it reads now, attachments included) to another room. */
  forward(request: { roomId: string; eventId: string; toRoomId: string }): Promise<{ localId: string }>;
  /** Deletes a message: this user's own, or anyone's with the room's redact power. */
  redact(request: { roomId: string; eventId: string; reason?: string | undefined }): Promise<{ localId: string }>;
  attach(client: MatrixClient): void;
  detach(): void;
}

/** Text messages keep their kind through an edit: an emote stays an emote. */
const EDITABLE = new Set<string>([MsgType.Text, MsgType.Emote, MsgType.Notice]);

/**
 * What the user does to messages already in a room. Each is checked here against the room as this
 * session knows it (the target exists, is in that room, and the user may do this to it), then
 * queued in the outbox like any message: on disk before the call returns, sent in the room's
 * order, retried across restarts, shown on its message until the server confirms it.
 */
export function createMessageActions(outbox: Outbox): MessageActions {
  let client: MatrixClient | undefined;

  const roomOf = (roomId: string): { current: MatrixClient; room: Room; userId: string } => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    const room = client.getRoom(roomId);
    if (room?.getMyMembership() !== 'join') throw new AppFailure('NOT_FOUND', 'not in this room');
    return { current: client, room, userId: client.getSafeUserId() };
  };
  const targetIn = (room: Room, eventId: string): MatrixEvent => {
    const event = room.findEventById(eventId);
    if (!event || event.getRoomId() !== room.roomId) throw new AppFailure('NOT_FOUND', 'no such message in this room');
    return event;
  };

  return {
    send({ roomId, body, markdown, replyTo, mentions, threadRoot }) {
      // A plain message may be queued for a room the client has not synced yet (it waits for it).
      if (replyTo === undefined && mentions === undefined && threadRoot === undefined) return outbox.send({ roomId, body, markdown });
      const known = client?.getRoom(roomId);
      const canMentionRoom = known?.currentState.mayTriggerNotifOfType('room', client?.getSafeUserId() ?? '') === true;
      const ownServer = client?.getDomain() ?? '';
      let content: RelatedMessageContent = mentions ? mentionedMessageContent(body, mentions, canMentionRoom, ownServer) : textMessageContent(body, markdown);
      if (threadRoot !== undefined) {
        const { room } = roomOf(roomId);
        targetIn(room, threadRoot);
        const replies = room.relations.getChildEventsForEvent(threadRoot, 'm.thread', EventType.RoomMessage)?.getRelations() ?? [];
        const latest = replies.toSorted((a, b) => b.getTs() - a.getTs())[0]?.getId() ?? threadRoot;
        content = threadContent(content, threadRoot, latest, replyTo ?? null);
      } else if (replyTo !== undefined) {
        const { room, userId } = roomOf(roomId);
        const original = targetIn(room, replyTo);
        content = replyContent(content, { eventId: replyTo, senderId: original.getSender() ?? '' }, userId);
      }
      return outbox.queue({ roomId, eventType: 'm.room.message', content });
    },

    edit({ roomId, eventId, body, markdown }) {
      const { room, userId } = roomOf(roomId);
      const original = targetIn(room, eventId);
      const msgtype = original.getOriginalContent().msgtype;
      const editable =
        original.getSender() === userId && original.getType() === EventType.RoomMessage && !original.isRedacted() && typeof msgtype === 'string' && EDITABLE.has(msgtype);
      if (!editable) throw new AppFailure('FORBIDDEN', 'only your own text messages can be edited');
      const replacement = { ...textMessageContent(body, markdown), msgtype: msgtype as 'm.text' };
      return outbox.queue({ roomId, eventType: 'm.room.message', content: editContent(eventId, replacement) });
    },

    async react({ roomId, eventId, key }) {
      const { room, userId } = roomOf(roomId);
      const target = targetIn(room, eventId);
      if (target.isRedacted()) throw new AppFailure('FORBIDDEN', 'the message was deleted');
      const own = ownReaction(room, eventId, key, userId);
      if (own) {
        const ownId = own.getId();
        if (!ownId) throw new AppFailure('BAD_REQUEST', 'the reaction is still being sent');
        await outbox.queue({ roomId, eventType: REDACTION, content: { redacts: ownId } });
        return { reacted: false };
      }
      // Taken back before it went: it is simply not sent.
      const pending = outbox
        .unsent()
        .find((item) => item.roomId === roomId && item.relation?.type === 'reaction' && item.relation.eventId === eventId && item.relation.key === key);
      if (pending && pending.state !== 'sending' && pending.state !== 'encrypting') {
        outbox.discard(pending.localId);
        return { reacted: false };
      }
      if (pending) throw new AppFailure('BAD_REQUEST', 'the reaction is being sent');
      await outbox.queue({ roomId, eventType: REACTION, content: reactionContent(eventId, key) });
      return { reacted: true };
    },

    forward({ roomId, eventId, toRoomId }) {
      const { room } = roomOf(roomId);
      const original = targetIn(room, eventId);
      if (original.isRedacted() || original.isDecryptionFailure() || original.getType() !== EventType.RoomMessage) {
        throw new AppFailure('FORBIDDEN', 'this message cannot be forwarded');
      }
      roomOf(toRoomId);
      return outbox.queue({ roomId: toRoomId, eventType: 'm.room.message', content: forwardedContent(original.getContent(), original.replyEventId !== undefined) });
    },

    redact({ roomId, eventId, reason }) {
      const { room, userId } = roomOf(roomId);
      const target = targetIn(room, eventId);
      if (!room.currentState.maySendRedactionForEvent(target, userId)) throw new AppFailure('FORBIDDEN', 'you may not delete this message');
      return outbox.queue({ roomId, eventType: REDACTION, content: reason ? { redacts: eventId, reason } : { redacts: eventId } });
    },

    attach(next) {
      client = next;
    },
    detach() {
      client = undefined;
    },
  };
}

/** This user's reaction with this key to the event, as the room's aggregation holds it. */
function ownReaction(room: Room, eventId: string, key: string, userId: string): MatrixEvent | undefined {
  const relations = room.relations.getChildEventsForEvent(eventId, RelationType.Annotation, EventType.Reaction);
  const mine = relations?.getAnnotationsBySender()?.[userId];
  return mine ? [...mine].find((event) => !event.isRedacted() && event.getRelation()?.key === key) : undefined;
}

/** What a forwarded message carries: the message itself, without its relations and without notifying anyone again. */
const FORWARDED_FIELDS = ['msgtype', 'body', 'format', 'formatted_body', 'url', 'file', 'info', 'filename', 'geo_uri'];

function forwardedContent(content: Record<string, unknown>, wasReply: boolean): ForwardedContent {
  const copy: Record<string, unknown> = {};
  for (const field of FORWARDED_FIELDS) if (Object.hasOwn(content, field)) copy[field] = content[field];
  const body = typeof copy.body === 'string' ? copy.body : '';
  if (wasReply) {
    copy.body = stripReplyFallback(body);
    if (typeof copy.formatted_body === 'string') copy.formatted_body = copy.formatted_body.replace(/^\s*<mx-reply>[\s\S]*?<\/mx-reply>/, '');
  }
  return { ...copy, msgtype: typeof copy.msgtype === 'string' ? copy.msgtype : 'm.text', body: typeof copy.body === 'string' ? copy.body : body, 'm.mentions': {} };
}
