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
import type { RoomSummary } from '../../src/shared/model/rooms.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'direct chats password';
const SERVICE = `plenum-direct-${process.pid}-${Date.now()}`;

/** Direct chats start encrypted; both people read each other through the core's E2EE. */
describe('direct chats and invites through the core', () => {
  let synapse: RunningSynapse;
  let bob: SdkPeer;
  let core: Core;
  let client: BridgeApi;
  let dmId = '';
  const rooms = new Map<string, RoomSummary>();
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-direct-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
    core = createCore({
      secrets: createKeytarSecretStore(SERVICE),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum direct chats test' },
      dataDir,
      cryptoDir: testCryptoDir(),
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    client = pair.client;
    client.on('rooms.patch', ({ patches }) => {
      for (const patch of patches) {
        if (patch.op === 'add' || patch.op === 'update') rooms.set(patch.item.id, patch.item);
        if (patch.op === 'remove') rooms.delete(patch.id);
      }
    });
    await core.start();
    const signedIn = await client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    if (!signedIn.ok) throw new Error(signedIn.error.code);
  });
  afterAll(async () => {
    bob?.stop();
    await core?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('creates a direct chat that is encrypted from its first event and marked direct', async () => {
    await expect.poll(async () => client.invoke('sync.status', {}), { timeout: 20_000 }).toMatchObject({ value: { state: 'syncing' } });
    const created = await client.invoke('rooms.createDirect', { userId: '@bob:localhost' });
    if (!created.ok) throw new Error(created.error.code);
    dmId = created.value.roomId;
    await expect.poll(() => rooms.get(dmId), { timeout: 20_000 }).toMatchObject({ isDirect: true, isEncrypted: true, membership: 'join' });
    await expect.poll(() => bob.client.getRoom(dmId)?.getMyMembership(), { timeout: 20_000 }).toBe('join');
    expect(bob.client.getRoom(dmId)?.hasEncryptionStateEvent()).toBe(true);
  });

  it('sends encrypted through the outbox and reads the encrypted reply', async () => {
    const sent = await client.invoke('messages.send', { roomId: dmId, body: 'Hello **Bob**', markdown: true });
    expect(sent.ok).toBe(true);
    await expect.poll(() => [...bob.messages.values()], { timeout: 30_000 }).toContain('Hello **Bob**');
    await bob.client.sendTextMessage(dmId, 'Hi Alice, received.');
    await expect.poll(() => rooms.get(dmId)?.lastMessage?.text, { timeout: 30_000 }).toBe('Hi Alice, received.');
  });

  it('accepts an invite and leaves a room', async () => {
    const { room_id: invited } = await bob.client.createRoom({ name: 'Planning', invite: ['@alice:localhost'] });
    await expect.poll(() => rooms.get(invited), { timeout: 20_000 }).toMatchObject({ membership: 'invite', inviter: '@bob:localhost' });
    expect(await client.invoke('rooms.join', { roomId: invited })).toEqual({ ok: true, value: null });
    await expect.poll(() => rooms.get(invited)?.membership, { timeout: 20_000 }).toBe('join');
    expect(await client.invoke('rooms.leave', { roomId: invited })).toEqual({ ok: true, value: null });
    await expect.poll(() => rooms.has(invited), { timeout: 20_000 }).toBe(false);
  });

  it('refuses malformed user IDs and explains a refused invite', async () => {
    expect(await client.invoke('rooms.createDirect', { userId: 'bob' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const before = rooms.size;
    expect(await client.invoke('rooms.createDirect', { userId: '@nobody:localhost' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(rooms.size).toBe(before);
    expect(await client.invoke('rooms.join', { roomId: '!doesnotexist:localhost' })).toMatchObject({ ok: false });
  });
});
