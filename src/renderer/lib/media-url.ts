import { parseMxcUri } from '../../shared/matrix/mxc-uri.ts';

declare const __PLENUM_HARNESS__: boolean;

export interface ThumbnailSize {
  readonly width: number;
  readonly height: number;
  readonly method?: 'scale' | 'crop';
}

/** Electron's plenum-media: scheme, or the harness's same-origin /media/ path in a plain browser. */
const mediaBase = (): string => (__PLENUM_HARNESS__ ? '/media' : 'plenum-media://media');

/**
 * The URL under which main serves an mxc:// URI to this page. Main adds the token; the page never
 * sees it. An invalid mxc URI yields null, so nothing is requested.
 */
export function mediaUrl(mxc: string, thumbnail?: ThumbnailSize): string | null {
  const parts = parseMxcUri(mxc);
  if (!parts) return null;
  const path = `${thumbnail ? 'thumbnail' : 'download'}/${encodeURIComponent(parts.serverName)}/${encodeURIComponent(parts.mediaId)}`;
  if (!thumbnail) return `${mediaBase()}/${path}`;
  const query = new URLSearchParams({ w: String(thumbnail.width), h: String(thumbnail.height), m: thumbnail.method ?? 'scale' });
  return `${mediaBase()}/${path}?${query.toString()}`;
}

/**
 * The URL of a message's attachment, found by its event: the only way to show encrypted media
 * (main finds the key in the event and decrypts), and it works for unencrypted media too. With
 * `thumbnail`, the event's thumbnail if it has one, else the attachment itself.
 */
export function eventMediaUrl(roomId: string, eventId: string, options: { readonly thumbnail?: boolean } = {}): string {
  const path = `event/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`;
  return `${mediaBase()}/${path}${options.thumbnail ? '?thumbnail=1' : ''}`;
}
