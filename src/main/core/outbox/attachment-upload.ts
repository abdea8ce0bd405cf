import { ClientPrefix, HTTPError, MatrixError, MediaPrefix, Method, type IRequestOpts, type MatrixClient } from 'matrix-js-sdk';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import { encryptAttachment } from '../media/encrypted-attachment.ts';
import type { FileMessageContent, UploadedFile } from './file-content.ts';
import { joinedRoom, mustEncrypt } from './message-sender.ts';
import type { OutboxRow } from './outbox-store.ts';
import { OutboxCondition } from './retry-policy.ts';

/** The contract's cap (messages.sendFile takes about 100 MiB of base64); the server's own is usually smaller. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface UploadSteps {
  /** The bytes are about to be encrypted (encrypted rooms only). */
  encrypting(): void;
  /** The upload is about to leave. */
  uploading(): void;
}

export interface UploadOptions {
  readonly live: boolean;
  readonly signal: AbortSignal;
  /** The row's bytes, from the outbox's files. */
  readBytes(): Promise<Uint8Array<ArrayBuffer>>;
}

/** The SDK's option type picks `priority` from the DOM's RequestInit, which Node's lacks. */
type RequestOpts = Omit<IRequestOpts, 'priority'>;

const CONFIG_TIMEOUT_MS = 30_000;
/** An upload may take long on a slow line: half a minute, plus a second for each 100 KB. */
const uploadTimeoutMs = (bytes: number): number => 30_000 + Math.ceil(bytes / 100);

/**
 * Puts a file row's bytes on the server: encrypted (AES-CTR, the key then travels in the encrypted
 * event) in an encrypted room, as they are in any other. An earlier upload is reused, so a restart
 * after the upload sends only the event; an upload in the clear is not reused once the room turns
 * out to be encrypted. Errors are the server's, the network's, or an OutboxCondition, as for the event.
 */
export async function uploadRowFile(
  client: MatrixClient,
  row: OutboxRow & { readonly content: FileMessageContent },
  options: UploadOptions,
  steps: UploadSteps,
): Promise<UploadedFile> {
  const room = joinedRoom(client, row.roomId, options.live);
  const encrypted = await mustEncrypt(client, row, room);
  if (row.upload && (row.upload.file !== null || !encrypted)) return row.upload;

  const plain = await readOrMissing(options.readBytes);
  const limit = await serverUploadLimit(client, options.signal);
  // CTR mode adds nothing, so the ciphertext is exactly as large as the file.
  if (plain.byteLength > MAX_FILE_BYTES || (limit !== null && plain.byteLength > limit)) throw new OutboxCondition('TOO_LARGE', false);

  let body = plain;
  let file: UploadedFile['file'] = null;
  if (encrypted) {
    steps.encrypting();
    ({ ciphertext: body, info: file } = await encryptAttachment(plain));
  }
  options.signal.throwIfAborted();
  steps.uploading();
  // In an encrypted room the server learns neither the name nor the type.
  const query = encrypted ? undefined : { filename: row.content.filename };
  const contentType = encrypted ? 'application/octet-stream' : row.content.info.mimetype;
  const request: RequestOpts = {
    prefix: MediaPrefix.V3,
    headers: { 'Content-Type': contentType },
    abortSignal: options.signal,
    localTimeoutMs: uploadTimeoutMs(body.byteLength),
  };
  const { content_uri: url } = await client.http.authedRequest<{ content_uri?: unknown }>(Method.Post, '/upload', query, body, request as IRequestOpts);
  if (typeof url !== 'string' || parseMxcUri(url) === null) throw new Error('the upload was answered without a valid mxc:// URI');
  return { url, file };
}

/**
 * `m.upload.size` from the authenticated media config: bytes, or null when the server states no
 * limit (or predates the endpoint; its upload then answers 413 itself). A failure to ask is the
 * network's or the server's and is retried like the upload would be.
 */
async function serverUploadLimit(client: MatrixClient, signal: AbortSignal): Promise<number | null> {
  const request: RequestOpts = { prefix: ClientPrefix.V1, abortSignal: signal, localTimeoutMs: CONFIG_TIMEOUT_MS };
  try {
    const config = await client.http.authedRequest<Record<string, unknown>>(Method.Get, '/media/config', undefined, undefined, request as IRequestOpts);
    const size = config['m.upload.size'];
    return typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : null;
  } catch (error) {
    const unknownEndpoint = error instanceof HTTPError && (error.httpStatus === 404 || (error instanceof MatrixError && error.errcode === 'M_UNRECOGNIZED'));
    if (unknownEndpoint) return null;
    throw error;
  }
}

async function readOrMissing(read: () => Promise<Uint8Array<ArrayBuffer>>): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await read();
  } catch (error) {
    // Deleted by hand, or by a disk clean-up: nothing to send, and no retry will change that.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OutboxCondition('FILE_MISSING', false);
    throw error;
  }
}
