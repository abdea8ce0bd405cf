import { describe, expect, it, vi } from 'vitest';
import { MEDIA_NOT_FOUND_CODE, MEDIA_TOO_LARGE_CODE } from '../../../src/main/core/media/media-failures.ts';
import { createMediaFetcher, type MediaFetcherOptions } from '../../../src/main/core/media/media-fetcher.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';

const HOMESERVER = 'https://matrix.example.org';
const TOKEN = 'syt_secret_token';

interface Call {
  readonly url: string;
  readonly authorization: string | null;
  readonly redirect: RequestRedirect | undefined;
}

/** A fetch that records what was asked and answers from a script, one reply per call. */
function scriptedFetch(...replies: ((url: URL) => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  const fetchFn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({ url: url.href, authorization: new Headers(init?.headers).get('authorization'), redirect: init?.redirect });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (!reply) throw new Error('no scripted reply');
    return reply(url);
  });
  return { fetchFn: fetchFn as unknown as typeof fetch, calls };
}

const fetcherWith = (fetchFn: typeof fetch, extra: Partial<MediaFetcherOptions> = {}) =>
  createMediaFetcher({ homeserver: HOMESERVER, accessToken: () => TOKEN, fetchFn, ...extra });

const matrixError = (status: number, errcode: string): Response =>
  new Response(JSON.stringify({ errcode, error: 'x' }), { status, headers: { 'content-type': 'application/json' } });

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

/** A body of `chunks` pieces of `size` bytes, counting how many pieces were pulled and whether it was cancelled. */
function countedBody(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) return controller.close();
      state.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(state.pulled));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('createMediaFetcher: requests', () => {
  it('downloads through the v1 endpoint with the token in a header only', async () => {
    const { fetchFn, calls } = scriptedFetch(() => new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } }));
    const media = await fetcherWith(fetchFn).download('mxc://example.org/abc');
    expect(media).toEqual({ bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png' });
    expect(calls).toEqual([{ url: `${HOMESERVER}/_matrix/client/v1/media/download/example.org/abc`, authorization: `Bearer ${TOKEN}`, redirect: 'manual' }]);
    expect(calls[0]?.url).not.toContain(TOKEN);
  });

  it('reads the token on every request, so a refreshed one is used', async () => {
    let token = 'first';
    const { fetchFn, calls } = scriptedFetch(() => new Response('x'));
    const fetcher = createMediaFetcher({ homeserver: HOMESERVER, accessToken: () => token, fetchFn });
    await fetcher.download('mxc://a/b');
    token = 'second';
    await fetcher.download('mxc://a/b');
    expect(calls.map((call) => call.authorization)).toEqual(['Bearer first', 'Bearer second']);
  });

  it('asks for thumbnails with size and method', async () => {
    const { fetchFn, calls } = scriptedFetch(() => new Response('x', { headers: { 'content-type': 'image/jpeg' } }));
    const media = await fetcherWith(fetchFn).thumbnail('mxc://example.org/abc', { width: 96, height: 64, method: 'crop' });
    expect(media.contentType).toBe('image/jpeg');
    expect(calls[0]?.url).toBe(`${HOMESERVER}/_matrix/client/v1/media/thumbnail/example.org/abc?width=96&height=64&method=crop`);
  });

  it.each(['mxc://127.0.0.1/../../_matrix/client/v3/account/whoami', 'mxc://a/b/c', 'https://example.org/x', '', 'mxc://a:99999/x'])(
    'refuses %j before any request',
    async (mxc) => {
      const { fetchFn, calls } = scriptedFetch(() => new Response('x'));
      const fetcher = fetcherWith(fetchFn);
      expect((await failureOf(fetcher.download(mxc))).code).toBe('BAD_REQUEST');
      expect((await failureOf(fetcher.thumbnail(mxc, { width: 10, height: 10, method: 'scale' }))).code).toBe('BAD_REQUEST');
      expect(calls).toHaveLength(0);
    },
  );

  it('refuses a bad thumbnail size before any request', async () => {
    const { fetchFn, calls } = scriptedFetch(() => new Response('x'));
    const fetcher = fetcherWith(fetchFn);
    for (const size of [{ width: 0, height: 10 }, { width: 10, height: 4096 }, { width: 1.5, height: 10 }]) {
      expect((await failureOf(fetcher.thumbnail('mxc://a/b', { ...size, method: 'scale' }))).code).toBe('BAD_REQUEST');
    }
    expect((await failureOf(fetcher.thumbnail('mxc://a/b', { width: 10, height: 10, method: 'zoom' as 'scale' }))).code).toBe('BAD_REQUEST');
    expect(calls).toHaveLength(0);
  });

  it('answers NOT_SIGNED_IN without a request when there is no token', async () => {
    const { fetchFn, calls } = scriptedFetch(() => new Response('x'));
    const fetcher = createMediaFetcher({ homeserver: HOMESERVER, accessToken: () => '', fetchFn });
    expect((await failureOf(fetcher.download('mxc://a/b'))).code).toBe('NOT_SIGNED_IN');
    expect(calls).toHaveLength(0);
  });

  it('refuses a bad homeserver or limit when created', () => {
    expect(() => createMediaFetcher({ homeserver: 'matrix.example.org', accessToken: () => TOKEN })).toThrow(RangeError);
    expect(() => createMediaFetcher({ homeserver: HOMESERVER, accessToken: () => TOKEN, maxBytes: 0 })).toThrow(RangeError);
  });
});

describe('createMediaFetcher: what the response may claim', () => {
  it.each([
    ['text/html', 'application/octet-stream'],
    ['image/svg+xml', 'application/octet-stream'],
    ['application/xhtml+xml', 'application/octet-stream'],
    [null, 'application/octet-stream'],
    ['image/webp', 'image/webp'],
  ])('serves Content-Type %j as %j', async (contentType, expected) => {
    const headers = contentType === null ? undefined : { 'content-type': contentType };
    const { fetchFn } = scriptedFetch(() => new Response(new Uint8Array([60]), headers === undefined ? {} : { headers }));
    expect((await fetcherWith(fetchFn).download('mxc://a/b')).contentType).toBe(expected);
  });

  it('reads a cleaned file name from Content-Disposition', async () => {
    const { fetchFn } = scriptedFetch(() => new Response('x', { headers: { 'content-disposition': 'attachment; filename="../../evil.sh"' } }));
    expect((await fetcherWith(fetchFn).download('mxc://a/b')).fileName).toBe('evil.sh');
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { stream, state } = countedBody(100, 10);
    const { fetchFn } = scriptedFetch(() => new Response(stream, { headers: { 'content-length': '1001' } }));
    const failure = await failureOf(fetcherWith(fetchFn, { maxBytes: 1000 }).download('mxc://a/b'));
    expect(failure.code).toBe(MEDIA_TOO_LARGE_CODE);
    expect(failure.message).toContain('larger than 1000 bytes');
    expect(state.pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    const { stream, state } = countedBody(1000, 100);
    const { fetchFn } = scriptedFetch(() => new Response(stream));
    const failure = await failureOf(fetcherWith(fetchFn, { maxBytes: 1000 }).download('mxc://a/b'));
    expect(failure.code).toBe(MEDIA_TOO_LARGE_CODE);
    expect(state.pulled).toBeLessThan(20);
    expect(state.cancelled).toBe(true);
  });

  it('accepts a body of exactly the limit', async () => {
    const { stream } = countedBody(10, 100);
    const { fetchFn } = scriptedFetch(() => new Response(stream, { headers: { 'content-length': '1000' } }));
    expect((await fetcherWith(fetchFn, { maxBytes: 1000 }).download('mxc://a/b')).bytes).toHaveLength(1000);
  });

  it('does not trust a Content-Length that understates the body', async () => {
    const { stream } = countedBody(50, 100);
    const { fetchFn } = scriptedFetch(() => new Response(stream, { headers: { 'content-length': '10' } }));
    expect((await failureOf(fetcherWith(fetchFn, { maxBytes: 1000 }).download('mxc://a/b'))).code).toBe(MEDIA_TOO_LARGE_CODE);
  });
});

describe('createMediaFetcher: failures', () => {
  it.each<[string, () => Response, string]>([
    ['404 M_NOT_FOUND', () => matrixError(404, 'M_NOT_FOUND'), MEDIA_NOT_FOUND_CODE],
    ['404 without a Matrix body', () => new Response('<h1>Not Found</h1>', { status: 404 }), MEDIA_NOT_FOUND_CODE],
    ['401 M_MISSING_TOKEN', () => matrixError(401, 'M_MISSING_TOKEN'), 'FORBIDDEN'],
    ['401 M_UNKNOWN_TOKEN', () => matrixError(401, 'M_UNKNOWN_TOKEN'), 'FORBIDDEN'],
    ['403 M_FORBIDDEN', () => matrixError(403, 'M_FORBIDDEN'), 'FORBIDDEN'],
    ['502 M_TOO_LARGE', () => matrixError(502, 'M_TOO_LARGE'), MEDIA_TOO_LARGE_CODE],
    ['429 M_LIMIT_EXCEEDED', () => matrixError(429, 'M_LIMIT_EXCEEDED'), 'NETWORK'],
    ['503', () => new Response('busy', { status: 503 }), 'NETWORK'],
    ['400 M_INVALID_PARAM', () => matrixError(400, 'M_INVALID_PARAM'), 'BAD_REQUEST'],
    ['404 M_UNRECOGNIZED (no authenticated media)', () => matrixError(404, 'M_UNRECOGNIZED'), 'INTERNAL'],
    ['500', () => new Response('oops', { status: 500 }), 'INTERNAL'],
  ])('maps %s', async (_label, reply, code) => {
    const { fetchFn } = scriptedFetch(reply);
    expect((await failureOf(fetcherWith(fetchFn).download('mxc://a/b'))).code).toBe(code);
  });

  it('keeps a hostile errcode out of the message', async () => {
    const { fetchFn } = scriptedFetch(() => matrixError(500, '<img src=x onerror=alert(1)>'));
    const failure = await failureOf(fetcherWith(fetchFn).download('mxc://a/b'));
    expect(failure.message).toBe('unexpected answer from the homeserver (HTTP 500)');
  });

  it('maps an unreachable server to NETWORK without leaking the token', async () => {
    const fetchFn = vi.fn(async () => {
      throw new TypeError(`fetch failed for ${TOKEN}`);
    }) as unknown as typeof fetch;
    const failure = await failureOf(fetcherWith(fetchFn).download('mxc://a/b'));
    expect(failure.code).toBe('NETWORK');
    expect(failure.message).not.toContain(TOKEN);
  });

  it('gives up on a body that stalls', async () => {
    const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new Uint8Array(1)) });
    // The body is not tied to the request's signal: the fetcher must stop reading on its own.
    const fetchFn = vi.fn(async () => new Response(stalled)) as unknown as typeof fetch;
    const failure = await failureOf(fetcherWith(fetchFn, { idleTimeoutMs: 50 }).download('mxc://a/b'));
    expect(failure).toMatchObject({ code: 'NETWORK', message: 'the homeserver stopped answering a media request' });
  });

  it('rejects with the caller’s abort reason, and sends nothing when already aborted', async () => {
    const reason = new Error('view closed');
    const { fetchFn, calls } = scriptedFetch(() => new Response('x'));
    await expect(fetcherWith(fetchFn).download('mxc://a/b', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toHaveLength(0);

    const controller = new AbortController();
    const slowFetch = vi.fn(
      (_input: unknown, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error))),
    ) as unknown as typeof fetch;
    const pending = fetcherWith(slowFetch).download('mxc://a/b', { signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('createMediaFetcher: redirects', () => {
  const redirect = (location: string, status = 307) => () => new Response(null, { status, headers: { location } });
  const ok = () => new Response('media', { headers: { 'content-type': 'image/png' } });

  it('follows a same-origin redirect with the token', async () => {
    const { fetchFn, calls } = scriptedFetch(redirect('/_matrix/client/v1/media/download/example.org/other'), ok);
    await fetcherWith(fetchFn).download('mxc://example.org/abc');
    expect(calls.map((call) => call.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('follows a redirect to another origin without the token', async () => {
    const { fetchFn, calls } = scriptedFetch(redirect('https://cdn.example.net/media/abc?sig=1', 302), ok);
    const media = await fetcherWith(fetchFn).download('mxc://example.org/abc');
    expect(new TextDecoder().decode(media.bytes)).toBe('media');
    expect(calls[1]).toEqual({ url: 'https://cdn.example.net/media/abc?sig=1', authorization: null, redirect: 'manual' });
  });

  it.each(['http://cdn.example.net/x', 'file:///etc/passwd', 'data:text/html,x', 'https://user:pw@cdn.example.net/x'])(
    'refuses a redirect to %s',
    async (location) => {
      const { fetchFn, calls } = scriptedFetch(redirect(location), ok);
      expect((await failureOf(fetcherWith(fetchFn).download('mxc://a/b'))).code).toBe('INTERNAL');
      expect(calls).toHaveLength(1);
    },
  );

  it('stops after three redirects', async () => {
    const { fetchFn, calls } = scriptedFetch(redirect('/again'));
    expect((await failureOf(fetcherWith(fetchFn).download('mxc://a/b'))).code).toBe('INTERNAL');
    expect(calls).toHaveLength(4);
  });
});
