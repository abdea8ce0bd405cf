import { parseMxcUri } from '../../shared/matrix/mxc-uri.ts';

declare const __PLENUM_HARNESS__: boolean;

export interface ThumbnailSize {
  readonly width: number;
  readonly height: number;
  readonly method?: 'scale' | 'crop';
}

/**
 * The URL under which main serves an mxc:// URI to this page: the plenum-media: scheme in
 * Electron, the harness's same-origin /media/ path in a plain browser. Main adds the token; the
 * page never sees it. An invalid mxc URI yields null, so nothing is requested.
 */
export function mediaUrl(mxc: string, thumbnail?: ThumbnailSize): string | null {
  const parts = parseMxcUri(mxc);
  if (!parts) return null;
  const base = __PLENUM_HARNESS__ ? '/media' : 'plenum-media://media';
  const path = `${thumbnail ? 'thumbnail' : 'download'}/${encodeURIComponent(parts.serverName)}/${encodeURIComponent(parts.mediaId)}`;
  if (!thumbnail) return `${base}/${path}`;
  const query = new URLSearchParams({ w: String(thumbnail.width), h: String(thumbnail.height), m: thumbnail.method ?? 'scale' });
  return `${base}/${path}?${query.toString()}`;
}
