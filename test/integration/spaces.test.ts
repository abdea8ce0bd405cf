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

const PASSWORD = 'spaces password';
const SERVICE = `plenum-spaces-${process.pid}-${Date.now()}`;

/** Spaces through two users' cores, checked against the server's own state. */
describe('spaces through the core', () => {
  let synapse: RunningSynapse;
  let alice: RegisteredUser;
  let carol: RegisteredUser;
  let carolHttp: MatrixHttp;
  let aliceSession: CoreSession;
  let bobSession: CoreSession;
  const dirs = [mkdtempSync(join(tmpdir(), 'plenum-spaces-a-')), mkdtempSync(join(tmpdir(), 'plenum-spaces-b-'))];

  const state = async (roomId: string, type: string, stateKey = ''): Promise<Record<string, unknown>> => {
    const url = `${synapse.baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/${encodeURIComponent(stateKey)}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${alice.accessToken}` } });
    return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
  };
  const value = <T>(result: { ok: true; value: T } | { ok: false }): T => {
    if (!result.ok) throw new Error(`command failed: ${JSON.stringify(result)}`);
    return result.value;
  };
  const syncing = (session: CoreSession) =>
    vi.waitFor(async () => expect(await session.call('sync.status', {})).toMatchObject({ state: 'syncing' }), { timeout: 20_000, interval: 100 });

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    carol = await synapse.registerUser('carol', PASSWORD, { displayName: 'Carol' });
    carolHttp = matrixHttp(synapse.baseUrl, carol.accessToken, carol.userId);
    aliceSession = await startCoreSession({ service: SERVICE, dataDir: dirs[0]!, cryptoDir: testCryptoDir() });
    bobSession = await startCoreSession({ service: SERVICE, dataDir: dirs[1]!, cryptoDir: testCryptoDir() });
    await aliceSession.signIn(synapse.baseUrl, 'alice', PASSWORD);
    await bobSession.signIn(synapse.baseUrl, 'bob', PASSWORD);
    await Promise.all([syncing(aliceSession), syncing(bobSession)]);
  });
  afterAll(async () => {
    await aliceSession?.dispose();
    await bobSession?.dispose();
    await synapse?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    for (const user of ['alice', 'bob']) await keytar.deletePassword(SERVICE, `session:@${user}:localhost`).catch(() => false);
  });

  let spaceId = '';
  let budgetId = '';
  let minutesId = '';

  it('creates a private space: a room of type m.space where only admins post', async () => {
    ({ spaceId } = value(await aliceSession.bridge.invoke('spaces.create', { name: 'Finance', topic: 'The finance department', visibility: 'private' })));
    await expect
      .poll(() => aliceSession.rooms.get(spaceId), { timeout: 20_000 })
      .toMatchObject({ name: 'Finance', membership: 'join', space: { children: [], mayManageRooms: true } });
    expect(await state(spaceId, 'm.room.create')).toMatchObject({ status: 200, type: 'm.space' });
    expect(await state(spaceId, 'm.room.join_rules')).toMatchObject({ join_rule: 'invite' });
    expect(await state(spaceId, 'm.room.power_levels')).toMatchObject({ events_default: 100, invite: 50 });
  });

  it('creates a room in the space, open to its members, and adds an existing room', async () => {
    ({ roomId: budgetId } = value(
      await aliceSession.bridge.invoke('rooms.create', { name: 'Budget', topic: '', encrypted: true, visibility: 'space', spaceId }),
    ));
    // Listed in the space when the command answers: the room list already has it there.
    expect(aliceSession.rooms.get(spaceId)?.space?.children).toEqual([budgetId]);
    expect(await state(budgetId, 'm.room.join_rules')).toMatchObject({ join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: spaceId }] });
    expect(await state(budgetId, 'm.space.parent', spaceId)).toMatchObject({ status: 200, via: ['localhost'], canonical: true });
    expect(await state(spaceId, 'm.space.child', budgetId)).toMatchObject({ status: 200, via: ['localhost'] });

    ({ roomId: minutesId } = value(await aliceSession.bridge.invoke('rooms.create', { name: 'Minutes', topic: '', encrypted: false, visibility: 'private' })));
    await expect.poll(() => aliceSession.rooms.has(minutesId), { timeout: 20_000 }).toBe(true);
    expect(await aliceSession.bridge.invoke('spaces.addRooms', { spaceId, roomIds: [minutesId] })).toMatchObject({ ok: true });
    expect(aliceSession.rooms.get(spaceId)?.space?.children).toEqual([budgetId, minutesId]);
    // A room is not a space: it carries no space summary.
    expect(aliceSession.rooms.get(budgetId)?.space).toBeNull();
  });

  it('refuses a room outside the space’s rules: not a member of it, or not the user’s room to add', async () => {
    expect(await aliceSession.bridge.invoke('spaces.addRooms', { spaceId, roomIds: ['!nowhere:localhost'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await aliceSession.bridge.invoke('spaces.addRooms', { spaceId: budgetId, roomIds: [minutesId] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Visibility "space" without a space fails validation before any room is made.
    expect(await aliceSession.bridge.invoke('rooms.create', { name: 'Orphan', topic: '', encrypted: false, visibility: 'space' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('lets an invited member of the space see its rooms and join the open one without an invitation', async () => {
    value(await aliceSession.bridge.invoke('rooms.invite', { roomId: spaceId, userId: '@bob:localhost' }));
    await expect.poll(() => bobSession.rooms.get(spaceId)?.membership, { timeout: 20_000 }).toBe('invite');
    expect(bobSession.rooms.get(spaceId)?.space).toMatchObject({ mayManageRooms: false });
    value(await bobSession.bridge.invoke('rooms.join', { roomId: spaceId }));
    await expect.poll(() => bobSession.rooms.get(spaceId)?.space?.children, { timeout: 20_000 }).toEqual([budgetId, minutesId]);
    expect(bobSession.rooms.get(spaceId)?.space?.mayManageRooms).toBe(false);

    const page = value(await bobSession.bridge.invoke('spaces.directory', { spaceId }));
    expect(page.nextPage).toBeNull();
    // The invitation-only room is the space's too, but the server shows a member only what they could enter.
    expect(page.rooms.map((room) => [room.name, room.joinRule, room.membership, room.isSpace])).toEqual([['Budget', 'restricted', null, false]]);

    expect(await bobSession.bridge.invoke('spaces.joinRoom', { spaceId, roomId: budgetId })).toMatchObject({ ok: true });
    await expect.poll(() => bobSession.rooms.get(budgetId)?.membership, { timeout: 20_000 }).toBe('join');
    // The invitation-only room stays closed to him.
    expect(await bobSession.bridge.invoke('spaces.joinRoom', { spaceId, roomId: minutesId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Nor may he change the space's rooms.
    expect(await bobSession.bridge.invoke('spaces.removeRoom', { spaceId, roomId: budgetId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(value(await bobSession.bridge.invoke('spaces.directory', { spaceId })).rooms.find((room) => room.roomId === budgetId)?.membership).toBe('join');
  });

  it('keeps someone outside the space out of its members-only room', async () => {
    await expect(carolHttp.join(budgetId)).rejects.toThrow(/403/);
  });

  it('ignores malformed child links and orders the rest as the spec says', async () => {
    // Links written by another client: one without servers (removed), one with a bad order, one ordered first.
    const aliceHttp = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    const archiveId = value(await aliceSession.bridge.invoke('rooms.create', { name: 'Archive', topic: '', encrypted: false, visibility: 'private' })).roomId;
    await aliceHttp.setState(spaceId, 'm.space.child', { via: ['localhost'], order: 'a' }, archiveId);
    await aliceHttp.setState(spaceId, 'm.space.child', { via: 'localhost', order: '\u0000' }, '!ghost:localhost');
    const hostile = JSON.parse(`{"via":["localhost"],"order":"${'x'.repeat(51)}","__proto__":{"polluted":true}}`) as Record<string, unknown>;
    await aliceHttp.setState(spaceId, 'm.space.child', hostile, minutesId);
    await expect.poll(() => aliceSession.rooms.get(spaceId)?.space?.children, { timeout: 20_000 }).toEqual([archiveId, budgetId, minutesId]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    expect(await aliceSession.bridge.invoke('spaces.removeRoom', { spaceId, roomId: archiveId })).toMatchObject({ ok: true });
    expect(aliceSession.rooms.get(spaceId)?.space?.children).toEqual([budgetId, minutesId]);
    await expect.poll(() => bobSession.rooms.get(spaceId)?.space?.children, { timeout: 20_000 }).toEqual([budgetId, minutesId]);
  });
});
