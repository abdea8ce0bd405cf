import type { SpaceSummary } from './spaces.ts';

/** One row of the room list, as the renderer may know it: no raw events, no tokens. */
export interface RoomSummary {
  readonly id: string;
  readonly name: string;
  /** An mxc:// URI; the renderer asks main for the picture, main adds the token. */
  readonly avatarMxc: string | null;
  readonly membership: 'join' | 'invite';
  readonly isDirect: boolean;
  /** For direct chats: the other person's user ID (from m.direct, or the inviter of a DM invite). */
  readonly directUserId: string | null;
  readonly isEncrypted: boolean;
  /** Tagged m.favourite by this account. */
  readonly isFavourite: boolean;
  readonly topic: string | null;
  /** Joined members. */
  readonly memberCount: number;
  /** For invites: who invited. */
  readonly inviter: string | null;
  readonly lastMessage: MessagePreview | null;
  /** Milliseconds since the epoch of the last activity, for ordering. */
  readonly lastActivity: number;
  readonly unread: number;
  readonly highlights: number;
  /** What notifies here, from the account's push rules. */
  readonly notificationMode: RoomNotificationMode;
  /** Set for spaces: their rooms, and whether this user may change them. Spaces are not conversations. */
  readonly space: SpaceSummary | null;
}

/** All messages (the server's default), only mentions and keywords, or nothing at all. */
export type RoomNotificationMode = 'all' | 'mentions' | 'mute';

export interface MessagePreview {
  readonly senderId: string;
  readonly senderName: string;
  /** What the renderer shows: plain text for text-like messages, a translated label for the rest. */
  readonly kind: 'text' | 'emote' | 'notice' | 'image' | 'file' | 'video' | 'audio' | 'encrypted' | 'other';
  /** Plain text, at most 200 characters; only for text, emote and notice. */
  readonly text: string | null;
  readonly ts: number;
}

/** Who is typing in a room now, without this user. */
export interface TypingView {
  readonly roomId: string;
  readonly users: readonly { readonly id: string; readonly name: string }[];
}
