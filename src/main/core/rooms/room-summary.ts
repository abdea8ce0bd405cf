import { EventType, KnownMembership, NotificationCountType, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import type { MessagePreview, RoomSummary } from '../../../shared/model/rooms.ts';
import { isTextKind, messageKind } from '../timeline/message-kind.ts';

const PREVIEW_LENGTH = 200;

/** Projects an SDK room into the renderer's row; everything the UI needs, nothing it must not see. */
export function summariseRoom(client: MatrixClient, room: Room, directRoomIds: ReadonlySet<string>): RoomSummary | null {
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
    isEncrypted: room.hasEncryptionStateEvent(),
    isFavourite: false, // SCAFFOLD
    topic: null, // SCAFFOLD
    memberCount: room.getJoinedMemberCount(),
    inviter,
    lastMessage: last ? preview(room, last) : null,
    lastActivity: last?.getTs() ?? room.getLastActiveTimestamp() ?? 0,
    unread: room.getUnreadNotificationCount(NotificationCountType.Total),
    highlights: room.getUnreadNotificationCount(NotificationCountType.Highlight),
  };
}

/** Room IDs listed in the account's m.direct data. */
export function directRoomIds(client: MatrixClient): Set<string> {
  const content = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, unknown>;
  const ids = new Set<string>();
  for (const rooms of Object.values(content)) {
    if (Array.isArray(rooms)) for (const id of rooms) if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

function inviterOf(client: MatrixClient, room: Room): string | null {
  const me = client.getUserId();
  return (me && room.currentState.getMember(me)?.events.member?.getSender()) || null;
}

function lastPreviewable(room: Room): MatrixEvent | undefined {
  const events = room.getLiveTimeline().getEvents();
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event && !event.isRedacted() && (event.getType() === EventType.RoomMessage || event.isEncrypted())) return event;
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
  const text = isTextKind(kind) && typeof content.body === 'string' ? content.body.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_LENGTH) : null;
  return { ...base, kind, text };
}
