import { formatMxcUri, isValidMxcParts } from '../../../shared/matrix/mxc-uri.ts';
import { isValidEventId, isValidRoomId } from './matrix-ids.ts';

/** What a media URL from the renderer asks for; only these shapes exist. */
export type MediaRequest =
  | { readonly kind: 'download'; readonly mxc: string }
  | { readonly kind: 'thumbnail'; readonly mxc: string; readonly width: number; readonly height: number; readonly method: 'scale' | 'crop' }
  /** The attachment of a message, found by its event: the only way to reach encrypted media. */
  | { readonly kind: 'event'; readonly roomId: string; readonly eventId: string; readonly thumbnail: boolean };

const SIZE = /^[1-9]\d{0,3}$/;

/**
 * Parses `download/<server-name>/<media-id>`, `thumbnail/<server-name>/<media-id>` with
 * `?w=&h=&m=`, or `event/<room-id>/<event-id>` with an optional `?thumbnail=1` (the path after the
 * media scheme's host, or after the harness's /media/ prefix; each part percent-encoded). Anything
 * else is null: the page gets a 400, and nothing is requested from the homeserver.
 */
export function parseMediaRequest(path: string, query: URLSearchParams): MediaRequest | null {
  const parts = path.replace(/^\/+/, '').split('/');
  if (parts.length !== 3) return null;
  const [kind, encodedFirst = '', encodedSecond = ''] = parts;
  let first: string;
  let second: string;
  try {
    first = decodeURIComponent(encodedFirst);
    second = decodeURIComponent(encodedSecond);
  } catch {
    return null;
  }
  if (kind === 'event') return eventRequest(first, second, query);
  const serverName = first;
  const mediaId = second;
  if (!isValidMxcParts({ serverName, mediaId })) return null;
  const mxc = formatMxcUri({ serverName, mediaId });
  if (kind === 'download') return [...query.keys()].length === 0 ? { kind, mxc } : null;
  if (kind !== 'thumbnail') return null;
  const width = query.get('w') ?? '';
  const height = query.get('h') ?? '';
  const method = query.get('m') ?? 'scale';
  if (!SIZE.test(width) || !SIZE.test(height) || (method !== 'scale' && method !== 'crop')) return null;
  if (Number(width) > 2048 || Number(height) > 2048) return null;
  return { kind, mxc, width: Number(width), height: Number(height), method };
}

function eventRequest(roomId: string, eventId: string, query: URLSearchParams): MediaRequest | null {
  if (!isValidRoomId(roomId) || !isValidEventId(eventId)) return null;
  const keys = [...query.keys()];
  if (keys.length === 0) return { kind: 'event', roomId, eventId, thumbnail: false };
  if (keys.length === 1 && query.get('thumbnail') === '1') return { kind: 'event', roomId, eventId, thumbnail: true };
  return null;
}
