import type { ListPatch } from './list.ts';

/** One row of an open room's timeline: what the renderer shows, not the Matrix event itself. */
export type TimelineItem = MessageItem | EncryptedItem | StateItem | RedactedItem | UnknownItem;

interface ItemBase {
  /** The event ID (a local ID while a message is still being sent). */
  readonly id: string;
  readonly senderId: string;
  readonly senderName: string;
  /** The sender's avatar in this room (an mxc:// URI), if they have one. */
  readonly senderAvatarMxc: string | null;
  readonly ts: number;
}

export interface MessageItem extends ItemBase {
  readonly kind: 'message';
  readonly msgtype: 'text' | 'emote' | 'notice' | 'image' | 'file' | 'video' | 'audio' | 'other';
  readonly body: string;
  /** org.matrix.custom.html as sent; the renderer sanitises it against the spec's allowlist before use. */
  readonly formattedBody: string | null;
  /** For images, files, video, audio: facts about the attachment; the renderer asks main for the bytes. */
  readonly media: MediaInfo | null;
  /** True when this message came encrypted (and was decrypted). */
  readonly encrypted: boolean;
  /** The sender replaced it (m.replace): body and formattedBody are the latest edit's. */
  readonly edited: boolean;
  /** The message this one answers (m.in_reply_to); its quoted fallback is already stripped from the body. */
  readonly replyTo: ReplyPreview | null;
  /** Reactions (m.annotation), by key, most used first. */
  readonly reactions: readonly ReactionGroup[];
  /** Replies in a thread started on this message (m.thread), if any. */
  readonly thread: ThreadSummary | null;
  /** It mentions this user (or the room, or a keyword): the push rules' highlight, which the room list counts too. */
  readonly highlight: boolean;
  /** This user may edit it: their own text message, not deleted. */
  readonly canEdit: boolean;
  /** This user may delete it: their own, or anyone's with the room's redact power. */
  readonly canRedact: boolean;
}

/** What a thread's root shows of its replies. */
export interface ThreadSummary {
  readonly count: number;
  readonly latestSenderName: string | null;
  /** The newest reply's text; null while it cannot be read (encrypted, not fetched). */
  readonly latestText: string | null;
  readonly latestTs: number;
  /** This user wrote in the thread. */
  readonly participated: boolean;
}

/** A thread: its root and its replies, oldest first. */
export interface ThreadView {
  readonly roomId: string;
  readonly root: TimelineItem | null;
  readonly replies: readonly TimelineItem[];
}

/** What a reply shows of the message it answers. */
export interface ReplyPreview {
  readonly eventId: string;
  /**
   * `loaded`: sender and text are known; `loading`: main is fetching the original; `deleted`:
   * redacted; `encrypted`: not decryptable (yet); `unavailable`: the server would not give it.
   */
  readonly state: 'loaded' | 'loading' | 'deleted' | 'encrypted' | 'unavailable';
  readonly senderId: string | null;
  readonly senderName: string | null;
  /** One line of the original: its text (fallback stripped), or an attachment's name. */
  readonly text: string | null;
  readonly msgtype: MessageItem['msgtype'] | null;
}

export interface ReactionGroup {
  /** The reaction itself: usually one emoji, but any short text. */
  readonly key: string;
  readonly count: number;
  /** This user reacted so: a click takes the reaction back. */
  readonly mine: boolean;
  /** The display names of those who reacted, oldest first (at most MAX_REACTION_SENDERS). */
  readonly senders: readonly string[];
}

export interface MediaInfo {
  /**
   * Unencrypted attachments: the content URI. Encrypted ones (`encrypted: true`) are fetched by
   * room and event ID instead, so main can find the key in the event; then this is null.
   */
  readonly mxc: string | null;
  readonly encrypted: boolean;
  readonly mimetype: string | null;
  readonly size: number | null;
  /** The file name to show and to save under (`filename`, else the body). */
  readonly name: string | null;
  readonly width: number | null;
  readonly height: number | null;
  /** True when the event carries a thumbnail (or, unencrypted, the server can make one). */
  readonly hasThumbnail: boolean;
}

export interface EncryptedItem extends ItemBase {
  readonly kind: 'encrypted';
  /** Why it can't be read yet: the renderer explains each in plain words. */
  readonly reason: 'waiting-for-key' | 'undecryptable';
  /** Moderators may delete what nobody can read (spam sent encrypted). */
  readonly canRedact: boolean;
}

export interface StateItem extends ItemBase {
  readonly kind: 'state';
  readonly change:
    | { readonly type: 'member'; readonly target: string; readonly targetName: string; readonly membership: string; readonly previous: string | null }
    | { readonly type: 'name'; readonly name: string }
    | { readonly type: 'topic'; readonly topic: string }
    | { readonly type: 'encryption' }
    | { readonly type: 'create' }
    | { readonly type: 'other'; readonly eventType: string };
}

export interface RedactedItem extends ItemBase {
  readonly kind: 'redacted';
}

export interface UnknownItem extends ItemBase {
  readonly kind: 'unknown';
  readonly eventType: string;
}

export interface TimelineWindowView {
  readonly windowId: string;
  readonly roomId: string;
  /** Where the user's fully-read marker (m.fully_read) was when the window opened: the "new messages" line goes after it. */
  readonly readMarkerEventId: string | null;
  readonly seq: number;
  readonly items: readonly TimelineItem[];
  readonly hasMoreBefore: boolean;
}

/** 'add' appends at the live end; anything that reorders (back-pagination) is sent as a 'reset'. */
export interface TimelinePatches {
  readonly windowId: string;
  readonly seq: number;
  readonly patches: readonly ListPatch<TimelineItem>[];
  readonly hasMoreBefore: boolean;
}
