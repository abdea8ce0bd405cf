import { MsgType } from 'matrix-js-sdk';

export type MessageKind = 'text' | 'emote' | 'notice' | 'image' | 'file' | 'video' | 'audio' | 'other';

const KINDS: ReadonlyMap<string, MessageKind> = new Map([
  [MsgType.Text, 'text'],
  [MsgType.Emote, 'emote'],
  [MsgType.Notice, 'notice'],
  [MsgType.Image, 'image'],
  [MsgType.File, 'file'],
  [MsgType.Video, 'video'],
  [MsgType.Audio, 'audio'],
]);

/** A message's msgtype as the renderer knows it; anything unknown or malformed is 'other'. */
export const messageKind = (msgtype: unknown): MessageKind => (typeof msgtype === 'string' ? KINDS.get(msgtype) : undefined) ?? 'other';

/** Kinds whose body is text to show, rather than a caption of an attachment. */
export const isTextKind = (kind: MessageKind): boolean => kind === 'text' || kind === 'emote' || kind === 'notice';
