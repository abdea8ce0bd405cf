import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { RoomMemberEvent } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TypingView } from '../../src/shared/model/rooms.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'typing password';
const SERVICE = `plenum-typing-${process.pid}-${Date.now()}`;

/** Typing notices both ways between the core (Alice) and another client (Bob), through Synapse. */
describe('typing notices', () => {
  let synapse: RunningSynapse;
  let bob: SdkPeer;
  let session: CoreSession;
  let roomId = '';
  const seen: TypingView[] = [];
  /** Typing requests the core sent, as the homeserver received them. */
  const typingRequests: { typing: boolean }[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-typing-'));

  const countingFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (init?.method === 'PUT' && /\/rooms\/[^/]+\/typing\//.test(url)) typingRequests.push(JSON.parse(String(init.body)) as { typing: boolean });
    return fetch(input, init);
  };
  const bobSeesAliceTyping = (): boolean => bob.client.getRoom(roomId)?.getMember('@alice:localhost')?.typing ?? false;

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob Builder' }));
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir(), fetch: countingFetch });
    session.bridge.on('typing.changed', (view) => seen.push(view));
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    ({ room_id: roomId } = await bob.client.createRoom({ name: 'Typing', invite: ['@alice:localhost'] }));
    await vi.waitFor(() => expect(session.rooms.get(roomId)?.membership).toBe('invite'), { timeout: 20_000, interval: 100 });
    await session.call('rooms.join', { roomId });
    await vi.waitFor(() => expect(session.rooms.get(roomId)?.memberCount).toBe(2), { timeout: 20_000, interval: 100 });
  });
  afterAll(async () => {
    bob?.stop();
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('shows who else is typing, by name, and clears when they stop', async () => {
    await bob.client.sendTyping(roomId, true, 30_000);
    await expect.poll(() => seen.at(-1), { timeout: 20_000 }).toEqual({ roomId, users: [{ id: '@bob:localhost', name: 'Bob Builder' }] });
    await bob.client.sendTyping(roomId, false, 0);
    await expect.poll(() => seen.at(-1), { timeout: 20_000 }).toEqual({ roomId, users: [] });
  });

  it('tells the others while this user types, with one request per change, and stops', async () => {
    const bobHeard: boolean[] = [];
    bob.client.on(RoomMemberEvent.Typing, (_event, member) => {
      if (member.userId === '@alice:localhost' && member.roomId === roomId) bobHeard.push(member.typing);
    });
    typingRequests.length = 0;
    for (let i = 0; i < 5; i += 1) await session.call('rooms.typing', { roomId, typing: true });
    await expect.poll(bobSeesAliceTyping, { timeout: 20_000 }).toBe(true);
    expect(typingRequests).toEqual([{ typing: true, timeout: 30_000 }]);

    await session.call('rooms.typing', { roomId, typing: false });
    await session.call('rooms.typing', { roomId, typing: false });
    await expect.poll(bobSeesAliceTyping, { timeout: 20_000 }).toBe(false);
    expect(typingRequests).toEqual([{ typing: true, timeout: 30_000 }, { typing: false }]);
    expect(bobHeard).toEqual([true, false]);
    // The core never reports its own user as typing.
    expect(seen.every((view) => view.users.every((user) => user.id !== '@alice:localhost'))).toBe(true);
  });

  it('refuses a typing notice for a room the user is not in', async () => {
    const { room_id: elsewhere } = await bob.client.createRoom({ name: 'Private to Bob' });
    const result = await session.bridge.invoke('rooms.typing', { roomId: elsewhere, typing: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
