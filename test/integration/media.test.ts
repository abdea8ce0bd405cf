import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptAttachment } from '../../src/main/core/media/encrypted-attachment.ts';
import { fetchEncryptedMedia } from '../../src/main/core/media/encrypted-media.ts';
import { MEDIA_NOT_FOUND_CODE, MEDIA_TOO_LARGE_CODE } from '../../src/main/core/media/media-failures.ts';
import { createMediaFetcher, type MediaFetcher } from '../../src/main/core/media/media-fetcher.ts';
import { AppFailure } from '../../src/shared/ipc/result.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';
import { JPEG_SIGNATURE, makePng, PNG_SIGNATURE } from '../support/png.ts';

const startsWith = (bytes: Uint8Array, prefix: Uint8Array): boolean => prefix.every((byte, index) => bytes[index] === byte);

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

/** The core's media layer against a real Synapse with authenticated media enabled. */
describe('media against Synapse', () => {
  let synapse: RunningSynapse;
  let alice: RegisteredUser;
  let fetcher: MediaFetcher;
  const requests: { url: string; authorization: string | null }[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    requests.push({ url: String(input instanceof Request ? input.url : input), authorization: new Headers(init?.headers).get('authorization') });
    return fetch(input, init);
  };
  const png = makePng(64, 48);

  async function upload(bytes: Uint8Array<ArrayBuffer>, contentType: string, fileName?: string): Promise<string> {
    const url = new URL('/_matrix/media/v3/upload', synapse.baseUrl);
    if (fileName !== undefined) url.searchParams.set('filename', fileName);
    const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${alice.accessToken}`, 'Content-Type': contentType }, body: bytes });
    expect(response.status).toBe(200);
    const { content_uri: contentUri } = (await response.json()) as { content_uri: string };
    expect(contentUri).toMatch(/^mxc:\/\/localhost\/[A-Za-z0-9_-]+$/);
    return contentUri;
  }

  beforeAll(async () => {
    synapse = await startSynapse();
    alice = await synapse.registerUser('alice', 'a long and correct password', { displayName: 'Alice' });
    fetcher = createMediaFetcher({ homeserver: synapse.baseUrl, accessToken: () => alice.accessToken, fetchFn: countingFetch });
  });

  afterAll(async () => {
    // Every request the fetcher made carried the token in its header only.
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request.url).not.toContain(alice.accessToken);
      expect(new URL(request.url).pathname).toMatch(/^\/_matrix\/client\/v1\/media\/(download|thumbnail)\//);
      expect(request.authorization).toBe(`Bearer ${alice.accessToken}`);
    }
    await synapse?.stop();
  });

  it('downloads an uploaded PNG byte for byte, as image/png with its name', async () => {
    const mxc = await upload(png, 'image/png', 'gradient.png');
    const media = await fetcher.download(mxc);
    expect(media.bytes).toEqual(png);
    expect(media.contentType).toBe('image/png');
    expect(media.fileName).toBe('gradient.png');
  });

  it('fetches a thumbnail that is an image', async () => {
    const mxc = await upload(png, 'image/png');
    for (const method of ['scale', 'crop'] as const) {
      const thumbnail = await fetcher.thumbnail(mxc, { width: 32, height: 32, method });
      expect(thumbnail.contentType).toMatch(/^image\/(png|jpeg|webp)$/);
      expect(thumbnail.bytes.length).toBeGreaterThan(0);
      expect(startsWith(thumbnail.bytes, PNG_SIGNATURE) || startsWith(thumbnail.bytes, JPEG_SIGNATURE)).toBe(true);
    }
  });

  it('needs the token: the v1 endpoint refuses without it, and the fetcher reports a bad one as FORBIDDEN', async () => {
    const mxc = await upload(png, 'image/png');
    const mediaId = mxc.split('/').at(-1) ?? '';
    const anonymous = await fetch(new URL(`/_matrix/client/v1/media/download/localhost/${mediaId}`, synapse.baseUrl));
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errcode?: string }).errcode).toBe('M_MISSING_TOKEN');

    const wrongToken = createMediaFetcher({ homeserver: synapse.baseUrl, accessToken: () => 'syt_not_a_real_token' });
    expect((await failureOf(wrongToken.download(mxc))).code).toBe('FORBIDDEN');
  });

  it('reports an unknown media ID as a typed failure', async () => {
    const failure = await failureOf(fetcher.download('mxc://localhost/ThisMediaDoesNotExist'));
    expect(failure.code).toBe(MEDIA_NOT_FOUND_CODE);
    expect(failure.message).toBe('media not found');
    expect((await failureOf(fetcher.thumbnail('mxc://localhost/ThisMediaDoesNotExist', { width: 32, height: 32, method: 'scale' }))).code).toBe(MEDIA_NOT_FOUND_CODE);
  });

  it.each([
    ['text/html', '<!doctype html><script>alert(document.domain)</script>'],
    ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ['application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
  ])('serves an upload of %s as application/octet-stream', async (contentType, body) => {
    const bytes = new TextEncoder().encode(body);
    const mxc = await upload(bytes, contentType, 'page.html');
    // Synapse passes the uploader's type on (with its own sandbox CSP): the fetcher has to neutralise it.
    const raw = await fetch(new URL(`/_matrix/client/v1/media/download/localhost/${mxc.split('/').at(-1) ?? ''}`, synapse.baseUrl), {
      headers: { Authorization: `Bearer ${alice.accessToken}` },
    });
    expect(raw.headers.get('content-type')?.split(';')[0]).toBe(contentType);
    await raw.body?.cancel();
    const media = await fetcher.download(mxc);
    expect(media.bytes).toEqual(bytes);
    expect(media.contentType).toBe('application/octet-stream');
  });

  it('reports media of a server this homeserver may not reach as FORBIDDEN', async () => {
    // The test server federates with nobody, so Synapse answers 403 M_FORBIDDEN for remote media.
    expect((await failureOf(fetcher.download('mxc://remote.example/abcdef'))).code).toBe('FORBIDDEN');
  });

  it('enforces the size limit on real responses', async () => {
    const mxc = await upload(png, 'image/png');
    const small = createMediaFetcher({ homeserver: synapse.baseUrl, accessToken: () => alice.accessToken, maxBytes: png.length - 1 });
    expect((await failureOf(small.download(mxc))).code).toBe(MEDIA_TOO_LARGE_CODE);
    const exact = createMediaFetcher({ homeserver: synapse.baseUrl, accessToken: () => alice.accessToken, maxBytes: png.length });
    expect((await exact.download(mxc)).bytes).toEqual(png);
  });

  it('downloads an encrypted attachment as ciphertext and decrypts it to the original', async () => {
    const { ciphertext, info } = await encryptAttachment(png);
    const mxc = await upload(ciphertext, 'application/octet-stream');
    const stored = await fetcher.download(mxc);
    expect(stored.bytes).toEqual(ciphertext);
    expect(stored.bytes).not.toEqual(png);

    const media = await fetchEncryptedMedia(fetcher, { ...info, url: mxc }, { mimetype: 'image/png' });
    expect(media).toEqual({ bytes: png, contentType: 'image/png' });
  });

  it('refuses an encrypted attachment whose stored bytes were swapped', async () => {
    const { info } = await encryptAttachment(png);
    const other = await encryptAttachment(png);
    const mxc = await upload(other.ciphertext, 'application/octet-stream');
    const failure = await failureOf(fetchEncryptedMedia(fetcher, { ...info, url: mxc }, { mimetype: 'image/png' }));
    expect(failure).toMatchObject({ code: 'BAD_REQUEST', message: 'attachment integrity check failed' });
  });

  it('rejects hostile mxc URIs before any request', async () => {
    const before = requests.length;
    for (const mxc of ['mxc://127.0.0.1/../../_matrix/client/v3/account/whoami', 'mxc://localhost/a/../../../../_matrix/client/v3/account/whoami', 'mxc://localhost/%2e%2e', 'mxc://..:8008/x']) {
      expect((await failureOf(fetcher.download(mxc))).code).toBe('BAD_REQUEST');
      expect((await failureOf(fetcher.thumbnail(mxc, { width: 32, height: 32, method: 'scale' }))).code).toBe('BAD_REQUEST');
    }
    await expect(fetchEncryptedMedia(fetcher, { url: 'mxc://127.0.0.1/../../_matrix/client/v3/account/whoami' })).rejects.toBeInstanceOf(AppFailure);
    expect(requests.length).toBe(before);
  });
});
