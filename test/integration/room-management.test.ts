import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'room management password';
const SERVICE = `plenum-room-management-${process.pid}-${Date.now()}`;

/** Creating rooms and marking favourites through the core, checked on the server itself. */
describe('room management through the core', () => {
  let synapse: RunningSynapse;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let bobHttp: MatrixHttp;
  let aliceHttp: MatrixHttp;
  let session: CoreSession;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-room-management-'));

  /** Reads the client-server API as Alice (another of her devices), not through the core. */
  const serverGet = async (path: string, token = alice.accessToken): Promise<Record<string, unknown>> => {
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3${path}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, ...body };
  };
  const state = (roomId: string, type: string) => serverGet(`/rooms/${encodeURIComponent(roomId)}/state/${type}/`);

  beforeAll(async () => {
    assertKeyringAvailable();
    // Synapse lets only admins publish rooms unless told otherwise; an institution opens it up like this.
    synapse = await startSynapse({
      extraConfig: { room_list_publication_rules: [{ user_id: '@carol:localhost', action: 'deny' }, { action: 'allow' }] },
    });
    alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    aliceHttp = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    bobHttp = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir() });
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    await vi.waitFor(async () => expect(await session.call('sync.status', {})).toMatchObject({ state: 'syncing' }), { timeout: 20_000, interval: 100 });
  });
  afterAll(async () => {
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
    await keytar.deletePassword(SERVICE, 'session:@carol:localhost').catch(() => false);
  });

  it('creates a private encrypted room: invite-only, encrypted from its creation, not in the directory', async () => {
    const created = await session.bridge.invoke('rooms.create', { name: 'Budget 2027', topic: '  Figures and drafts  ', encrypted: true, visibility: 'private' });
    expect(created).toMatchObject({ ok: true, value: { listed: false } });
    const roomId = created.ok ? created.value.roomId : '';
    await expect
      .poll(() => session.rooms.get(roomId), { timeout: 20_000 })
      .toMatchObject({ name: 'Budget 2027', topic: 'Figures and drafts', isEncrypted: true, isFavourite: false, memberCount: 1, membership: 'join' });
    expect(await state(roomId, 'm.room.join_rules')).toMatchObject({ status: 200, join_rule: 'invite' });
    expect(await state(roomId, 'm.room.encryption')).toMatchObject({ status: 200, algorithm: 'm.megolm.v1.aes-sha2' });
    expect(await serverGet(`/directory/list/room/${encodeURIComponent(roomId)}`)).toMatchObject({ visibility: 'private' });
    // The encryption event is part of the room's creation, before the name, the topic or any message.
    const events = ((await serverGet(`/rooms/${encodeURIComponent(roomId)}/messages?dir=f&limit=50`)).chunk ?? []) as { type: string }[];
    const types = events.map((event) => event.type);
    expect(types.indexOf('m.room.encryption')).toBeGreaterThan(-1);
    expect(types.indexOf('m.room.encryption')).toBeLessThan(types.indexOf('m.room.name'));
    // Bob cannot walk in uninvited.
    await expect(bobHttp.join(roomId)).rejects.toThrow(/403/);
  });

  it('creates a public room: anyone may join and it is listed in the directory', async () => {
    const created = await session.bridge.invoke('rooms.create', { name: 'Open Office Hours', topic: '', encrypted: false, visibility: 'public' });
    expect(created).toMatchObject({ ok: true, value: { listed: true } });
    const roomId = created.ok ? created.value.roomId : '';
    await expect.poll(() => session.rooms.get(roomId), { timeout: 20_000 }).toMatchObject({ name: 'Open Office Hours', topic: null, isEncrypted: false });
    expect(await state(roomId, 'm.room.join_rules')).toMatchObject({ status: 200, join_rule: 'public' });
    expect(await state(roomId, 'm.room.encryption')).toMatchObject({ status: 404 });
    expect(await serverGet(`/directory/list/room/${encodeURIComponent(roomId)}`)).toMatchObject({ visibility: 'public' });
    const directory = (await serverGet('/publicRooms', bob.accessToken)).chunk as { room_id: string }[];
    expect(directory.map((room) => room.room_id)).toContain(roomId);

    // Bob joins without an invite; the member count follows.
    await bobHttp.join(roomId);
    await expect.poll(() => session.rooms.get(roomId)?.memberCount, { timeout: 20_000 }).toBe(2);
  });

  it('refuses a room without a name or with an overlong topic, and creates nothing', async () => {
    const before = session.rooms.size;
    const noName = await session.bridge.invoke('rooms.create', { name: '   ', topic: '', encrypted: true, visibility: 'private' });
    expect(noName).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const longTopic = await session.bridge.invoke('rooms.create', { name: 'Long', topic: 'x'.repeat(1001), encrypted: true, visibility: 'private' });
    expect(longTopic).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(session.rooms.size).toBe(before);
  });

  it('marks a room as favourite and back, on the server and in the room list', async () => {
    const { roomId } = await session.call('rooms.create', { name: 'Favourites', topic: '', encrypted: false, visibility: 'private' });
    await expect.poll(() => session.rooms.get(roomId)?.isFavourite, { timeout: 20_000 }).toBe(false);
    const tags = async () => Object.keys(((await serverGet(`/user/${encodeURIComponent(alice.userId)}/rooms/${encodeURIComponent(roomId)}/tags`)).tags ?? {}) as object);

    expect(await session.bridge.invoke('rooms.setFavourite', { roomId, favourite: true })).toEqual({ ok: true, value: null });
    expect(await tags()).toContain('m.favourite');
    await expect.poll(() => session.rooms.get(roomId)?.isFavourite, { timeout: 20_000 }).toBe(true);

    expect(await session.bridge.invoke('rooms.setFavourite', { roomId, favourite: false })).toEqual({ ok: true, value: null });
    expect(await tags()).not.toContain('m.favourite');
    await expect.poll(() => session.rooms.get(roomId)?.isFavourite, { timeout: 20_000 }).toBe(false);
    // Already not a favourite: nothing to undo, and no error.
    expect(await session.bridge.invoke('rooms.setFavourite', { roomId, favourite: false })).toEqual({ ok: true, value: null });
    // A room this account is not in cannot be a favourite.
    const unknown = await session.bridge.invoke('rooms.setFavourite', { roomId: '!nosuchroom:localhost', favourite: true });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('follows name, topic and avatar changes made elsewhere', async () => {
    const { roomId } = await session.call('rooms.create', { name: 'Before', topic: 'Old topic', encrypted: false, visibility: 'private' });
    await expect.poll(() => session.rooms.get(roomId)?.topic, { timeout: 20_000 }).toBe('Old topic');
    await aliceHttp.setState(roomId, 'm.room.name', { name: 'After' });
    await aliceHttp.setState(roomId, 'm.room.topic', { topic: `\n  ${'t'.repeat(1200)}  ` });
    await aliceHttp.setState(roomId, 'm.room.avatar', { url: 'mxc://localhost/avatarpicture' });
    await expect
      .poll(() => session.rooms.get(roomId), { timeout: 20_000 })
      .toMatchObject({ name: 'After', topic: 't'.repeat(1000), avatarMxc: 'mxc://localhost/avatarpicture' });
    // Blank is no topic.
    await aliceHttp.setState(roomId, 'm.room.topic', { topic: ' \n ' });
    await expect.poll(() => session.rooms.get(roomId)?.topic, { timeout: 20_000 }).toBeNull();
  });

  it('says so when the server creates a public room but will not list it', async () => {
    await synapse.registerUser('carol', PASSWORD, { displayName: 'Carol' });
    await session.call('session.signOut', {});
    await session.signIn(synapse.baseUrl, 'carol', PASSWORD);
    await vi.waitFor(async () => expect(await session.call('sync.status', {})).toMatchObject({ state: 'syncing' }), { timeout: 20_000, interval: 100 });
    const created = await session.bridge.invoke('rooms.create', { name: 'Carol unlisted', topic: '', encrypted: false, visibility: 'public' });
    expect(created).toMatchObject({ ok: true, value: { listed: false } });
    const roomId = created.ok ? created.value.roomId : '';
    expect(await serverGet(`/directory/list/room/${encodeURIComponent(roomId)}`)).toMatchObject({ visibility: 'private' });
    // Still a public room: anyone may join it.
    await bobHttp.join(roomId);
    await expect.poll(() => session.rooms.get(roomId)?.memberCount, { timeout: 20_000 }).toBe(2);
    await session.call('session.signOut', {});
  });
});
