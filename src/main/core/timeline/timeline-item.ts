import { EventType, type MatrixEvent, type Room } from 'matrix-js-sdk';
import type { MessageItem, TimelineItem } from '../../../shared/model/timeline.ts';
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
  const base = { id: event.getId() ?? event.getTxnId() ?? '', senderId, senderName: room.getMember(senderId)?.name ?? senderId, senderAvatarMxc: null /* SCAFFOLD */, ts: event.getTs() };
  if (event.isRedacted()) return { ...base, kind: 'redacted' };
  if (event.isDecryptionFailure()) return { ...base, kind: 'encrypted', reason: 'undecryptable' };
  if (event.getType() === EventType.RoomMessageEncrypted) return { ...base, kind: 'encrypted', reason: 'waiting-for-key' };
  if (event.getType() === EventType.RoomMessage) return { ...base, ...message(event) };
  if (event.isState()) return { ...base, kind: 'state', change: stateChange(room, event) };
  return { ...base, kind: 'unknown', eventType: event.getType().slice(0, 255) };
}

function message(event: MatrixEvent): Omit<MessageItem, 'id' | 'senderId' | 'senderName' | 'senderAvatarMxc' | 'ts'> {
  const content = event.getContent();
  const text = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, MAX_BODY) : null);
  const body = text(content.body) ?? '';
  const html = content.format === 'org.matrix.custom.html' ? text(content.formatted_body) : null;
  const info = (typeof content.info === 'object' && content.info !== null ? content.info : {}) as Record<string, unknown>;
  const kind = messageKind(content.msgtype);
  const hasMedia = kind === 'image' || kind === 'file' || kind === 'video' || kind === 'audio';
  return {
    kind: 'message',
    msgtype: kind,
    body,
    formattedBody: html,
    media: hasMedia
      ? {
          mxc: text(content.url),
          mimetype: text(info.mimetype),
          size: typeof info.size === 'number' && Number.isFinite(info.size) ? info.size : null,
          name: text(content.filename) ?? body,
          encrypted: false, // SCAFFOLD
          width: null,
          height: null,
          hasThumbnail: false,
        }
      : null,
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
