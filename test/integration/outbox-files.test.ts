import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { MatrixEvent, type IEvent } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decryptAttachment } from '../../src/main/core/media/encrypted-attachment.ts';
import { OUTBOX_FILES_DIR } from '../../src/main/core/outbox/outbox-files.ts';
import type { OutboxItem } from '../../src/shared/model/outbox.ts';
import type { OutboxCoreConfig, OutboxCoreOutput } from './fixtures/outbox-core.ts';
import { serverEvents, startCoreSession, type CoreSession, type ServerEvent } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startOutboxCore, type OutboxCoreProcess } from '../support/outbox-core-driver.ts';
import { makePng } from '../support/png.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'outbox files test password';
const ALICE = '@alice:localhost';
const DAVE = '@dave:localhost';
/** Small, so that a file over the server's limit is quick to make. */
const SERVER_LIMIT = 1024 * 1024;

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

const sent = (session: CoreSession, localId: string, timeout = 30_000): Promise<OutboxItem> =>
  vi.waitFor(
    () => {
      const item = session.items.get(localId);
      if (item?.state !== 'sent') throw new Error(`${localId} is ${item?.state} (${item?.error})`);
      return item;
    },
    { timeout, interval: 50 },
  );

/** Downloads media as another user would: the authenticated media API, with that user's token. */
async function download(baseUrl: string, token: string, mxc: unknown): Promise<{ bytes: Uint8Array; type: string | null; disposition: string | null }> {
  const [, server, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(String(mxc)) ?? [];
  if (!server || !mediaId) throw new Error(`not an mxc URI: ${String(mxc)}`);
  const response = await fetch(`${baseUrl}/_matrix/client/v1/media/download/${server}/${mediaId}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`download → ${response.status}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition') };
}

/** The event as the other person reads it: decrypted by his own client when it is encrypted. */
async function readAs(peer: SdkPeer, raw: ServerEvent): Promise<{ type: string; content: Record<string, unknown> }> {
  return vi.waitFor(
    async () => {
      const event = new MatrixEvent(raw as unknown as Partial<IEvent>);
      await peer.client.decryptEventIfNeeded(event);
      if (event.isDecryptionFailure()) throw new Error('not decryptable yet');
      return { type: event.getType(), content: event.getContent() };
    },
    { timeout: 30_000, interval: 500 },
  );
}

const storedFiles = (dataDir: string): string[] => {
  const dir = join(dataDir, OUTBOX_FILES_DIR);
  return existsSync(dir) ? readdirSync(dir) : [];
};

async function encryptedDmWith(bob: SdkPeer, userId: string): Promise<string> {
  const { room_id: roomId } = await bob.client.createRoom({
    is_direct: true,
    invite: [userId],
    initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  return roomId;
}

describe('files through the outbox against Synapse', () => {
  const service = `plenum-outbox-files-${process.pid}-${Date.now()}`;
  const killService = `${service}-kill`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-files-'));
  const killDataDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-files-kill-'));
  const killCryptoDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-files-kill-crypto-'));
  let synapse: RunningSynapse;
  let alice: CoreSession;
  let aliceToken: string;
  let aliceHttp: MatrixHttp;
  let bob: SdkPeer;
  let bobToken: string;
  let app: OutboxCoreProcess | undefined;
  /** Alice's next uploads fail as a dropped connection would, before reaching the server. */
  let failUploads = 0;
  const uploadAttempts: number[] = [];
  const aliceFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (init?.method === 'POST' && new URL(url).pathname === '/_matrix/media/v3/upload') {
      uploadAttempts.push(Date.now());
      if (failUploads > 0) {
        failUploads -= 1;
        throw new TypeError('fetch failed');
      }
    }
    return fetch(input, init);
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    for (const level of ['log', 'info', 'debug'] as const) vi.spyOn(console, level).mockImplementation(() => {});
    synapse = await startSynapse({ extraConfig: { max_upload_size: '1M' } });
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    await synapse.registerUser('dave', PASSWORD, { displayName: 'Dave' });
    const bobUser = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    bobToken = bobUser.accessToken;
    bob = await startSdkPeer(synapse.baseUrl, bobUser);
    alice = await startCoreSession({ service, dataDir, cryptoDir: testCryptoDir(), fetch: aliceFetch });
    await alice.signIn(synapse.baseUrl, 'alice', PASSWORD);
    aliceToken = (JSON.parse((await keytar.getPassword(service, `session:${ALICE}`)) ?? '{}') as { accessToken: string }).accessToken;
    aliceHttp = matrixHttp(synapse.baseUrl, aliceToken, ALICE);
  });
  afterAll(async () => {
    await app?.kill();
    bob?.stop();
    await alice?.dispose();
    await synapse?.stop();
    for (const dir of [dataDir, killDataDir, killCryptoDir]) rmSync(dir, { recursive: true, force: true });
    for (const [name, user] of [[service, ALICE], [killService, DAVE]] as const) {
      for (const account of [`session:${user}`, 'plenum.keychain-marker']) await keytar.deletePassword(name, account).catch(() => false);
    }
  });

  it('sends an image into an unencrypted room: m.image with its facts, and bytes the other person downloads', async () => {
    const roomId = await aliceHttp.createRoom({ name: 'Pictures', invite: [bob.client.getSafeUserId()] });
    await expect.poll(() => alice.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('join');
    const png = makePng(40, 30);
    const { localId } = await alice.call('messages.sendFile', { roomId, name: 'gradient.png', mimetype: 'image/png', data: base64(png), width: 40, height: 30 });
    expect(alice.items.get(localId)).toMatchObject({
      body: 'gradient.png',
      formattedBody: null,
      attachment: { name: 'gradient.png', mimetype: 'image/png', size: png.byteLength, width: 40, height: 30 },
    });
    const item = await sent(alice, localId);
    expect(alice.states.get(localId)).toEqual(['queued', 'sending', 'sent']);

    const [event] = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((e) => e.type === 'm.room.message');
    expect(event?.event_id).toBe(item.eventId);
    expect(event?.unsigned?.transaction_id).toBe(localId);
    expect(event?.content).toEqual({
      msgtype: 'm.image',
      body: 'gradient.png',
      filename: 'gradient.png',
      info: { mimetype: 'image/png', size: png.byteLength, w: 40, h: 30 },
      url: expect.stringMatching(/^mxc:\/\/localhost\/\w+$/),
    });
    const media = await download(synapse.baseUrl, bobToken, event?.content.url);
    expect(media.bytes).toEqual(png);
    expect(media.type).toBe('image/png');
    // Once sent, the outbox keeps no copy of the bytes.
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it('encrypts a file in an encrypted room, keeps its place between two texts, and the other person decrypts both', async () => {
    const roomId = await encryptedDmWith(bob, ALICE);
    await aliceHttp.join(roomId);
    await expect.poll(() => alice.rooms.get(roomId), { timeout: 20_000 }).toMatchObject({ membership: 'join', isEncrypted: true });
    const bytes = new Uint8Array(randomBytes(200_000));
    // Not awaited one by one: the text behind the file must not overtake it while the file is written.
    const [before, file, after] = await Promise.all([
      alice.call('messages.send', { roomId, body: 'the report follows', markdown: false }),
      alice.call('messages.sendFile', { roomId, name: 'report.pdf', mimetype: 'application/pdf', data: base64(bytes) }),
      alice.call('messages.send', { roomId, body: 'that was the report', markdown: false }),
    ]);
    const ids = [before.localId, file.localId, after.localId];
    await Promise.all(ids.map((id) => sent(alice, id)));
    expect(alice.states.get(file.localId)).toEqual(['queued', 'encrypting', 'sending', 'sent']);

    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((e) => e.sender === ALICE && e.type === 'm.room.encrypted');
    expect(events.map((e) => e.unsigned?.transaction_id)).toEqual(ids);
    const read = await Promise.all(events.map((e) => readAs(bob, e)));
    expect(read.map(({ content }) => content.body)).toEqual(['the report follows', 'report.pdf', 'that was the report']);
    const fileContent = read[1]?.content ?? {};
    expect(fileContent).toMatchObject({ msgtype: 'm.file', filename: 'report.pdf', info: { mimetype: 'application/pdf', size: bytes.byteLength } });
    expect(fileContent.url).toBeUndefined();
    const encrypted = fileContent.file as { url: string; v: string; key: { key_ops: string[] } };
    expect(encrypted).toMatchObject({ v: 'v2', key: { kty: 'oct', alg: 'A256CTR', ext: true, key_ops: ['encrypt', 'decrypt'] } });

    // The server holds ciphertext only, with neither the name nor the type.
    const media = await download(synapse.baseUrl, bobToken, encrypted.url);
    expect(media.type).toBe('application/octet-stream');
    expect(media.disposition ?? '').not.toContain('report');
    expect(Buffer.from(media.bytes).equals(Buffer.from(bytes))).toBe(false);
    expect(await decryptAttachment(media.bytes, encrypted)).toEqual(bytes);
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it('retries an upload the network dropped, with backoff, and sends the file once', async () => {
    const roomId = await aliceHttp.createRoom({ name: 'Flaky line' });
    await expect.poll(() => alice.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('join');
    failUploads = 2;
    const before = uploadAttempts.length;
    const bytes = new Uint8Array(randomBytes(50_000));
    const { localId } = await alice.call('messages.sendFile', { roomId, name: 'notes.txt', mimetype: 'text/plain', data: base64(bytes) });
    await sent(alice, localId);
    expect(alice.states.get(localId)).toEqual(['queued', 'sending', 'queued', 'sending', 'queued', 'sending', 'sent']);
    const waited = alice.patches.filter(({ patch }) => patch.op === 'update' && patch.item.localId === localId && patch.item.state === 'queued');
    expect(waited.map(({ patch }) => (patch.op === 'update' ? patch.item.error : null))).toEqual(['NETWORK', 'NETWORK']);
    const attempts = uploadAttempts.slice(before);
    expect(attempts).toHaveLength(3);
    // Backoff: about 1 s, then about 2 s (each at least half of that, with jitter).
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(500);
    expect((attempts[2] ?? 0) - (attempts[1] ?? 0)).toBeGreaterThanOrEqual(1_000);
    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((e) => e.type === 'm.room.message');
    expect(events.map((e) => e.unsigned?.transaction_id)).toEqual([localId]);
    expect((await download(synapse.baseUrl, bobToken, events[0]?.content.url)).bytes).toEqual(bytes);
  });

  it('fails a file over the server’s limit with TOO_LARGE, untried and not retried; discarding it deletes its bytes and lets the next message go', async () => {
    const roomId = await aliceHttp.createRoom({ name: 'Big files' });
    await expect.poll(() => alice.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('join');
    const big = await alice.call('messages.sendFile', { roomId, name: 'video.mp4', mimetype: 'video/mp4', data: base64(randomBytes(SERVER_LIMIT + 1)) });
    const next = await alice.call('messages.send', { roomId, body: 'sorry, too big', markdown: false });
    await expect.poll(() => alice.items.get(big.localId), { timeout: 20_000 }).toMatchObject({ state: 'failed', error: 'TOO_LARGE', nextAttemptAt: null });
    // Checked against m.upload.size before any upload: the message never reached 'sending'.
    expect(alice.states.get(big.localId)).toEqual(['queued', 'failed']);
    expect(storedFiles(dataDir)).toEqual([big.localId]);
    // Not retried on its own, and the message behind it waits.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(alice.states.get(big.localId)).toEqual(['queued', 'failed']);
    expect(alice.states.get(next.localId)).toEqual(['queued']);

    await alice.call('messages.discard', { localId: big.localId });
    expect(storedFiles(dataDir)).toEqual([]);
    await sent(alice, next.localId);
    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((e) => e.type === 'm.room.message');
    expect(events.map((e) => e.content.body)).toEqual(['sorry, too big']);
  });

  it('refuses bytes over the 100 MiB cap before storing anything', async () => {
    const roomId = await aliceHttp.createRoom({ name: 'Cap' });
    await expect.poll(() => alice.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('join');
    const result = await alice.bridge.invoke('messages.sendFile', {
      roomId,
      name: 'huge.bin',
      mimetype: 'application/octet-stream',
      data: 'A'.repeat(139_810_136),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it('delivers a file exactly once, in order, across a SIGKILL after queueing and one after the upload', { timeout: 240_000 }, async () => {
    type Line = OutboxCoreOutput;
    const config: OutboxCoreConfig = { homeserver: synapse.baseUrl, user: 'dave', password: PASSWORD, service: killService, dataDir: killDataDir, cryptoDir: killCryptoDir };
    const start = async (overrides: Partial<OutboxCoreConfig> = {}): Promise<OutboxCoreProcess> => {
      app = startOutboxCore({ ...config, ...overrides });
      await app.waitFor((line) => line.type === 'ready');
      return app;
    };
    const sentIn = (running: OutboxCoreProcess): string[] =>
      running.outputs.flatMap((line) => (line.type === 'outbox' && line.state === 'sent' ? [line.localId] : []));
    const uploads = (running: OutboxCoreProcess): number => running.outputs.filter((line) => line.type === 'uploaded' && line.status === 200).length;
    const bytes = new Uint8Array(randomBytes(300_000));

    // Run 1: queue text, file, text, and die as soon as they are queued.
    let running = await start();
    const token = (JSON.parse((await keytar.getPassword(killService, `session:${DAVE}`)) ?? '{}') as { accessToken: string }).accessToken;
    const roomId = await encryptedDmWith(bob, DAVE);
    await matrixHttp(synapse.baseUrl, token, DAVE).join(roomId);
    await running.waitFor((line) => line.type === 'room' && line.roomId === roomId && line.membership === 'join' && line.encrypted);
    running.command({ cmd: 'send', roomId, bodies: ['minutes attached'] });
    await running.waitFor((line) => line.type === 'enqueuedAll');
    running.command({ cmd: 'sendFile', roomId, name: 'minutes.odt', mimetype: 'application/vnd.oasis.opendocument.text', data: base64(bytes) });
    const { localId: fileId } = (await running.waitFor((line) => line.type === 'enqueuedFile')) as Extract<Line, { type: 'enqueuedFile' }>;
    running.command({ cmd: 'send', roomId, bodies: ['please review'] });
    await running.waitFor((line) => line.type === 'enqueued' && running.outputs.filter((l) => l.type === 'enqueued').length === 2);
    await running.kill();
    const run1 = running;
    const localIds = running.outputs.flatMap((line) => (line.type === 'enqueued' ? [line.localId] : line.type === 'enqueuedFile' ? [line.localId] : []));
    expect(localIds).toHaveLength(3);
    expect(localIds[1]).toBe(fileId);

    // Run 2: sends are held before they leave; die once the file's event is about to go, its upload done and recorded.
    running = await start({ holdSendRequestsMs: 20_000 });
    await running.waitFor((line) => line.type === 'sendRequest' && line.url.includes(encodeURIComponent(fileId)), 90_000);
    await running.kill();
    const run2 = running;

    // Run 3: no second upload; everything goes, once.
    running = await start();
    await vi.waitFor(
      () => {
        const done = new Set([run1, run2, running].flatMap(sentIn));
        if (!localIds.every((id) => done.has(id))) throw new Error(`${done.size} of 3 sent`);
      },
      { timeout: 90_000, interval: 100 },
    );
    expect(uploads(running)).toBe(0);
    expect(await running.stop()).toBe(0);
    app = undefined;
    expect(storedFiles(killDataDir)).toEqual([]);

    const events = (await serverEvents(synapse.baseUrl, token, roomId)).filter((e) => e.sender === DAVE && e.type === 'm.room.encrypted');
    expect(events.map((e) => e.unsigned?.transaction_id)).toEqual(localIds);
    const read = await Promise.all(events.map((e) => readAs(bob, e)));
    expect(read.map(({ content }) => content.body)).toEqual(['minutes attached', 'minutes.odt', 'please review']);
    const file = read[1]?.content.file as { url: string };
    expect(await decryptAttachment((await download(synapse.baseUrl, bobToken, file.url)).bytes, file)).toEqual(bytes);
  });
});
