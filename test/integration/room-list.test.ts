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
import type { ListPatches } from '../../src/shared/model/list.ts';
import type { RoomSummary } from '../../src/shared/model/rooms.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';

const PASSWORD = 'room list password';
const SERVICE = `plenum-room-list-${process.pid}-${Date.now()}`;

/** Applies patches as the renderer will, checking that sequence numbers have no gaps. */
function followRoomList(client: BridgeApi) {
  const rooms = new Map<string, RoomSummary>();
  let seq = -1;
  const apply = ({ seq: next, patches }: ListPatches<RoomSummary>): void => {
    if (seq >= 0 && next !== seq + 1) throw new Error(`gap in room list patches: ${seq} → ${next}`);
    seq = next;
    for (const patch of patches) {
      if (patch.op === 'reset') {
        rooms.clear();
        for (const item of patch.items) rooms.set(item.id, item);
      } else if (patch.op === 'remove') rooms.delete(patch.id);
      else rooms.set(patch.item.id, patch.item);
    }
  };
  const stop = client.on('rooms.patch', apply);
  return {
    rooms,
    async load(): Promise<void> {
      const snapshot = await client.invoke('rooms.list', {});
      if (!snapshot.ok) throw new Error(snapshot.error.code);
      rooms.clear();
      for (const item of snapshot.value.items) rooms.set(item.id, item);
      seq = snapshot.value.seq;
    },
    byName: (name: string) => [...rooms.values()].find((room) => room.name === name),
    stop,
  };
}

describe('room list projection against Synapse', () => {
  let synapse: RunningSynapse;
  let alice: MatrixHttp;
  let bob: MatrixHttp;
  let bobId: string;
  let projectRoom: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-room-list-'));
  let core: Core | undefined;

  async function boot(): Promise<BridgeApi> {
    core = createCore({
      secrets: createKeytarSecretStore(SERVICE),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum room list test' },
      dataDir,
      cryptoDir: testCryptoDir(),
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    await core.start();
    return pair.client;
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    const a = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const b = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob Builder' });
    bobId = b.userId;
    alice = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    bob = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    projectRoom = await alice.createRoom({ name: 'Project Plenum', preset: 'private_chat', invite: [bobId] });
    await bob.join(projectRoom);
    await bob.send(projectRoom, { msgtype: 'm.text', body: 'Kick-off is on   Monday\nat nine' });
  });
  afterAll(async () => {
    await core?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('lists joined rooms with name, last message preview and unread count after sign-in', async () => {
    const client = await boot();
    const list = followRoomList(client);
    await list.load();
    expect((await client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD })).ok).toBe(true);
    await expect.poll(() => list.byName('Project Plenum'), { timeout: 20_000 }).toBeDefined();
    expect(list.byName('Project Plenum')).toMatchObject({
      membership: 'join',
      isDirect: false,
      isEncrypted: false,
      lastMessage: { senderId: bobId, senderName: 'Bob Builder', kind: 'text', text: 'Kick-off is on Monday at nine' },
    });
    expect(list.byName('Project Plenum')?.unread).toBeGreaterThanOrEqual(1);
    list.stop();
  });

  it('shows invites with their inviter, direct chats as direct, and updates previews live', async () => {
    // A second window on the same running core: it starts from the snapshot, then follows patches.
    const pair = createMemoryTransportPair();
    serveBridge(core as Core, pair.server);
    const list = followRoomList(pair.client);
    await list.load();

    const dm = await bob.createRoom({ preset: 'trusted_private_chat', is_direct: true, invite: ['@alice:localhost'] });
    await expect.poll(() => list.rooms.get(dm), { timeout: 20_000 }).toMatchObject({ membership: 'invite', isDirect: true, inviter: bobId });

    await bob.send(projectRoom, { msgtype: 'm.emote', body: 'waves' });
    await expect.poll(() => list.byName('Project Plenum')?.lastMessage, { timeout: 20_000 }).toMatchObject({ kind: 'emote', text: 'waves' });
    await bob.send(projectRoom, { msgtype: 'm.image', body: 'photo.png', url: 'mxc://localhost/abc' });
    await expect.poll(() => list.byName('Project Plenum')?.lastMessage?.kind, { timeout: 20_000 }).toBe('image');
    list.stop();
  });

  it('after a restart, shows the rooms from disk before the homeserver answers', async () => {
    await core?.dispose(); // saves the sync position and state
    core = undefined;
    await synapse.stop(); // the homeserver is gone for good: anything shown now came from disk
    const client = await boot();
    const list = followRoomList(client);
    await list.load();
    expect(list.byName('Project Plenum')).toMatchObject({ membership: 'join', lastMessage: { kind: 'image' } });
    const session = await client.invoke('session.get', {});
    expect(session).toMatchObject({ ok: true, value: { state: 'signedIn', userId: '@alice:localhost' } });
    list.stop();
  });
});
