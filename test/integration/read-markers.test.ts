import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'read markers password';
const SERVICE = `plenum-read-markers-${process.pid}-${Date.now()}`;

/**
 * Where the server has Alice's read receipt and fully-read marker, read by a new device of hers each
 * time (Synapse caches a device's identical /sync requests for a while).
 */
async function serverMarkers(baseUrl: string, alice: RegisteredUser, roomId: string): Promise<{ receipt: string | null; fullyRead: string | null }> {
  const login = await fetch(`${baseUrl}/_matrix/client/v3/login`, {
    method: 'POST',
    body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.userId }, password: PASSWORD }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const auth = { headers: { Authorization: `Bearer ${token}` } };
  const filter = JSON.stringify({ room: { rooms: [roomId], timeline: { limit: 1 }, state: { types: [] } }, presence: { types: [] } });
  const sync = (await (await fetch(`${baseUrl}/_matrix/client/v3/sync?filter=${encodeURIComponent(filter)}`, auth)).json()) as {
    rooms?: { join?: Record<string, { ephemeral?: { events?: { type: string; content: Record<string, Record<string, Record<string, unknown>>> }[] } }> };
  };
  let receipt: string | null = null;
  for (const event of sync.rooms?.join?.[roomId]?.ephemeral?.events ?? []) {
    if (event.type !== 'm.receipt') continue;
    for (const [eventId, byType] of Object.entries(event.content)) if (byType['m.read']?.[alice.userId]) receipt = eventId;
  }
  const marker = await fetch(`${baseUrl}/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/rooms/${encodeURIComponent(roomId)}/account_data/m.fully_read`, auth);
  const fullyRead = marker.ok ? String(((await marker.json()) as { event_id: unknown }).event_id) : null;
  return { receipt, fullyRead };
}

/** timeline.markRead against Synapse: the receipt and marker move on the server, the counts clear. */
describe('read markers', () => {
  let synapse: RunningSynapse;
  let aliceElsewhere: RegisteredUser;
  let bob: MatrixHttp;
  let session: CoreSession;
  let roomId = '';
  const sent: string[] = [];
  /** Every read-marker request the core made. */
  const markerRequests: string[] = [];
  const watchingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/read_markers')) markerRequests.push(url);
    return fetch(input, init);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-read-markers-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    aliceElsewhere = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const b = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    bob = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    roomId = await bob.createRoom({ name: 'Reading', preset: 'private_chat', invite: [aliceElsewhere.userId] });
    await matrixHttp(synapse.baseUrl, aliceElsewhere.accessToken, aliceElsewhere.userId).join(roomId);
    for (let i = 0; i < 4; i += 1) sent.push(await bob.send(roomId, { msgtype: 'm.text', body: `update ${i}` }));
    // The legacy display-name rule makes this one a highlight (no m.mentions in it).
    sent.push(await bob.send(roomId, { msgtype: 'm.text', body: 'Alice, can you look at this?' }));
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir(), fetch: watchingFetch });
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
  });
  afterAll(async () => {
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('starts with unread messages and a highlight, and no fully-read marker', async () => {
    await expect.poll(() => session.rooms.get(roomId)?.unread, { timeout: 20_000 }).toBe(5);
    expect(session.rooms.get(roomId)?.highlights).toBe(1);
    const opened = await session.call('timeline.open', { roomId });
    expect(opened).toMatchObject({ roomId, readMarkerEventId: null });
    await session.call('timeline.close', { windowId: opened.windowId });
  });

  it('moves the receipt and the marker on the server and clears the counts', async () => {
    const newest = sent.at(-1) ?? '';
    expect(await session.call('timeline.markRead', { roomId, eventId: newest })).toBeNull();
    expect(await serverMarkers(synapse.baseUrl, aliceElsewhere, roomId)).toEqual({ receipt: newest, fullyRead: newest });
    await expect.poll(() => session.rooms.get(roomId), { timeout: 20_000 }).toMatchObject({ unread: 0, highlights: 0 });
  });

  it('ignores an event older than the current receipt, and a repeat', async () => {
    const newest = sent.at(-1) ?? '';
    // A window opened once the marker has come back through sync starts from it.
    const readMarkerOnOpen = async (): Promise<string | null> => {
      const opened = await session.call('timeline.open', { roomId });
      await session.call('timeline.close', { windowId: opened.windowId });
      return opened.readMarkerEventId;
    };
    await expect.poll(readMarkerOnOpen, { timeout: 20_000 }).toBe(newest);
    const requestsBefore = markerRequests.length;
    expect(requestsBefore).toBeGreaterThan(0);
    expect(await session.call('timeline.markRead', { roomId, eventId: sent[1] ?? '' })).toBeNull();
    expect(await session.call('timeline.markRead', { roomId, eventId: newest })).toBeNull();
    expect(markerRequests).toHaveLength(requestsBefore);
    expect(await serverMarkers(synapse.baseUrl, aliceElsewhere, roomId)).toEqual({ receipt: newest, fullyRead: newest });
  });

  it('counts new messages again, and clears them when they are read', async () => {
    const later = await bob.send(roomId, { msgtype: 'm.text', body: 'one more thing' });
    await expect.poll(() => session.rooms.get(roomId)?.unread, { timeout: 20_000 }).toBe(1);
    await session.call('timeline.markRead', { roomId, eventId: later });
    await expect.poll(() => session.rooms.get(roomId)?.unread, { timeout: 20_000 }).toBe(0);
    expect(await serverMarkers(synapse.baseUrl, aliceElsewhere, roomId)).toEqual({ receipt: later, fullyRead: later });
  });

  it('refuses unknown rooms and events with NOT_FOUND and malformed IDs with BAD_REQUEST', async () => {
    const invoke = session.bridge.invoke;
    expect(await invoke('timeline.markRead', { roomId: '!nowhere:localhost', eventId: sent[0] ?? '' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await invoke('timeline.markRead', { roomId, eventId: '$NoSuchEvent0000000000000000000000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await invoke('timeline.markRead', { roomId, eventId: 'not an event' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
