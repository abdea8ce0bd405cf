import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { TimelineItem, TimelinePatches } from '../../src/shared/model/timeline.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'timeline password';
const SERVICE = `plenum-timeline-${process.pid}-${Date.now()}`;
const MESSAGES = 60;
/** A long history: scrolling back through it must reach its first message. */
const LONG_HISTORY = 520;

/** Follows one window's patches as the renderer will: appends, in-place updates, resets. */
function followWindow(client: BridgeApi, windowId: string, initial: readonly TimelineItem[]) {
  let items = [...initial];
  let seq = 0;
  const stop = client.on('timeline.patch', (update: TimelinePatches) => {
    if (update.windowId !== windowId) return;
    if (update.seq !== seq + 1) throw new Error(`gap in timeline patches: ${seq} → ${update.seq}`);
    seq = update.seq;
    for (const patch of update.patches) {
      if (patch.op === 'reset') items = [...patch.items];
      else if (patch.op === 'add') items.push(patch.item);
      else if (patch.op === 'update') items = items.map((item) => (item.id === patch.item.id ? patch.item : item));
      else items = items.filter((item) => item.id !== patch.id);
    }
  });
  return { items: () => items, stop };
}

const bodies = (items: readonly TimelineItem[]): string[] => items.flatMap((item) => (item.kind === 'message' ? [item.body] : []));

describe('timeline windows against Synapse', () => {
  let synapse: RunningSynapse;
  let bob: MatrixHttp;
  let roomId: string;
  let redactedId: string;
  let longRoomId: string;
  let aliceToken = '';
  let core: Core;
  let client: BridgeApi;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-timeline-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    const a = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const b = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    aliceToken = a.accessToken;
    const alice = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    bob = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    // Set before joining, so Bob's membership event carries it.
    await fetch(`${synapse.baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(b.userId)}/avatar_url`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${b.accessToken}` },
      body: JSON.stringify({ avatar_url: 'mxc://localhost/bobface' }),
    });
    roomId = await alice.createRoom({ name: 'Timeline', preset: 'private_chat', invite: [b.userId] });
    await bob.join(roomId);
    longRoomId = await alice.createRoom({ name: 'Long history', preset: 'private_chat' });
    for (let i = 0; i < LONG_HISTORY; i += 1) await alice.send(longRoomId, { msgtype: 'm.text', body: `old ${i}` });
    for (let i = 0; i < MESSAGES; i += 1) await bob.send(roomId, { msgtype: 'm.text', body: `message ${i}` });
    await bob.send(roomId, { msgtype: 'm.notice', body: 'a notice', format: 'org.matrix.custom.html', formatted_body: '<b>a notice</b>' });
    redactedId = await bob.send(roomId, { msgtype: 'm.text', body: 'regrettable' });
    await fetch(`${synapse.baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(redactedId)}/r1`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${b.accessToken}` },
      body: '{}',
    });
    await bob.send(roomId, { hello: 'world' }, 'org.example.custom');
    await bob.send(roomId, { msgtype: 'm.image', body: 'photo.png', url: 'mxc://localhost/abcdef', info: { mimetype: 'image/png', size: 1234, w: 640, h: 480 } });

    core = createCore({
      secrets: createKeytarSecretStore(SERVICE),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum timeline test' },
      dataDir,
      cryptoDir: testCryptoDir(),
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    client = pair.client;
    await core.start();
    const signedIn = await client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.code}`);
    // The room must have reached the core before a window can open on it.
    for (let waited = 0; ; waited += 100) {
      const list = await client.invoke('rooms.list', {});
      if (list.ok && [roomId, longRoomId].every((id) => list.value.items.some((room) => room.id === id))) break;
      if (waited > 20_000) throw new Error('the room never reached the core');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await core?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  let windowId = '';
  let follower: ReturnType<typeof followWindow>;

  it('opens on the latest events, each projected for display', async () => {
    const opened = await client.invoke('timeline.open', { roomId });
    if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
    windowId = opened.value.windowId;
    follower = followWindow(client, windowId, opened.value.items);
    const items = opened.value.items;
    expect(opened.value.hasMoreBefore).toBe(true);
    expect(opened.value.roomId).toBe(roomId);
    expect(items.at(-1)).toMatchObject({
      kind: 'message',
      msgtype: 'image',
      senderName: 'Bob',
      senderAvatarMxc: 'mxc://localhost/bobface',
      encrypted: false,
      media: { mxc: 'mxc://localhost/abcdef', encrypted: false, mimetype: 'image/png', size: 1234, name: 'photo.png', width: 640, height: 480, hasThumbnail: true },
    });
    expect(items.find((item) => item.kind === 'unknown')).toMatchObject({ eventType: 'org.example.custom' });
    expect(items.find((item) => item.id === redactedId)).toMatchObject({ kind: 'redacted' });
    expect(items.find((item) => item.kind === 'message' && item.msgtype === 'notice')).toMatchObject({ formattedBody: '<b>a notice</b>' });
    expect(bodies(items)).toContain(`message ${MESSAGES - 1}`);
    expect(bodies(items)).not.toContain('message 0');
  });

  it('paginates backwards to the start of the room without gaps or repeats', async () => {
    for (let page = 0; page < 10; page += 1) {
      const result = await client.invoke('timeline.paginate', { windowId, limit: 20 });
      if (!result.ok) throw new Error(result.error.code);
      if (!result.value.hasMoreBefore) break;
    }
    const all = bodies(follower.items()).filter((body) => body.startsWith('message '));
    expect(all).toEqual(Array.from({ length: MESSAGES }, (_, i) => `message ${i}`));
    expect(follower.items()[0]).toMatchObject({ kind: 'state', change: { type: 'create' }, senderId: '@alice:localhost', senderAvatarMxc: null });
    expect(follower.items().some((item) => item.kind === 'state' && item.change.type === 'member' && item.change.membership === 'join')).toBe(true);
  });

  it('appends live messages as they arrive', async () => {
    await bob.send(roomId, { msgtype: 'm.emote', body: 'waves' });
    await expect.poll(() => follower.items().at(-1), { timeout: 20_000 }).toMatchObject({ kind: 'message', msgtype: 'emote', body: 'waves' });
  });

  it(`scrolls back through ${LONG_HISTORY} messages in pages of 50, keeping every one`, async () => {
    const opened = await client.invoke('timeline.open', { roomId: longRoomId });
    if (!opened.ok) throw new Error(opened.error.code);
    const long = followWindow(client, opened.value.windowId, opened.value.items);
    let hasMoreBefore = opened.value.hasMoreBefore;
    for (let page = 0; hasMoreBefore; page += 1) {
      if (page > LONG_HISTORY / 10) throw new Error('pagination never reached the start of the room');
      const result = await client.invoke('timeline.paginate', { windowId: opened.value.windowId, limit: 50 });
      if (!result.ok) throw new Error(result.error.code);
      hasMoreBefore = result.value.hasMoreBefore;
    }
    expect(bodies(long.items())).toEqual(Array.from({ length: LONG_HISTORY }, (_, i) => `old ${i}`));
    expect(long.items()[0]).toMatchObject({ kind: 'state', change: { type: 'create' } });
    // Live messages still arrive at the end of a window this long.
    await matrixHttp(synapse.baseUrl, aliceToken, '@alice:localhost').send(longRoomId, { msgtype: 'm.text', body: 'new at the end' });
    await expect.poll(() => long.items().at(-1), { timeout: 20_000 }).toMatchObject({ kind: 'message', body: 'new at the end' });
    expect(bodies(long.items())[0]).toBe('old 0');
    long.stop();
    await client.invoke('timeline.close', { windowId: opened.value.windowId });
  });

  it('stops sending patches once closed, and refuses unknown windows', async () => {
    expect(await client.invoke('timeline.close', { windowId })).toEqual({ ok: true, value: null });
    const before = follower.items().length;
    await bob.send(roomId, { msgtype: 'm.text', body: 'after close' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(follower.items()).toHaveLength(before);
    expect(await client.invoke('timeline.paginate', { windowId, limit: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.invoke('timeline.open', { roomId: '!nope:localhost' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    follower.stop();
  });
});
