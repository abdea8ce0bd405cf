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
  let core: Core;
  let client: BridgeApi;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-timeline-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    const a = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const b = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    const alice = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    bob = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    roomId = await alice.createRoom({ name: 'Timeline', preset: 'private_chat', invite: [b.userId] });
    await bob.join(roomId);
    for (let i = 0; i < MESSAGES; i += 1) await bob.send(roomId, { msgtype: 'm.text', body: `message ${i}` });
    await bob.send(roomId, { msgtype: 'm.notice', body: 'a notice', format: 'org.matrix.custom.html', formatted_body: '<b>a notice</b>' });
    redactedId = await bob.send(roomId, { msgtype: 'm.text', body: 'regrettable' });
    await fetch(`${synapse.baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(redactedId)}/r1`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${b.accessToken}` },
      body: '{}',
    });
    await bob.send(roomId, { hello: 'world' }, 'org.example.custom');
    await bob.send(roomId, { msgtype: 'm.image', body: 'photo.png', url: 'mxc://localhost/abcdef', info: { mimetype: 'image/png', size: 1234 } });

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
      if (list.ok && list.value.items.some((room) => room.id === roomId)) break;
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
    expect(items.at(-1)).toMatchObject({
      kind: 'message',
      msgtype: 'image',
      senderName: 'Bob',
      media: { mxc: 'mxc://localhost/abcdef', mimetype: 'image/png', size: 1234 },
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
    expect(follower.items()[0]).toMatchObject({ kind: 'state', change: { type: 'create' } });
    expect(follower.items().some((item) => item.kind === 'state' && item.change.type === 'member' && item.change.membership === 'join')).toBe(true);
  });

  it('appends live messages as they arrive', async () => {
    await bob.send(roomId, { msgtype: 'm.emote', body: 'waves' });
    await expect.poll(() => follower.items().at(-1), { timeout: 20_000 }).toMatchObject({ kind: 'message', msgtype: 'emote', body: 'waves' });
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
