/**
 * Fetches authenticated media for the main process, which serves it on to the renderer; the
 * access token goes only into an Authorization header to the homeserver's own origin, never into
 * a URL (URLs end up in logs, histories and Referer headers) and never to a redirect target
 * elsewhere (a CDN the homeserver points at has no business with the user's session).
 */
import { AppFailure } from '../../../shared/ipc/result.ts';
import { parseContentDispositionFileName, sanitizeContentType } from './media-headers.ts';
import { failureForResponse, invalidMxc, matrixErrcode, mediaTooLarge } from './media-failures.ts';
import { isValidDimension, mediaDownloadUrl, mediaThumbnailUrl, parseHomeserverUrl, type ThumbnailSize } from './media-urls.ts';
import { parseMxcUri, type MxcParts } from '../../../shared/matrix/mxc-uri.ts';

export const DEFAULT_MAX_MEDIA_BYTES = 100 * 1024 * 1024;
// Time allowed for the response to start, and then between two pieces of its body; a stalled
// server fails the request instead of holding a renderer's image forever. No overall limit: a
// large file on a slow line is legitimate.
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface MediaFetcherOptions {
  /** The homeserver's client-server base URL, as the session uses it. */
  readonly homeserver: string;
  /** Read on every request, so a refreshed token is used without rebuilding the fetcher. */
  readonly accessToken: () => string;
  readonly fetchFn?: typeof fetch;
  /** Largest body accepted, in bytes; the default is 100 MiB. */
  readonly maxBytes?: number;
  readonly idleTimeoutMs?: number;
}

export interface FetchedMedia {
  /** ArrayBuffer-backed, so it can go straight into a `Response` body. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Sanitised: an inline-safe media type, or application/octet-stream. */
  readonly contentType: string;
  /** A display name from Content-Disposition, cleaned of paths and control characters. */
  readonly fileName?: string;
}

export interface MediaRequestOptions {
  /** Aborting rejects with the signal's reason, not with an AppFailure. */
  readonly signal?: AbortSignal;
}

export interface MediaFetcher {
  download(mxc: string, options?: MediaRequestOptions): Promise<FetchedMedia>;
  thumbnail(mxc: string, size: ThumbnailSize, options?: MediaRequestOptions): Promise<FetchedMedia>;
}

export function createMediaFetcher(options: MediaFetcherOptions): MediaFetcher {
  const fetchFn = options.fetchFn ?? fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a positive integer');
  // Validates the base URL once, up front, rather than on the first image.
  const homeserverOrigin = parseHomeserverUrl(options.homeserver).origin;

  const parse = (mxc: string): MxcParts => {
    const parts = parseMxcUri(mxc);
    if (parts === null) throw invalidMxc();
    return parts;
  };

  async function request(url: URL, signal: AbortSignal | undefined): Promise<FetchedMedia> {
    signal?.throwIfAborted();
    const token = options.accessToken();
    if (token === '') throw new AppFailure('NOT_SIGNED_IN', 'not signed in');
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const stillAlive = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, idleTimeoutMs);
    };
    stillAlive();
    try {
      const response = await follow(url, token, controller.signal);
      if (!response.ok) {
        const errorBody = (await readBody(response.body, MAX_ERROR_BODY_BYTES, controller.signal, stillAlive).catch(() => undefined)) ?? new Uint8Array(0);
        throw failureForResponse(response.status, matrixErrcode(errorBody), maxBytes);
      }
      const declared = declaredLength(response.headers.get('content-length'));
      if (declared !== undefined && declared > maxBytes) throw mediaTooLarge(maxBytes);
      const bytes = await readBody(response.body, maxBytes, controller.signal, stillAlive);
      if (bytes === undefined) throw mediaTooLarge(maxBytes);
      const fileName = parseContentDispositionFileName(response.headers.get('content-disposition'));
      return { bytes, contentType: sanitizeContentType(response.headers.get('content-type')), ...(fileName === undefined ? {} : { fileName }) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof AppFailure) throw error;
      throw new AppFailure('NETWORK', timedOut ? 'the homeserver stopped answering a media request' : `could not fetch media from ${url.host}`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
      // Frees the connection of a body nobody finished reading; a no-op after a complete read.
      controller.abort();
    }
  }

  async function follow(start: URL, token: string, signal: AbortSignal): Promise<Response> {
    let target = start;
    for (let hop = 0; ; hop += 1) {
      const headers: Record<string, string> = target.origin === homeserverOrigin ? { Authorization: `Bearer ${token}` } : {};
      const response = await fetchFn(target, { headers, redirect: 'manual', signal });
      if (!REDIRECT_STATUSES.has(response.status)) return response;
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (location === null || hop >= MAX_REDIRECTS) throw new AppFailure('INTERNAL', 'the homeserver redirected a media request too often or nowhere');
      const next = URL.parse(location, target.href);
      // Never from https down to http, and never to another scheme.
      const allowed = next !== null && (next.protocol === 'https:' || (next.protocol === 'http:' && target.protocol === 'http:'));
      if (!allowed || next.username !== '' || next.password !== '') throw new AppFailure('INTERNAL', 'the homeserver redirected a media request to an unsafe location');
      target = next;
    }
  }

  return {
    // async, so an invalid URI or size rejects like every other failure instead of throwing.
    download: async (mxc, requestOptions = {}) => request(mediaDownloadUrl(options.homeserver, parse(mxc)), requestOptions.signal),
    thumbnail: async (mxc, size, requestOptions = {}) => {
      const parts = parse(mxc);
      if (!isValidDimension(size.width) || !isValidDimension(size.height) || (size.method !== 'scale' && size.method !== 'crop')) {
        throw new AppFailure('BAD_REQUEST', 'thumbnail size must be 1 to 2048 pixels, method scale or crop');
      }
      return request(mediaThumbnailUrl(options.homeserver, parts, size), requestOptions.signal);
    },
  };
}

function declaredLength(header: string | null): number | undefined {
  if (header === null || !/^[0-9]{1,16}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/**
 * The whole body, or undefined as soon as it passes `limit` bytes (the rest is never read). An
 * abort cancels the read itself rather than trusting the fetch implementation to end the body.
 */
async function readBody(body: ReadableStream<Uint8Array> | null, limit: number, signal: AbortSignal, onProgress: () => void): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled read ends like a complete one; only the signal tells them apart.
      signal.throwIfAborted();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
      onProgress();
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
