import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { RoomSummary } from '../../src/shared/model/rooms.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
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
  let session: CoreSession;
  let client: BridgeApi;
  let dmId = '';
  let rooms: Map<string, RoomSummary>;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-direct-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir() });
    ({ bridge: client, rooms } = session);
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
  });
  afterAll(async () => {
    bob?.stop();
    await session?.dispose();
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
