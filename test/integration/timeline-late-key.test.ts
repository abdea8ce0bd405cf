import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListPatch } from '../../src/shared/model/list.ts';
import type { TimelineItem } from '../../src/shared/model/timeline.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'late key password';
const SERVICE = `plenum-late-key-${process.pid}-${Date.now()}`;

/**
 * A message whose room key arrives after the message itself (as with a key forwarded by another
 * device, or restored from backup): the open window first shows it as waiting for its key, then
 * turns that same row into the message with an 'update' patch.
 * The delay is real: the core's own /sync answers have their to-device events held back and
 * handed over in a later answer, so the Rust crypto sees the key only then.
 */
describe('a room key that arrives late', () => {
  let synapse: RunningSynapse;
  let bob: SdkPeer;
  let session: CoreSession;
  let roomId = '';
  let holdKeys = false;
  const held: unknown[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-late-key-'));

  const delayingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/sync') || !response.ok || (!holdKeys && held.length === 0)) return response;
    const body = (await response.json()) as { to_device?: { events?: unknown[] } };
    const arrived = body.to_device?.events ?? [];
    if (holdKeys) held.push(...arrived.splice(0));
    else arrived.unshift(...held.splice(0));
    body.to_device = { events: arrived };
    return new Response(JSON.stringify(body), { status: response.status, headers: { 'Content-Type': 'application/json' } });
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    const alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir(), fetch: delayingFetch });
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    ({ room_id: roomId } = await bob.client.createRoom({
      invite: [alice.userId],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
  });
  afterAll(async () => {
    bob?.stop();
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('shows the message waiting for its key, then updates that row in place', async () => {
    await expect.poll(() => session.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('invite');
    await session.call('rooms.join', { roomId });
    await expect.poll(() => bob.client.getRoom(roomId)?.getMember('@alice:localhost')?.membership, { timeout: 20_000 }).toBe('join');
    // Alice's own sync must have taken the join too: a window opened on the invite's timeline would stay on it.
    await expect.poll(() => session.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('join');
    const opened = await session.call('timeline.open', { roomId });
    const patches: ListPatch<TimelineItem>[] = [];
    const stop = session.bridge.on('timeline.patch', (update) => {
      if (update.windowId === opened.windowId) patches.push(...update.patches);
    });
    const latest = (eventId: string): TimelineItem | undefined =>
      patches.flatMap((patch) => (patch.op === 'add' || patch.op === 'update' ? [patch.item] : patch.op === 'reset' ? patch.items : [])).findLast((item) => item.id === eventId);

    holdKeys = true;
    const { event_id: eventId } = await bob.client.sendTextMessage(roomId, 'the key comes later');
    await expect.poll(() => latest(eventId), { timeout: 20_000 }).toMatchObject({ kind: 'encrypted', reason: 'waiting-for-key', senderId: '@bob:localhost' });
    expect(held.length).toBeGreaterThan(0);

    holdKeys = false;
    // Anything that wakes the core's sync delivers the held keys with it.
    await bob.client.sendTyping(roomId, true, 5000);
    await expect.poll(() => latest(eventId), { timeout: 30_000 }).toMatchObject({ kind: 'message', body: 'the key comes later', encrypted: true });
    const ops = patches.filter((patch) => (patch.op === 'add' || patch.op === 'update') && patch.item.id === eventId).map((patch) => patch.op);
    expect(ops).toEqual(['add', 'update']);
    stop();
    await session.call('timeline.close', { windowId: opened.windowId });
  });
});
