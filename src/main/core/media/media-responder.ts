import { AppFailure } from '../../../shared/ipc/result.ts';
import type { MediaFetcher } from './media-fetcher.ts';
import { parseMediaRequest } from './media-request.ts';

export type MediaResponder = (path: string, query: URLSearchParams, signal?: AbortSignal) => Promise<Response>;

/**
 * Answers the renderer's media URLs (the plenum-media: scheme in Electron, /media/ in the harness)
 * with bytes the core fetched with the session's token. Only headers derived here are sent, never
 * the homeserver's: the page must not be able to turn a download into a document.
 */
export function createMediaResponder(currentFetcher: () => MediaFetcher | null): MediaResponder {
  return async (path, query, signal) => {
    const request = parseMediaRequest(path, query);
    if (!request) return empty(400);
    const fetcher = currentFetcher();
    if (!fetcher) return empty(401);
    try {
      const options = signal ? { signal } : {};
      const media =
        request.kind === 'download'
          ? await fetcher.download(request.mxc, options)
          : await fetcher.thumbnail(request.mxc, { width: request.width, height: request.height, method: request.method }, options);
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
          ...(media.contentType === 'application/octet-stream' ? { 'Content-Disposition': 'attachment' } : {}),
        },
      });
    } catch (error) {
      return empty(error instanceof AppFailure ? statusFor(error.code) : 500);
    }
  };
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
