import type { OutboxAttachment } from '../../../shared/model/outbox.ts';
import type { EncryptedFileKeys } from '../media/encrypted-attachment.ts';
import type { ReactionContent, RedactionContent, RelatedMessageContent } from './relation-content.ts';

/** An m.image or m.file message as the outbox stores it: everything but where the bytes are, known after the upload. */
export interface FileMessageContent {
  readonly msgtype: 'm.image' | 'm.file';
  /** The file name: what clients without file support show. */
  readonly body: string;
  readonly filename: string;
  readonly info: { readonly mimetype: string; readonly size: number; readonly w?: number; readonly h?: number };
}

/** A message forwarded from another room: its content as it was, attachments already on the server. */
export interface ForwardedContent {
  readonly msgtype: string;
  readonly body: string;
  readonly [field: string]: unknown;
}

/** What an outbox row sends: typed text (a reply or an edit too), a file, a forwarded message, a reaction or a deletion. */
export type OutboxContent = RelatedMessageContent | FileMessageContent | ForwardedContent | ReactionContent | RedactionContent;

/** Where a row's bytes are on the server, remembered so that a restart after the upload sends only the event. */
export interface UploadedFile {
  readonly url: string;
  /** The key, IV and hash for an encrypted room's ciphertext; null for an upload in the clear. */
  readonly file: EncryptedFileKeys | null;
}

export interface FileDescription {
  readonly name: string;
  readonly mimetype: string;
  readonly size: number;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** An image (with its dimensions, so receivers can lay it out before it loads) or any other file. */
export function fileMessageContent({ name, mimetype, size, width, height }: FileDescription): FileMessageContent {
  const image = mimetype.toLowerCase().startsWith('image/') && width !== undefined && height !== undefined;
  return {
    msgtype: image ? 'm.image' : 'm.file',
    body: name,
    filename: name,
    info: image ? { mimetype, size, w: width, h: height } : { mimetype, size },
  };
}

/** A file whose bytes wait in the outbox for their upload; a forwarded one names where it is already (url or file). */
export const isFileContent = (content: OutboxContent): content is FileMessageContent =>
  'msgtype' in content && (content.msgtype === 'm.image' || content.msgtype === 'm.file') && !('url' in content) && !('file' in content);

export const isTextContent = (content: OutboxContent): content is RelatedMessageContent => 'msgtype' in content && content.msgtype === 'm.text';

export function attachmentOf(content: OutboxContent): OutboxAttachment | null {
  if (!isFileContent(content)) return null;
  return {
    name: content.filename,
    mimetype: content.info.mimetype,
    size: content.info.size,
    width: content.info.w ?? null,
    height: content.info.h ?? null,
  };
}

/** The event's content once the bytes are uploaded: `url` in the clear, or the spec's `file` object in an encrypted room. */
export function fileEventContent(content: FileMessageContent, upload: UploadedFile): Record<string, unknown> {
  if (upload.file === null) return { ...content, url: upload.url };
  return { ...content, file: { url: upload.url, ...upload.file } };
}
