import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { decryptAttachment, encryptAttachment, parseEncryptedFile, type EncryptedFileKeys } from '../../../src/main/core/media/encrypted-attachment.ts';
import { fetchEncryptedMedia } from '../../../src/main/core/media/encrypted-media.ts';
import type { MediaFetcher } from '../../../src/main/core/media/media-fetcher.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';

const b64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const FF_KEY = { kty: 'oct', key_ops: ['encrypt', 'decrypt'], k: '__________________________________________8', alg: 'A256CTR' };
const ALPHANUMERIC = 'YWxwaGFudW1lcmljYWxseWFscGhhbnVtZXJpY2FsbHlhbHBoYW51bWVyaWNhbGx5YWxwaGFudW1lcmljYWxseQ';

/**
 * Test vectors of matrix-org/matrix-encrypt-attachment (test/decrypt.Spec.js), the implementation
 * Element uses: [ciphertext, info, plaintext], all base64. The last one is upstream's "v1" vector
 * relabelled: v1 and v2 share the 64-bit counter, and its all-ones IV makes the counter wrap
 * after the first block, so it pins the counter semantics (a 128-bit counter decrypts it to
 * something else).
 */
const VECTORS: readonly [string, object, string][] = [
  [
    '',
    { iv: 'AAAAAAAAAAAAAAAAAAAAAA', key: { ...FF_KEY, k: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, v: 'v2', hashes: { sha256: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' } },
    '',
  ],
  ['5xJZTt5cQicm+9f4', { iv: '//////////8AAAAAAAAAAA', key: FF_KEY, v: 'v2', hashes: { sha256: 'YzF08lARDdOCzJpzuSwsjTNlQc4pHxpdHcXiD/wpK6k' } }, 'SGVsbG8sIFdvcmxk'],
  [
    'zhtFStAeFx0s+9L/sSQO+WQMtldqYEHqTxMduJrCIpnkyer09kxJJuA4K+adQE4w+7jZe/vR9kIcqj9rOhDR8Q',
    { iv: '//////////8AAAAAAAAAAA', key: FF_KEY, v: 'v2', hashes: { sha256: 'IOq7/dHHB+mfHfxlRY5XMeCWEwTPmlf4cJcgrkf6fVU' } },
    ALPHANUMERIC,
  ],
  [
    'tJVNBVJ/vl36UQt4Y5e5m84bRUrQHhcdLPvS/7EkDvlkDLZXamBB6k8THbiawiKZ5Mnq9PZMSSbgOCvmnUBOMA',
    { iv: '/////////////////////w', key: FF_KEY, v: 'v2', hashes: { sha256: 'LYG/orOViuFwovJpv2YMLSsmVKwLt7pY3f8SYM7KU5E' } },
    ALPHANUMERIC,
  ],
];

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

async function sample(): Promise<{ plain: Uint8Array<ArrayBuffer>; ciphertext: Uint8Array<ArrayBuffer>; info: EncryptedFileKeys }> {
  const plain = new TextEncoder().encode('a confidential attachment');
  return { plain, ...(await encryptAttachment(plain)) };
}

describe('decryptAttachment', () => {
  it.each(VECTORS)('decrypts the upstream vector %s', async (ciphertext, info, plain) => {
    expect(Buffer.from(await decryptAttachment(b64(ciphertext), info)).toString('base64')).toBe(Buffer.from(plain, 'base64').toString('base64'));
  });

  it('accepts a whole event `file` object, padded iv and hash included', async () => {
    const { plain, ciphertext, info } = await sample();
    const file = { ...info, url: 'mxc://example.org/abc', iv: `${info.iv}==`, hashes: { sha256: `${info.hashes.sha256}=`, other: 'x' } };
    expect(await decryptAttachment(ciphertext, file)).toEqual(plain);
  });

  it('checks the hash before decrypting: a flipped bit is refused', async () => {
    const { ciphertext, info } = await sample();
    const tampered = ciphertext.slice();
    tampered[3] = (tampered[3] ?? 0) ^ 1;
    const failure = await failureOf(decryptAttachment(tampered, info));
    expect(failure.code).toBe('BAD_REQUEST');
    expect(failure.message).toBe('attachment integrity check failed');
  });

  it('refuses truncated, extended and swapped ciphertext', async () => {
    const { ciphertext, info } = await sample();
    const other = await encryptAttachment(new Uint8Array(ciphertext.length));
    for (const bytes of [ciphertext.subarray(1), new Uint8Array([...ciphertext, 0]), other.ciphertext, new Uint8Array(0)]) {
      expect((await failureOf(decryptAttachment(bytes, info))).message).toBe('attachment integrity check failed');
    }
  });

  it('refuses a hash that does not match even when the key is right', async () => {
    const { ciphertext, info } = await sample();
    const wrongHash = Buffer.from(createHash('sha256').update('something else').digest()).toString('base64').replace(/=+$/, '');
    expect((await failureOf(decryptAttachment(ciphertext, { ...info, hashes: { sha256: wrongHash } }))).message).toBe('attachment integrity check failed');
  });

  const shortKey = Buffer.alloc(16, 7).toString('base64url');
  const longKey = Buffer.alloc(33, 7).toString('base64url');
  it.each<[string, (info: EncryptedFileKeys) => unknown, string]>([
    ['a 128-bit key', (info) => ({ ...info, key: { ...info.key, k: shortKey } }), 'key.k'],
    ['a 264-bit key', (info) => ({ ...info, key: { ...info.key, k: longKey } }), 'key.k'],
    ['a padded key', (info) => ({ ...info, key: { ...info.key, k: `${info.key.k}=` } }), 'key.k'],
    ['a standard-base64 key', (info) => ({ ...info, key: { ...info.key, k: info.key.k.replace(/.$/, '+') } }), 'key.k'],
    ['a non-canonical key', (info) => ({ ...info, key: { ...info.key, k: '__________________________________________9' } }), 'key.k'],
    ['alg A128CTR', (info) => ({ ...info, key: { ...info.key, alg: 'A128CTR' } }), 'key.alg'],
    ['alg A256GCM', (info) => ({ ...info, key: { ...info.key, alg: 'A256GCM' } }), 'key.alg'],
    ['kty RSA', (info) => ({ ...info, key: { ...info.key, kty: 'RSA' } }), 'key.kty'],
    ['ext false', (info) => ({ ...info, key: { ...info.key, ext: false } }), 'key.ext'],
    ['key_ops without decrypt', (info) => ({ ...info, key: { ...info.key, key_ops: ['encrypt'] } }), 'key.key_ops'],
    ['version v1', (info) => ({ ...info, v: 'v1' }), 'v'],
    ['version v3', (info) => ({ ...info, v: 'v3' }), 'v'],
    ['no version', ({ v: _v, ...info }) => info, 'v'],
    ['an 8-byte iv', (info) => ({ ...info, iv: Buffer.alloc(8).toString('base64') }), 'iv'],
    ['a 17-byte iv', (info) => ({ ...info, iv: Buffer.alloc(17).toString('base64') }), 'iv'],
    ['a base64url iv', (info) => ({ ...info, iv: '_-__________8AAAAAAAAAA' }), 'iv'],
    ['a 31-byte hash', (info) => ({ ...info, hashes: { sha256: Buffer.alloc(31).toString('base64') } }), 'hashes.sha256'],
    ['no sha256 hash', (info) => ({ ...info, hashes: { sha512: info.hashes.sha256 } }), 'hashes.sha256'],
    ['no key', ({ key: _key, ...info }) => info, 'key'],
  ])('refuses %s, naming the field but not its value', async (_label, mutate, field) => {
    const { ciphertext, info } = await sample();
    const bad = mutate(info);
    const failure = await failureOf(decryptAttachment(ciphertext, bad));
    expect(failure.code).toBe('BAD_REQUEST');
    expect(failure.message).toContain(field);
    expect(failure.message).not.toContain(info.key.k);
  });

  it.each([null, undefined, 'string', [], 42])('refuses %j as the info', async (info) => {
    expect((await failureOf(decryptAttachment(new Uint8Array(0), info))).code).toBe('BAD_REQUEST');
  });
});

describe('encryptAttachment', () => {
  it.each([0, 1, 15, 16, 17, 1000, 1 << 20])('round-trips %i bytes', async (size) => {
    const plain = new Uint8Array(randomBytes(size));
    const { ciphertext, info } = await encryptAttachment(plain);
    expect(ciphertext).toHaveLength(size);
    expect(await decryptAttachment(ciphertext, info)).toEqual(plain);
  });

  it('produces the spec shape: JWK, unpadded base64, a zero counter half, v2', async () => {
    const { ciphertext, info } = await encryptAttachment(new Uint8Array([1, 2, 3]));
    expect(info.v).toBe('v2');
    expect(info.key).toMatchObject({ kty: 'oct', alg: 'A256CTR', ext: true, key_ops: ['encrypt', 'decrypt'] });
    expect(info.key.k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(info.iv).toMatch(/^[A-Za-z0-9+/]{22}$/);
    expect(Buffer.from(info.iv, 'base64').subarray(8)).toEqual(Buffer.alloc(8));
    expect(info.hashes.sha256).toBe(createHash('sha256').update(ciphertext).digest('base64').replace(/=+$/, ''));
    expect(parseEncryptedFile({ ...info, url: 'mxc://example.org/x' })).toMatchObject(info);
  });

  it('agrees with an independent AES-256-CTR (node:crypto createDecipheriv)', async () => {
    const plain = new Uint8Array(randomBytes(4099));
    const { ciphertext, info } = await encryptAttachment(plain);
    const decipher = createDecipheriv('aes-256-ctr', Buffer.from(info.key.k, 'base64url'), Buffer.from(info.iv, 'base64'));
    expect(new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]))).toEqual(plain);
  });

  it('uses a fresh key and IV every time', async () => {
    const plain = new Uint8Array(32);
    const [a, b] = await Promise.all([encryptAttachment(plain), encryptAttachment(plain)]);
    expect(a.info.key.k).not.toBe(b.info.key.k);
    expect(a.info.iv).not.toBe(b.info.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
  });
});

describe('parseEncryptedFile', () => {
  it('requires a valid mxc url', async () => {
    const { info } = await sample();
    expect(parseEncryptedFile({ ...info, url: 'mxc://example.org/abc' }).url).toBe('mxc://example.org/abc');
    for (const url of [undefined, 'https://example.org/abc', 'mxc://example.org/../x', 42]) {
      expect(() => parseEncryptedFile({ ...info, url })).toThrow(/url/);
    }
  });
});

describe('fetchEncryptedMedia', () => {
  const fakeFetcher = (bytes: Uint8Array<ArrayBuffer>): MediaFetcher & { download: ReturnType<typeof vi.fn> } => ({
    download: vi.fn(async () => ({ bytes, contentType: 'application/octet-stream' })),
    thumbnail: vi.fn(),
  });

  it('downloads the url, decrypts, and takes the sanitised mimetype from the event', async () => {
    const { plain, ciphertext, info } = await sample();
    const fetcher = fakeFetcher(ciphertext);
    const file = { ...info, url: 'mxc://example.org/cipher' };
    expect(await fetchEncryptedMedia(fetcher, file, { mimetype: 'image/png' })).toEqual({ bytes: plain, contentType: 'image/png' });
    expect(fetcher.download).toHaveBeenCalledWith('mxc://example.org/cipher', {});
    expect((await fetchEncryptedMedia(fetcher, file, { mimetype: 'text/html' })).contentType).toBe('application/octet-stream');
    expect((await fetchEncryptedMedia(fetcher, file, { mimetype: { evil: true } })).contentType).toBe('application/octet-stream');
  });

  it('refuses a malformed file object without downloading', async () => {
    const fetcher = fakeFetcher(new Uint8Array(0));
    await expect(fetchEncryptedMedia(fetcher, { url: 'mxc://example.org/x', v: 'v2' })).rejects.toBeInstanceOf(AppFailure);
    expect(fetcher.download).not.toHaveBeenCalled();
  });
});
