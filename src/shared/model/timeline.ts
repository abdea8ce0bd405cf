import type { ListPatch } from './list.ts';

/** One row of an open room's timeline: what the renderer shows, not the Matrix event itself. */
export type TimelineItem = MessageItem | EncryptedItem | StateItem | RedactedItem | UnknownItem;

interface ItemBase {
  /** The event ID (a local ID while a message is still being sent). */
  readonly id: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly ts: number;
}

export interface MessageItem extends ItemBase {
  readonly kind: 'message';
  readonly msgtype: 'text' | 'emote' | 'notice' | 'image' | 'file' | 'video' | 'audio' | 'other';
  readonly body: string;
  /** org.matrix.custom.html as sent; the renderer sanitises it against the spec's allowlist before use. */
  readonly formattedBody: string | null;
  /** For images, files, video, audio: the (unencrypted) content URI and facts about it. */
  readonly media: { readonly mxc: string | null; readonly mimetype: string | null; readonly size: number | null; readonly name: string | null } | null;
  /** True when this message came encrypted (and was decrypted). */
  readonly encrypted: boolean;
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
