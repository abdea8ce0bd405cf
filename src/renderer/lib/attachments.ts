/**
 * Turns a File the user picked, pasted or dropped into what `messages.sendFile` accepts. The bytes
 * travel as base64 because every transport (Electron IPC, the harness's WebSocket) carries JSON.
 */

/** The core refuses media above this size (media-fetcher.ts); the server may allow less. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

export interface EncodedAttachment {
  readonly name: string;
  readonly mimetype: string;
  readonly data: string;
  readonly width?: number;
  readonly height?: number;
}

const FALLBACK_MIMETYPE = 'application/octet-stream';
const MIMETYPE = /^[\w.+-]+\/[\w.+-]+$/;
const MAX_NAME_LENGTH = 255;
const MAX_PIXELS = 100_000;
/** Image types Chromium decodes; SVG is left out on purpose (it is a document, not a bitmap). */
const BITMAP_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

/** The file's type as the contract accepts it: without parameters, or octet-stream when unknown. */
export function attachmentMimetype(file: Pick<File, 'type'>): string {
  const bare = (file.type.split(';')[0] ?? '').trim().toLowerCase();
  return MIMETYPE.test(bare) && bare.length <= 255 ? bare : FALLBACK_MIMETYPE;
}

/** A name the contract accepts: trimmed, at most 255 characters with the extension kept, never empty. */
export function attachmentName(file: Pick<File, 'name'>): string {
  const name = file.name.trim();
  if (name === '') return 'attachment';
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? Array.from(name.slice(dot)) : [];
  return chars.slice(0, MAX_NAME_LENGTH - extension.length).join('') + extension.join('');
}

export const isBitmapImage = (mimetype: string): boolean => BITMAP_TYPES.has(mimetype);

/**
 * Base64 of the bytes, encoded in slices: `String.fromCharCode(...bytes)` on a whole file overflows
 * the call stack. Slices are a multiple of 3 bytes so that their base64 pieces join without padding.
 */
export function toBase64(bytes: Uint8Array): string {
  const slice = 3 * 16_384;
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += slice) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(start, start + slice))));
  }
  return parts.join('');
}

/** Width and height of a bitmap image, or nothing when it cannot be decoded (then it goes as a file). */
export async function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  if (typeof createImageBitmap !== 'function') return null;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    const valid = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_PIXELS;
    return valid(size.width) && valid(size.height) ? size : null;
  } catch {
    return null;
  }
}

/** Reads and encodes one file; rejects when the file cannot be read (it was deleted or moved). */
export async function encodeAttachment(file: File): Promise<EncodedAttachment> {
  const mimetype = attachmentMimetype(file);
  const data = toBase64(new Uint8Array(await file.arrayBuffer()));
  const size = isBitmapImage(mimetype) ? await imageSize(file) : null;
  return { name: attachmentName(file), mimetype, data, ...(size ?? {}) };
}
