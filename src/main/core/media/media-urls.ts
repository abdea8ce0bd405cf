/**
 * URLs of the authenticated media endpoints (Matrix 1.11, `/_matrix/client/v1/media/…`). The
 * unauthenticated `/_matrix/media/v3/…` endpoints are never used for downloads: servers are
 * freezing them, and a request without the token is one that a server may answer for anyone.
 */
import { isValidMxcParts, type MxcParts } from '../../../shared/matrix/mxc-uri.ts';

const MEDIA_PREFIX = '/_matrix/client/v1/media';
export const MAX_THUMBNAIL_DIMENSION = 2048;

export type ThumbnailMethod = 'scale' | 'crop';

export interface ThumbnailSize {
  readonly width: number;
  readonly height: number;
  readonly method: ThumbnailMethod;
  /** Ask for an animated thumbnail when the original is animated (the spec's `animated`). */
  readonly animated?: boolean;
}

export function mediaDownloadUrl(homeserver: string, media: MxcParts): URL {
  return mediaUrl(homeserver, 'download', media);
}

export function mediaThumbnailUrl(homeserver: string, media: MxcParts, size: ThumbnailSize): URL {
  if (!isValidDimension(size.width) || !isValidDimension(size.height)) {
    throw new RangeError(`thumbnail width and height must be integers from 1 to ${MAX_THUMBNAIL_DIMENSION}`);
  }
  if (size.method !== 'scale' && size.method !== 'crop') throw new RangeError('thumbnail method must be scale or crop');
  const url = mediaUrl(homeserver, 'thumbnail', media);
  url.searchParams.set('width', String(size.width));
  url.searchParams.set('height', String(size.height));
  url.searchParams.set('method', size.method);
  if (size.animated !== undefined) url.searchParams.set('animated', String(size.animated));
  return url;
}

export function isValidDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_THUMBNAIL_DIMENSION;
}

/**
 * The homeserver base URL is the user's (or the well-known's) choice, the media parts come from
 * events; the parts are validated again here, whoever parsed them, and each is percent-encoded
 * as one path segment, so neither can add a segment, a query or a fragment.
 */
function mediaUrl(homeserver: string, endpoint: 'download' | 'thumbnail', media: MxcParts): URL {
  if (!isValidMxcParts(media)) throw new RangeError('not a valid mxc server name and media ID');
  const base = parseHomeserverUrl(homeserver);
  const path = `${MEDIA_PREFIX}/${endpoint}/${encodeURIComponent(media.serverName)}/${encodeURIComponent(media.mediaId)}`;
  // A base URL may carry a path prefix (a homeserver behind /matrix/ on a shared host); keep it.
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  return url;
}

/** The homeserver base URL, refused unless it is plain http(s) without credentials, query or fragment. */
export function parseHomeserverUrl(homeserver: string): URL {
  let url: URL;
  try {
    url = new URL(homeserver);
  } catch {
    throw new RangeError('homeserver base URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError('homeserver base URL must be http(s)');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new RangeError('homeserver base URL may not carry credentials, a query or a fragment');
  }
  return url;
}
