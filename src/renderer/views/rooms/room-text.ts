import type { AppError } from '../../../shared/ipc/result.ts';
import type { RoomSummary } from '../../../shared/model/rooms.ts';
import type { MessageKey, Translator } from '../../i18n/translator.ts';

type T = Translator['t'];

/**
 * The row's second line. Own messages read "You: …" so people see at a glance who spoke last; in
 * group rooms the sender is named, in a direct chat the room name already says who it is.
 */
export function previewText(t: T, room: RoomSummary, ownUserId: string): string {
  if (room.membership === 'invite') return room.inviter ? t('roomList.preview.invitedBy', { name: room.inviter }) : t('roomList.row.invited');
  const last = room.lastMessage;
  if (!last) return room.topic ?? t('roomList.preview.none');
  const own = last.senderId === ownUserId;
  if (last.kind === 'emote') return t('roomList.preview.emote', { name: last.senderName, text: last.text ?? '' });
  const text = last.kind === 'text' || last.kind === 'notice' ? (last.text ?? t('roomList.preview.other')) : t(`roomList.preview.${last.kind}`);
  if (own) return t('roomList.preview.you', { text });
  if (room.isDirect) return text;
  return t('roomList.preview.sender', { name: last.senderName, text });
}

const explained = new Set<string>(['NETWORK', 'FORBIDDEN', 'RATE_LIMITED', 'NOT_FOUND']);

/** Why an action failed, in plain words; the server's own message is for logs, not for people. */
export function errorText(t: T, error: AppError): string {
  return t((explained.has(error.code) ? `roomList.error.${error.code}` : 'roomList.error.other') as MessageKey);
}

/** "Ctrl+K" or "⌘K", as the platform writes its shortcuts. */
export function shortcutLabel(key: string, apple: boolean): string {
  return apple ? `⌘${key}` : `Ctrl+${key}`;
}
