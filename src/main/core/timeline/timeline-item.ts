import { EventType, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api/index.js';
import type { MessageItem, TimelineItem } from '../../../shared/model/timeline.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import { fieldsOf, isMediaKind, mediaInfo } from './media-info.ts';
import { messageKind } from './message-kind.ts';

const MAX_BODY = 64 * 1024;

/**
 * Events that change other rows rather than being rows: redactions (the target shows as deleted),
 * reactions and edits (later shown on the message they belong to).
 */
export function isTimelineRow(event: MatrixEvent): boolean {
  const type = event.getType();
  if (type === EventType.RoomRedaction || type === EventType.Reaction) return false;
  return event.getRelation()?.rel_type !== 'm.replace';
}

/** Projects one SDK event into a timeline row; unknown or malformed content never throws. */
export function toTimelineItem(room: Room, event: MatrixEvent): TimelineItem {
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
  if (event.isDecryptionFailure()) return { ...base, kind: 'encrypted', reason: keyMayArrive(event) ? 'waiting-for-key' : 'undecryptable' };
  if (event.getType() === EventType.RoomMessageEncrypted) return { ...base, kind: 'encrypted', reason: 'waiting-for-key' };
  if (event.getType() === EventType.RoomMessage) return { ...base, ...message(event) };
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

function message(event: MatrixEvent): Omit<MessageItem, 'id' | 'senderId' | 'senderName' | 'senderAvatarMxc' | 'ts'> {
  const content = fieldsOf(event.getContent()) ?? {};
  const text = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, MAX_BODY) : null);
  const body = text(content.body) ?? '';
  const html = content.format === 'org.matrix.custom.html' ? text(content.formatted_body) : null;
  const kind = messageKind(content.msgtype);
  return {
    kind: 'message',
    msgtype: kind,
    body,
    formattedBody: html,
    media: isMediaKind(kind) ? mediaInfo(kind, content) : null,
    encrypted: event.isEncrypted(),
  };
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
