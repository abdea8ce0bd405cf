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
