import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { fetchEventMedia } from './event-media.ts';
import type { FetchedMedia, MediaFetcher } from './media-fetcher.ts';
import { OPAQUE_CONTENT_TYPE } from './media-headers.ts';
import { parseMediaRequest, type MediaRequest } from './media-request.ts';

export type MediaResponder = (path: string, query: URLSearchParams, signal?: AbortSignal) => Promise<Response>;

/**
 * Answers the renderer's media URLs (the plenum-media: scheme in Electron, /media/ in the harness)
 * with bytes the core fetched with the session's token. Only headers derived here are sent, never
 * the homeserver's: the page must not be able to turn a download into a document.
 * `currentClient` is the signed-in session's client, needed to find events (and their keys).
 */
export function createMediaResponder(currentFetcher: () => MediaFetcher | null, currentClient: () => MatrixClient | null = () => null): MediaResponder {
  return async (path, query, signal) => {
    const request = parseMediaRequest(path, query);
    if (!request) return empty(400);
    const fetcher = currentFetcher();
    const client = request.kind === 'event' ? currentClient() : null;
    if (!fetcher || (request.kind === 'event' && !client)) return empty(401);
    try {
      const media = await fetchMedia(request, fetcher, client, signal);
      return new Response(media.bytes, {
        status: 200,
        headers: {
          'Content-Type': media.contentType,
          'Content-Length': String(media.bytes.byteLength),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "sandbox; default-src 'none'",
          // Decrypted or private bytes never go into a disk cache.
          'Cache-Control': 'no-store',
          'Cross-Origin-Resource-Policy': 'same-origin',
          // Only an event names its file: the server's name for an mxc:// upload is the uploader's say.
          ...contentDisposition(media.contentType, request.kind === 'event' ? media.fileName : undefined),
        },
      });
    } catch (error) {
      return empty(error instanceof AppFailure ? statusFor(error.code) : 500);
    }
  };
}

function fetchMedia(request: MediaRequest, fetcher: MediaFetcher, client: MatrixClient | null, signal: AbortSignal | undefined): Promise<FetchedMedia> {
  const options = signal ? { signal } : {};
  switch (request.kind) {
    case 'download':
      return fetcher.download(request.mxc, options);
    case 'thumbnail':
      return fetcher.thumbnail(request.mxc, { width: request.width, height: request.height, method: request.method }, options);
    case 'event':
      if (!client) throw new AppFailure('NOT_SIGNED_IN', 'not signed in');
      return fetchEventMedia(client, fetcher, request, options);
  }
}

/**
 * Opaque bytes are always an attachment (never shown by the page); a known file name travels
 * with any type, RFC 8187-encoded, so "save as" offers the sender's name for the file.
 */
function contentDisposition(contentType: string, fileName: string | undefined): Record<string, string> {
  const type = contentType === OPAQUE_CONTENT_TYPE ? 'attachment' : 'inline';
  if (fileName === undefined) return type === 'attachment' ? { 'Content-Disposition': type } : {};
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return { 'Content-Disposition': `${type}; filename*=UTF-8''${encoded}` };
}

function statusFor(code: AppFailure['code']): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'NOT_SIGNED_IN':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'TOO_LARGE':
      return 413;
    case 'NETWORK':
      return 502;
    default:
      return 500;
  }
}

const empty = (status: number): Response =>
  new Response(null, { status, headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
