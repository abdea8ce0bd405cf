/**
 * Downloads and decrypts the media of an encrypted event (`file` or `info.thumbnail_file`). The
 * homeserver sees only ciphertext and serves it as application/octet-stream; the real type is
 * the sender's `info.mimetype`, which is just as untrusted and goes through the same allowlist.
 */
import { decryptAttachment, parseEncryptedFile } from './encrypted-attachment.ts';
import type { FetchedMedia, MediaFetcher, MediaRequestOptions } from './media-fetcher.ts';
import { sanitizeContentType } from './media-headers.ts';

export interface EncryptedMediaOptions extends MediaRequestOptions {
  /** The event's `info.mimetype` (or `thumbnail_info.mimetype`), as the sender claimed it. */
  readonly mimetype?: unknown;
}

export async function fetchEncryptedMedia(fetcher: MediaFetcher, file: unknown, options: EncryptedMediaOptions = {}): Promise<FetchedMedia> {
  // Validated before the download, so a malformed key costs no request.
  const parsed = parseEncryptedFile(file);
  const { bytes } = await fetcher.download(parsed.url, options.signal === undefined ? {} : { signal: options.signal });
  const plain = await decryptAttachment(bytes, parsed);
  return { bytes: plain, contentType: sanitizeContentType(typeof options.mimetype === 'string' ? options.mimetype : undefined) };
}
