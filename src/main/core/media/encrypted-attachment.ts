/**
 * Matrix encrypted attachments (client-server spec, "Sending encrypted attachments", version
 * `v2`): AES-256-CTR with a 64-bit counter, keyed by a JWK, and the SHA-256 of the ciphertext
 * in the event. The homeserver only ever holds the ciphertext; the key travels in the (end-to-end
 * encrypted) event. Decryption happens in main, so the renderer gets plain bytes through the
 * media scheme and never handles key material.
 */
import { createHash, randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import * as v from 'valibot';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { integrityFailure } from './media-failures.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';

const KEY_BYTES = 32;
const IV_BYTES = 16;
const SHA256_BYTES = 32;
// The spec's encoding is unpadded; padded iv and hash values exist in the wild and decode the same.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL_UNPADDED = /^[A-Za-z0-9_-]+$/;

/** Checks the decoded length, and that the text is the one canonical encoding of those bytes. */
const decodesTo = (bytes: number, encoding: 'base64' | 'base64url') => (text: string) => {
  const decoded = Buffer.from(text, encoding);
  return decoded.length === bytes && decoded.toString(encoding).replace(/=+$/, '') === text.replace(/=+$/, '');
};

const EncryptedFileKeysSchema = v.object({
  key: v.object({
    kty: v.literal('oct'),
    alg: v.literal('A256CTR'),
    k: v.pipe(v.string(), v.regex(BASE64URL_UNPADDED), v.check(decodesTo(KEY_BYTES, 'base64url'), 'must be a 256-bit key')),
    // The spec says "must be true"; some clients omit it, and it means nothing to a decryptor.
    ext: v.optional(v.literal(true)),
    // The spec wants encrypt and decrypt; only decrypt matters for reading, so only it is required.
    key_ops: v.pipe(v.array(v.string()), v.maxLength(16), v.check((ops) => ops.includes('decrypt'), 'must allow decrypt')),
  }),
  iv: v.pipe(v.string(), v.regex(BASE64), v.check(decodesTo(IV_BYTES, 'base64'), 'must be 16 bytes')),
  hashes: v.object({
    sha256: v.pipe(v.string(), v.regex(BASE64), v.check(decodesTo(SHA256_BYTES, 'base64'), 'must be 32 bytes')),
  }),
  // v1 and the unversioned v0 differ in the counter and are not produced by any current client.
  v: v.literal('v2'),
});

const EncryptedFileSchema = v.object({
  ...EncryptedFileKeysSchema.entries,
  url: v.pipe(v.string(), v.check((url) => parseMxcUri(url) !== null, 'must be an mxc:// URI')),
});

/** The `file` (or `thumbnail_file`) object of an encrypted media event. */
export type EncryptedFile = v.InferOutput<typeof EncryptedFileSchema>;
/** What `encryptAttachment` makes: everything but the `url`, known only after the upload. */
export type EncryptedFileKeys = v.InferOutput<typeof EncryptedFileKeysSchema>;

export interface EncryptedAttachment {
  readonly ciphertext: Uint8Array<ArrayBuffer>;
  readonly info: EncryptedFileKeys;
}

/** Validates an event's `file` object; the error names the bad fields, never their values (keys). */
export function parseEncryptedFile(raw: unknown): EncryptedFile {
  return parseWith(EncryptedFileSchema, raw);
}

/**
 * Verifies the ciphertext against the event's SHA-256 first (a server or a man in the middle may
 * have swapped the bytes; CTR mode alone would decrypt garbage or, worse, chosen changes without
 * complaint), then decrypts. `info` may be a whole `file` object; its url is not needed here.
 */
export async function decryptAttachment(ciphertext: Uint8Array, info: unknown): Promise<Uint8Array<ArrayBuffer>> {
  const file = parseWith(EncryptedFileKeysSchema, info);
  const expected = Buffer.from(file.hashes.sha256, 'base64');
  const actual = createHash('sha256').update(ciphertext).digest();
  if (!timingSafeEqual(actual, expected)) throw integrityFailure();
  const key = await webcrypto.subtle.importKey('raw', Buffer.from(file.key.k, 'base64url'), { name: 'AES-CTR' }, false, ['decrypt']);
  // length 64: the low 64 bits of the IV are the block counter and wrap on their own, as in every
  // other client (webcrypto in browsers); a 128-bit counter would differ only after a wrap.
  const plain = await webcrypto.subtle.decrypt({ name: 'AES-CTR', counter: Buffer.from(file.iv, 'base64'), length: 64 }, key, ciphertext);
  return new Uint8Array(plain);
}

/** Encrypts bytes for upload into an encrypted room: a fresh key and IV every time. */
export async function encryptAttachment(plain: Uint8Array): Promise<EncryptedAttachment> {
  const rawKey = randomBytes(KEY_BYTES);
  // Random high half, zero counter half: the counter cannot wrap within 2^64 blocks.
  const iv = Buffer.concat([randomBytes(8), Buffer.alloc(8)]);
  const key = await webcrypto.subtle.importKey('raw', rawKey, { name: 'AES-CTR' }, false, ['encrypt']);
  const ciphertext = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, key, plain));
  return {
    ciphertext,
    info: {
      v: 'v2',
      key: { kty: 'oct', alg: 'A256CTR', k: rawKey.toString('base64url'), ext: true, key_ops: ['encrypt', 'decrypt'] },
      iv: unpaddedBase64(iv),
      hashes: { sha256: unpaddedBase64(createHash('sha256').update(ciphertext).digest()) },
    },
  };
}

function unpaddedBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

function parseWith<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  const fields = [...new Set(result.issues.map((issue) => v.getDotPath(issue) ?? '(root)'))].join(', ');
  throw new AppFailure('BAD_REQUEST', `not a valid encrypted attachment (${fields})`);
}
