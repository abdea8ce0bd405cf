import { EventType, KnownMembership, NotificationCountType, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import type { MessagePreview, RoomSummary } from '../../../shared/model/rooms.ts';
import { isTextKind, messageKind } from '../timeline/message-kind.ts';
import { stripReplyFallback } from '../timeline/reply-fallback.ts';
import { isTimelineRow } from '../timeline/timeline-item.ts';
import { FAVOURITE_TAG } from './room-actions.ts';
import { spaceSummary } from './spaces.ts';
import { roomNotificationMode } from '../notifications/push-rule-settings.ts';

const PREVIEW_LENGTH = 200;
const TOPIC_LENGTH = 1000;

/** Projects an SDK room into the renderer's row; everything the UI needs, nothing it must not see. */
export function summariseRoom(client: MatrixClient, room: Room, directRoomIds: ReadonlyMap<string, string>): RoomSummary | null {
  const membership = room.getMyMembership();
  if (membership !== KnownMembership.Join && membership !== KnownMembership.Invite) return null;
  const inviter = membership === KnownMembership.Invite ? (room.getDMInviter() ?? inviterOf(client, room)) : null;
  const last = lastPreviewable(room);
  return {
    id: room.roomId,
    name: room.name || room.roomId,
    avatarMxc: room.getMxcAvatarUrl(),
    membership,
    isDirect: directRoomIds.has(room.roomId) || (membership === KnownMembership.Invite && room.getDMInviter() !== undefined),
    directUserId: directRoomIds.get(room.roomId) ?? (membership === KnownMembership.Invite ? (room.getDMInviter() ?? null) : null),
    isEncrypted: room.hasEncryptionStateEvent(),
    isFavourite: FAVOURITE_TAG in room.tags,
    topic: topicOf(room),
    memberCount: room.getJoinedMemberCount(),
    inviter,
    lastMessage: last ? preview(room, last) : null,
    lastActivity: last?.getTs() ?? room.getLastActiveTimestamp() ?? 0,
    unread: room.getUnreadNotificationCount(NotificationCountType.Total),
    highlights: room.getUnreadNotificationCount(NotificationCountType.Highlight),
    notificationMode: roomNotificationMode(client, room.roomId),
    space: spaceSummary(room, client.getUserId() ?? ''),
  };
}

/** Room IDs listed in the account's m.direct data, each with the person the chat is with. */
export function directRoomIds(client: MatrixClient): Map<string, string> {
  const content = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, unknown>;
  const partners = new Map<string, string>();
  for (const [userId, rooms] of Object.entries(content)) {
    if (Array.isArray(rooms)) for (const id of rooms) if (typeof id === 'string' && !partners.has(id)) partners.set(id, userId);
  }
  return partners;
}

/** The plain-text topic; the server stores whatever a client sent, so it is checked and capped. */
function topicOf(room: Room): string | null {
  const topic: unknown = room.currentState.getStateEvents(EventType.RoomTopic, '')?.getContent().topic;
  if (typeof topic !== 'string') return null;
  const trimmed = topic.trim();
  return trimmed ? trimmed.slice(0, TOPIC_LENGTH) : null;
}

function inviterOf(client: MatrixClient, room: Room): string | null {
  const me = client.getUserId();
  return (me && room.currentState.getMember(me)?.events.member?.getSender()) || null;
}

function lastPreviewable(room: Room): MatrixEvent | undefined {
  const events = room.getLiveTimeline().getEvents();
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    // An edit changes the message it replaces (whose content the SDK then shows): it is not the latest message itself.
    if (event && !event.isRedacted() && (event.getType() === EventType.RoomMessage || event.isEncrypted()) && isTimelineRow(event)) return event;
  }
  return undefined;
}

function preview(room: Room, event: MatrixEvent): MessagePreview {
  const senderId = event.getSender() ?? '';
  const base = { senderId, senderName: room.getMember(senderId)?.name ?? senderId, ts: event.getTs() };
  if (event.isDecryptionFailure() || (event.isEncrypted() && event.getType() === EventType.RoomMessageEncrypted)) {
    return { ...base, kind: 'encrypted', text: null };
  }
  const content = event.getContent();
  const kind = messageKind(content.msgtype);
  const body = typeof content.body === 'string' ? (event.replyEventId ? stripReplyFallback(content.body) : content.body) : null;
  const text = isTextKind(kind) && body !== null ? body.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_LENGTH) : null;
  return { ...base, kind, text };
}
