import { createHash } from 'node:crypto';
import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { deleteIndexedDbDatabase, installIndexedDb, listIndexedDbDatabases } from './indexeddb.ts';

/** matrix-js-sdk's own default (RUST_SDK_STORE_PREFIX); pass a per-device prefix instead. */
export const DEFAULT_CRYPTO_PREFIX = 'matrix-js-sdk';
const STORE_KEY_BYTES = 32;

export interface CryptoStoreOptions {
  /** Directory of the process-wide IndexedDB (see indexeddb.ts); the same for every session. */
  readonly cryptoDir: string;
  /**
   * IndexedDB name prefix of this device's store: one per device (cryptoDatabasePrefix), so that
   * a later sign-in never opens, or trips over, a previous device's store. Defaults to the SDK's.
   */
  readonly databasePrefix?: string;
}

export interface StartCryptoOptions extends CryptoStoreOptions {
  /** 32 random bytes kept in the OS keychain by the caller; the same at every start of this device. */
  readonly storeKey: Uint8Array;
  /**
   * True when restoring a session: the store must already exist. A missing store then fails
   * instead of quietly creating a new identity key for an existing device ID.
   */
  readonly mustExist?: boolean;
}

export interface CryptoIdentity {
  readonly deviceId: string;
  /** Base64 public keys of this device, for comparison only; never the private parts. */
  readonly ed25519: string;
  readonly curve25519: string;
}

export type CryptoStoreFailure =
  /** The key does not decrypt the store (a different keychain entry, or a corrupted cipher). */
  | 'wrong-key'
  /** The store holds another user's or device's account. */
  | 'wrong-account'
  /** mustExist was set but there is no store under that prefix. */
  | 'missing'
  /** IndexedDB or the WASM module failed in some other way. */
  | 'unavailable';

/**
 * The crypto store could not be opened. It is left exactly as it was: the user's message keys
 * are in it, and only the user (signing out, or a future "reset encryption" action) may discard
 * them. Its code is INTERNAL until the contract has a code of its own for it.
 */
export class CryptoStoreError extends AppFailure {
  readonly reason: CryptoStoreFailure;

  constructor(reason: CryptoStoreFailure, message: string, options?: { cause?: unknown }) {
    super('INTERNAL', message);
    this.name = 'CryptoStoreError';
    this.reason = reason;
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/**
 * A store prefix for one device. Hashed because it becomes a file name and an entry in
 * `__sysdb__.sqlite`, readable without the key: the directory need not say whose account it is.
 */
export function cryptoDatabasePrefix(userId: string, deviceId: string): string {
  return `plenum-${createHash('sha256').update(`${userId}\n${deviceId}`).digest('hex').slice(0, 32)}`;
}

/** The two IndexedDB databases matrix-sdk-crypto-wasm creates for one store prefix. */
export function cryptoDatabaseNames(prefix: string): readonly string[] {
  return [`${prefix}::matrix-sdk-crypto`, `${prefix}::matrix-sdk-crypto-meta`];
}

/**
 * Turns on end-to-end encryption for a client that was created with its user and device ID and
 * has not been started yet, with the store encrypted at rest by `storeKey`. Call it before
 * `startClient()`; only one client may use a store at a time (the SDK's rule, not ours).
 */
export async function startCrypto(client: MatrixClient, options: StartCryptoOptions): Promise<CryptoIdentity> {
  const prefix = options.databasePrefix ?? DEFAULT_CRYPTO_PREFIX;
  if (options.storeKey.length !== STORE_KEY_BYTES) {
    throw new RangeError(`the crypto store key must be ${STORE_KEY_BYTES} bytes, got ${options.storeKey.length}`);
  }
  const deviceId = client.getDeviceId();
  if (!deviceId || !client.getUserId()) throw new Error('startCrypto needs a client created with userId and deviceId');

  installIndexedDb(options.cryptoDir);
  if (options.mustExist) {
    const existing = new Set(await listIndexedDbDatabases());
    if (!cryptoDatabaseNames(prefix).every((name) => existing.has(name))) {
      throw new CryptoStoreError('missing', 'the encryption store of this device is missing; refusing to create a new identity for it');
    }
  }

  try {
    // storageKey, not storagePassword: the key is already 32 random bytes, so the SDK skips the
    // deliberately slow PBKDF2 derivation it would run on every start for a password.
    await client.initRustCrypto({ useIndexedDB: true, cryptoDatabasePrefix: prefix, storageKey: options.storeKey });
  } catch (error) {
    throw classify(error);
  }

  const crypto = client.getCrypto();
  if (!crypto) throw new CryptoStoreError('unavailable', 'the encryption module did not start');
  const keys = await crypto.getOwnDeviceKeys();
  return { deviceId, ed25519: keys.ed25519, curve25519: keys.curve25519 };
}

/**
 * Deletes a device's crypto store (sign-out). The client must be stopped first (`stopClient()`
 * closes the OlmMachine and with it the store's connections), otherwise this rejects as blocked.
 */
export async function deleteCryptoStore(options: CryptoStoreOptions): Promise<void> {
  installIndexedDb(options.cryptoDir);
  for (const name of cryptoDatabaseNames(options.databasePrefix ?? DEFAULT_CRYPTO_PREFIX)) {
    await deleteIndexedDbDatabase(name);
  }
}

/** Maps the WASM store's errors (plain Errors told apart only by their text) to a reason. */
function classify(error: unknown): CryptoStoreError {
  const text = error instanceof Error ? error.message : String(error);
  if (/failed to be decrypted|store cipher/i.test(text)) {
    return new CryptoStoreError('wrong-key', 'the encryption store cannot be opened with the key from the keychain', { cause: error });
  }
  if (/doesn't match the account/i.test(text)) {
    return new CryptoStoreError('wrong-account', 'the encryption store belongs to a different account or device', { cause: error });
  }
  return new CryptoStoreError('unavailable', `the encryption store could not be opened: ${text.slice(0, 200)}`, { cause: error });
}
