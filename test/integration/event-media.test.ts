import type { MatrixClient } from 'matrix-js-sdk';
import { logger as sdkGlobalLogger } from 'matrix-js-sdk/lib/logger.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptAttachment } from '../../src/main/core/media/encrypted-attachment.ts';
import { createMediaFetcher } from '../../src/main/core/media/media-fetcher.ts';
import { createMediaResponder, type MediaResponder } from '../../src/main/core/media/media-responder.ts';
import { makePng } from '../support/png.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'event media password';
const path = (roomId: string, eventId: string): string => `event/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`;
const NO_QUERY = new URLSearchParams();
const THUMBNAIL = new URLSearchParams({ thumbnail: '1' });

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !check(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
  }
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The media-by-event route (`event/<room>/<event>`): what the renderer's images and downloads of
 * attachments use. Bob, a rust-crypto client, sends; Alice's session (another rust-crypto client,
 * her token in the fetcher) is what the core's responder reads events and keys from.
 */
describe('media by event against Synapse', () => {
  let synapse: RunningSynapse;
  let alice: SdkPeer;
  let bob: SdkPeer;
  let encryptedRoom = '';
  let plainRoom = '';
  let respond: MediaResponder;
  const png = makePng(64, 48);
  const thumbnailPng = makePng(16, 12);

  async function uploadCiphertext(client: MatrixClient, plain: Uint8Array<ArrayBuffer>) {
    const { ciphertext, info } = await encryptAttachment(plain);
    const { content_uri: url } = await client.uploadContent(new Blob([ciphertext]), { type: 'application/octet-stream' });
    return { ...info, url };
  }
  /** Sends as Bob and waits until Alice's client holds the event, decrypted. */
  async function sendToAlice(roomId: string, content: Record<string, unknown>): Promise<string> {
    const { event_id: eventId } = await bob.client.sendMessage(roomId, content as never);
    await expect.poll(() => alice.client.getRoom(roomId)?.findEventById(eventId)?.getContent().msgtype, { timeout: 20_000 }).toBe(content.msgtype);
    return eventId;
  }
  /** Forgets the room's loaded events, as a gappy sync does, so the route must fetch the event. */
  const forgetLoadedEvents = (roomId: string): void => alice.client.getRoom(roomId)?.resetLiveTimeline();

  beforeAll(async () => {
    // As in createCore: the SDK's process-wide logger narrates every send at debug level.
    (sdkGlobalLogger as unknown as { setLevel(level: 'warn', persist: boolean): void }).setLevel('warn', false);
    synapse = await startSynapse();
    const a = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    alice = await startSdkPeer(synapse.baseUrl, a);
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
    ({ room_id: encryptedRoom } = await bob.client.createRoom({
      invite: [a.userId],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    ({ room_id: plainRoom } = await bob.client.createRoom({ invite: [a.userId] }));
    for (const roomId of [encryptedRoom, plainRoom]) {
      await waitFor(() => bob.client.getRoom(roomId)?.getMember(a.userId)?.membership === 'join', 'Alice to join');
    }
    const fetcher = createMediaFetcher({ homeserver: synapse.baseUrl, accessToken: () => a.accessToken });
    respond = createMediaResponder(() => fetcher, () => alice.client);
  });
  afterAll(async () => {
    alice?.stop();
    bob?.stop();
    await synapse?.stop();
  });

  it('serves an encrypted image decrypted, with safe headers; its thumbnail falls back to the image', async () => {
    const file = await uploadCiphertext(bob.client, png);
    const eventId = await sendToAlice(encryptedRoom, { msgtype: 'm.image', body: 'chart.png', file, info: { mimetype: 'image/png', size: png.length, w: 64, h: 48 } });
    expect(alice.client.getRoom(encryptedRoom)?.findEventById(eventId)?.isEncrypted()).toBe(true);

    const reply = await respond(path(encryptedRoom, eventId), NO_QUERY);
    expect(reply.status).toBe(200);
    expect(await bytesOf(reply)).toEqual(png);
    expect(Object.fromEntries(reply.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': "inline; filename*=UTF-8''chart.png",
    });
    const thumbnail = await respond(path(encryptedRoom, eventId), THUMBNAIL);
    expect(thumbnail.status).toBe(200);
    expect(await bytesOf(thumbnail)).toEqual(png);
  });

  it("serves an encrypted image's own encrypted thumbnail", async () => {
    const file = await uploadCiphertext(bob.client, png);
    const thumbnailFile = await uploadCiphertext(bob.client, thumbnailPng);
    const eventId = await sendToAlice(encryptedRoom, {
      msgtype: 'm.image',
      body: 'big.png',
      file,
      info: { mimetype: 'image/png', thumbnail_file: thumbnailFile, thumbnail_info: { mimetype: 'image/png', w: 16, h: 12 } },
    });
    const thumbnail = await respond(path(encryptedRoom, eventId), THUMBNAIL);
    expect(thumbnail.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(thumbnail)).toEqual(thumbnailPng);
    expect(await bytesOf(await respond(path(encryptedRoom, eventId), NO_QUERY))).toEqual(png);
  });

  it('serves an encrypted file that is not inline-safe as a named attachment', async () => {
    const document = new TextEncoder().encode('%PDF-1.4 not really');
    const file = await uploadCiphertext(bob.client, document);
    const eventId = await sendToAlice(encryptedRoom, { msgtype: 'm.file', body: 'see attached', filename: 'Budget 2027 (draft).pdf', file, info: { mimetype: 'application/pdf' } });
    const reply = await respond(path(encryptedRoom, eventId), NO_QUERY);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/octet-stream');
    expect(reply.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Budget%202027%20%28draft%29.pdf");
    expect(await bytesOf(reply)).toEqual(document);
  });

  it('fetches and decrypts an event that is no longer loaded', async () => {
    const file = await uploadCiphertext(bob.client, png);
    const eventId = await sendToAlice(encryptedRoom, { msgtype: 'm.image', body: 'old.png', file, info: { mimetype: 'image/png' } });
    forgetLoadedEvents(encryptedRoom);
    expect(alice.client.getRoom(encryptedRoom)?.findEventById(eventId)).toBeUndefined();
    const reply = await respond(path(encryptedRoom, eventId), NO_QUERY);
    expect(reply.status).toBe(200);
    expect(await bytesOf(reply)).toEqual(png);
  });

  it('refuses an encrypted attachment whose ciphertext does not match its hash', async () => {
    const file = await uploadCiphertext(bob.client, png);
    const other = await uploadCiphertext(bob.client, thumbnailPng);
    const eventId = await sendToAlice(encryptedRoom, { msgtype: 'm.image', body: 'swapped.png', file: { ...file, url: other.url }, info: { mimetype: 'image/png' } });
    expect((await respond(path(encryptedRoom, eventId), NO_QUERY)).status).toBe(400);
  });

  it('serves unencrypted media by event too, with a thumbnail from the server', async () => {
    const { content_uri: url } = await bob.client.uploadContent(new Blob([png]), { type: 'image/png', name: 'plain.png' });
    const eventId = await sendToAlice(plainRoom, { msgtype: 'm.image', body: 'plain.png', url, info: { mimetype: 'image/png' } });
    const reply = await respond(path(plainRoom, eventId), NO_QUERY);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(reply)).toEqual(png);
    const thumbnail = await respond(path(plainRoom, eventId), THUMBNAIL);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toMatch(/^image\//);
    forgetLoadedEvents(plainRoom);
    expect(await bytesOf(await respond(path(plainRoom, eventId), NO_QUERY))).toEqual(png);
  });

  it("falls back to the image itself when the server can't make a thumbnail of it", async () => {
    const odd = new TextEncoder().encode('an image only by name');
    const { content_uri: url } = await bob.client.uploadContent(new Blob([odd]), { type: 'text/plain' });
    const eventId = await sendToAlice(plainRoom, { msgtype: 'm.image', body: 'odd.png', url, info: { mimetype: 'image/png' } });
    const thumbnail = await respond(path(plainRoom, eventId), THUMBNAIL);
    expect(thumbnail.status).toBe(200);
    expect(await bytesOf(thumbnail)).toEqual(odd);
  });

  it('answers 404 for unknown rooms and events and for events without an attachment, 400 for malformed IDs', async () => {
    const textId = await sendToAlice(plainRoom, { msgtype: 'm.text', body: 'no attachment here' });
    expect((await respond(path(plainRoom, textId), NO_QUERY)).status).toBe(404);
    expect((await respond(path(plainRoom, '$NoSuchEventAnywhere0000000000000000000000000'), NO_QUERY)).status).toBe(404);
    expect((await respond(path('!unknown:localhost', textId), NO_QUERY)).status).toBe(404);
    for (const [bad, query] of [
      [`event/${encodeURIComponent('#alias:localhost')}/${encodeURIComponent(textId)}`, NO_QUERY],
      [`event/${encodeURIComponent(plainRoom)}/${encodeURIComponent('not-an-event')}`, NO_QUERY],
      [`event/${encodeURIComponent(plainRoom)}/${encodeURIComponent(textId)}/extra`, NO_QUERY],
      [path(plainRoom, textId), new URLSearchParams({ thumbnail: 'yes' })],
    ] as const) {
      const reply = await respond(bad, query);
      expect(reply.status, bad).toBe(400);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers 401 when no session is signed in', async () => {
    const signedOut = createMediaResponder(() => null, () => null);
    expect((await signedOut(path(plainRoom, '$abc'), NO_QUERY)).status).toBe(401);
  });
});
