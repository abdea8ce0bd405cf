import { formatMxcUri, isValidMxcParts } from '../../../shared/matrix/mxc-uri.ts';

/** What a media URL from the renderer asks for; only these shapes exist. */
export type MediaRequest =
  | { readonly kind: 'download'; readonly mxc: string }
  | { readonly kind: 'thumbnail'; readonly mxc: string; readonly width: number; readonly height: number; readonly method: 'scale' | 'crop' };

const SIZE = /^[1-9]\d{0,3}$/;

/**
 * Parses `download/<server-name>/<media-id>` or `thumbnail/<server-name>/<media-id>` with
 * `?w=&h=&m=` (the path after the media scheme's host, or after the harness's /media/ prefix).
 * Anything else is null: the page gets a 400, and nothing is requested from the homeserver.
 */
export function parseMediaRequest(path: string, query: URLSearchParams): MediaRequest | null {
  const parts = path.replace(/^\/+/, '').split('/');
  if (parts.length !== 3) return null;
  const [kind, encodedServer = '', encodedId = ''] = parts;
  let serverName: string;
  let mediaId: string;
  try {
    serverName = decodeURIComponent(encodedServer);
    mediaId = decodeURIComponent(encodedId);
  } catch {
    return null;
  }
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
