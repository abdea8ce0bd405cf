import { EventType, RelationType, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api/index.js';
import type { MessageItem, ReactionGroup, ReplyPreview, ThreadSummary, TimelineItem } from '../../../shared/model/timeline.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import { fieldsOf, isMediaKind, mediaInfo } from './media-info.ts';
import { isTextKind, messageKind } from './message-kind.ts';
import { stripReplyFallback } from './reply-fallback.ts';

const MAX_BODY = 64 * 1024;
/** A reply shows one line of the original. */
const MAX_REPLY_TEXT = 200;
/** A reaction key is meant to be an emoji; longer keys are cut (they still count). */
const MAX_REACTION_KEY = 64;
/** Distinct reactions shown on one message, most used first; the rest would only be noise (or an attack). */
const MAX_REACTION_GROUPS = 40;
export const MAX_REACTION_SENDERS = 20;

/** The original a reply names: the event, or why there is none to show yet. */
export type ReplyTarget = MatrixEvent | 'loading' | 'unavailable';

export interface ProjectionContext {
  /** Finds (or starts fetching) the event a reply answers. */
  readonly replyTarget: (eventId: string) => ReplyTarget;
}

const NO_CONTEXT: ProjectionContext = { replyTarget: () => 'unavailable' };

/**
 * Events that change other rows rather than being rows: redactions (the target shows as deleted),
 * reactions and edits (later shown on the message they belong to).
 */
export function isTimelineRow(event: MatrixEvent): boolean {
  const type = event.getType();
  if (type === EventType.RoomRedaction || type === EventType.Reaction) return false;
  const relation = event.getWireContent()['m.relates_to'] as { rel_type?: unknown } | undefined;
  // A thread's replies show in its panel, under the root's summary, not in the room's timeline.
  return relation?.rel_type !== 'm.replace' && relation?.rel_type !== THREAD;
}

const THREAD = 'm.thread';

/** Projects one SDK event into a timeline row; unknown or malformed content never throws. */
export function toTimelineItem(room: Room, event: MatrixEvent, context: ProjectionContext = NO_CONTEXT): TimelineItem {
  const senderId = event.getSender() ?? '';
  const member = room.getMember(senderId);
  const avatar = member?.getMxcAvatarUrl();
  const base = {
    id: event.getId() ?? event.getTxnId() ?? '',
    senderId,
    senderName: member?.name ?? senderId,
    // Only a well-formed mxc:// URI: the renderer turns it into a media URL, nothing else.
    senderAvatarMxc: avatar !== undefined && parseMxcUri(avatar) !== null ? avatar : null,
    ts: event.getTs(),
  };
  if (event.isRedacted()) return { ...base, kind: 'redacted' };
  const canRedact = room.currentState.maySendRedactionForEvent(event, room.myUserId);
  if (event.isDecryptionFailure()) return { ...base, kind: 'encrypted', reason: keyMayArrive(event) ? 'waiting-for-key' : 'undecryptable', canRedact };
  if (event.getType() === EventType.RoomMessageEncrypted) return { ...base, kind: 'encrypted', reason: 'waiting-for-key', canRedact };
  if (event.getType() === EventType.RoomMessage) {
    const projected = message(event);
    const replyId = replyEventId(event);
    return {
      ...base,
      ...projected,
      replyTo: replyId === null ? null : replyPreview(room, replyId, context.replyTarget(replyId)),
      reactions: reactionsOf(room, event),
      thread: threadOf(room, event),
      highlight: senderId !== room.myUserId && room.client.getPushActionsForEvent(event)?.tweaks.highlight === true,
      canEdit: senderId === room.myUserId && isTextKind(projected.msgtype) && event.status === null,
      canRedact,
    };
  }
  if (event.isState()) return { ...base, kind: 'state', change: stateChange(room, event) };
  return { ...base, kind: 'unknown', eventType: event.getType().slice(0, 255) };
}

/**
 * Failures that a key arriving later (forwarded by another device, or from the key backup) still
 * cures, and the SDK retries then; the rest (sent before the user joined, by an unverified
 * device, withheld) stay unreadable.
 */
const RETRIED_FAILURES: ReadonlySet<DecryptionFailureCode> = new Set([
  DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID,
  DecryptionFailureCode.OLM_UNKNOWN_MESSAGE_INDEX,
  DecryptionFailureCode.HISTORICAL_MESSAGE_WORKING_BACKUP,
]);
const keyMayArrive = (event: MatrixEvent): boolean => event.decryptionFailureReason !== null && RETRIED_FAILURES.has(event.decryptionFailureReason);

type MessageFields = Pick<MessageItem, 'kind' | 'msgtype' | 'body' | 'formattedBody' | 'media' | 'encrypted' | 'edited'>;

function message(event: MatrixEvent): MessageFields {
  const edit = validEdit(event);
  const content = (edit ? fieldsOf(edit.getContent()['m.new_content']) : fieldsOf(event.getOriginalContent())) ?? {};
  const text = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, MAX_BODY) : null);
  const raw = text(content.body) ?? '';
  // m.new_content carries no relation: a reply stays a reply, and its fallback is stripped, through edits.
  const body = replyEventId(event) === null ? raw : stripReplyFallback(raw);
  const html = content.format === 'org.matrix.custom.html' ? text(content.formatted_body) : null;
  const kind = messageKind(content.msgtype);
  return {
    kind: 'message',
    msgtype: kind,
    body,
    formattedBody: html,
    media: isMediaKind(kind) ? mediaInfo(kind, content) : null,
    encrypted: event.isEncrypted(),
    edited: edit !== null,
  };
}

/**
 * The SDK's latest replacement, if the spec would accept it: by the original's sender, of the same
 * type, with new content that has a text body. The SDK checks the sender for edits it aggregates,
 * but not for one the server bundles, and it would show an edit without new content as an empty message.
 */
function validEdit(event: MatrixEvent): MatrixEvent | null {
  const edit = event.replacingEvent();
  if (!edit || edit.isRedacted() || edit.isDecryptionFailure()) return null;
  if (edit.getSender() !== event.getSender() || edit.getType() !== event.getType()) return null;
  return typeof fieldsOf(edit.getContent()['m.new_content'])?.body === 'string' ? edit : null;
}

function replyEventId(event: MatrixEvent): string | null {
  const relation = fieldsOf(event.getWireContent()['m.relates_to']);
  // In a thread, the reply to its latest message is only a fallback for clients without threads.
  if (relation?.rel_type === THREAD && relation.is_falling_back === true) return null;
  const id = event.replyEventId;
  return typeof id === 'string' && id.startsWith('$') && id.length <= 255 ? id : null;
}

function replyPreview(room: Room, eventId: string, target: ReplyTarget): ReplyPreview {
  const empty = { eventId, senderId: null, senderName: null, text: null, msgtype: null };
  if (target === 'loading' || target === 'unavailable') return { ...empty, state: target };
  const senderId = target.getSender() ?? null;
  const who = { senderId, senderName: senderId === null ? null : (room.getMember(senderId)?.name ?? senderId) };
  if (target.isRedacted()) return { ...empty, ...who, state: 'deleted' };
  if (target.isDecryptionFailure() || target.getType() === EventType.RoomMessageEncrypted) return { ...empty, ...who, state: 'encrypted' };
  const original = target.getType() === EventType.RoomMessage ? message(target) : null;
  if (!original) return { ...empty, ...who, state: 'loaded', text: null };
  const line = (original.media?.name ?? original.body).replace(/\s+/g, ' ').trim().slice(0, MAX_REPLY_TEXT);
  return { eventId, ...who, state: 'loaded', text: line, msgtype: original.msgtype };
}

/**
 * A thread's summary: the replies this client holds (live ones arrive through sync), or the
 * server's bundled count and latest reply for a root loaded from history, whichever knows more.
 */
function threadOf(room: Room, event: MatrixEvent): ThreadSummary | null {
  const id = event.getId();
  if (!id) return null;
  const local = room.relations.getChildEventsForEvent(id, THREAD, EventType.RoomMessage)?.getRelations().filter((reply) => !reply.isRedacted()) ?? [];
  const bundled = fieldsOf(event.getServerAggregatedRelation(THREAD));
  const bundledCount = typeof bundled?.count === 'number' && Number.isSafeInteger(bundled.count) ? bundled.count : 0;
  const count = Math.max(local.length, bundledCount);
  if (count === 0) return null;
  const newest = local.toSorted((a, b) => b.getTs() - a.getTs())[0];
  const participated = local.some((reply) => reply.getSender() === room.myUserId) || bundled?.current_user_participated === true;
  if (newest) {
    const sender = newest.getSender() ?? '';
    const projected = message(newest);
    return {
      count,
      latestSenderName: room.getMember(sender)?.name ?? sender,
      latestText: (projected.media?.name ?? projected.body).replace(/\s+/g, ' ').trim().slice(0, MAX_REPLY_TEXT) || null,
      latestTs: newest.getTs(),
      participated,
    };
  }
  const latest = fieldsOf(bundled?.latest_event);
  const sender = typeof latest?.sender === 'string' ? latest.sender : null;
  const body = fieldsOf(latest?.content)?.body;
  return {
    count,
    latestSenderName: sender === null ? null : (room.getMember(sender)?.name ?? sender),
    latestText: latest?.type === EventType.RoomMessage && typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, MAX_REPLY_TEXT) : null,
    latestTs: typeof latest?.origin_server_ts === 'number' ? latest.origin_server_ts : 0,
    participated,
  };
}

/** Reactions by key, from the SDK's aggregation (which drops redacted ones), most used first. */
function reactionsOf(room: Room, event: MatrixEvent): ReactionGroup[] {
  const id = event.getId();
  if (!id) return [];
  const annotations = room.relations.getChildEventsForEvent(id, RelationType.Annotation, EventType.Reaction)?.getSortedAnnotationsByKey();
  if (!annotations) return [];
  const groups = new Map<string, { events: MatrixEvent[] }>();
  for (const [rawKey, events] of annotations) {
    if (typeof rawKey !== 'string' || rawKey === '') continue;
    // Keys cut to the same text are one group; each person counts once per key.
    const key = rawKey.slice(0, MAX_REACTION_KEY);
    const group = groups.get(key) ?? { events: [] };
    group.events.push(...events);
    groups.set(key, group);
  }
  const result: ReactionGroup[] = [];
  for (const [key, group] of groups) {
    const senders = new Map<string, number>();
    for (const reaction of group.events) {
      const sender = reaction.getSender();
      if (sender && !reaction.isRedacted()) senders.set(sender, Math.min(senders.get(sender) ?? Infinity, reaction.getTs()));
    }
    if (senders.size === 0) continue;
    const ordered = [...senders].toSorted((a, b) => a[1] - b[1]).map(([sender]) => sender);
    result.push({
      key,
      count: ordered.length,
      mine: senders.has(room.myUserId),
      senders: ordered.slice(0, MAX_REACTION_SENDERS).map((sender) => room.getMember(sender)?.name ?? sender),
    });
  }
  return result.toSorted((a, b) => b.count - a.count).slice(0, MAX_REACTION_GROUPS);
}

function stateChange(room: Room, event: MatrixEvent): Extract<TimelineItem, { kind: 'state' }>['change'] {
  const content = event.getContent();
  switch (event.getType()) {
    case EventType.RoomMember: {
      const target = event.getStateKey() ?? '';
      const previous = event.getPrevContent().membership;
      return {
        type: 'member',
        target,
        targetName: room.getMember(target)?.name ?? (typeof content.displayname === 'string' ? content.displayname : target),
        membership: typeof content.membership === 'string' ? content.membership : 'unknown',
        previous: typeof previous === 'string' ? previous : null,
      };
    }
    case EventType.RoomName:
      return { type: 'name', name: typeof content.name === 'string' ? content.name.slice(0, 255) : '' };
    case EventType.RoomTopic:
      return { type: 'topic', topic: typeof content.topic === 'string' ? content.topic.slice(0, 4096) : '' };
    case EventType.RoomEncryption:
      return { type: 'encryption' };
    case EventType.RoomCreate:
      return { type: 'create' };
    default:
      return { type: 'other', eventType: event.getType().slice(0, 255) };
  }
}
