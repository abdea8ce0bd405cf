import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OUTBOX_FILES_DIR } from '../../src/main/core/outbox/outbox-files.ts';
import { OUTBOX_FILE } from '../../src/main/core/outbox/outbox-store.ts';
import type { OutboxItem } from '../../src/shared/model/outbox.ts';
import { startCoreSession, serverEvents, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'outbox test password';
const ALICE = '@alice:localhost';

/** A signed-in core for Alice with her own token at hand, for setting up rooms the UI cannot yet. */
async function aliceSession(synapse: RunningSynapse, service: string, dataDir: string) {
  const session = await startCoreSession({ service, dataDir, cryptoDir: testCryptoDir() });
  await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
  const secrets = JSON.parse((await keytar.getPassword(service, `session:${ALICE}`)) ?? '{}') as { accessToken: string };
  return { session, token: secrets.accessToken, http: matrixHttp(synapse.baseUrl, secrets.accessToken, ALICE) };
}

const sent = (session: CoreSession, localId: string, timeout = 30_000): Promise<OutboxItem> =>
  vi.waitFor(
    () => {
      const item = session.items.get(localId);
      if (item?.state !== 'sent') throw new Error(`${localId} is ${item?.state} (${item?.error})`);
      return item;
    },
    { timeout, interval: 50 },
  );

const joined = (session: CoreSession, roomId: string) =>
  expect.poll(() => session.rooms.get(roomId)?.membership, { timeout: 20_000 }).toBe('join');

describe('the outbox against Synapse', () => {
  const service = `plenum-outbox-${process.pid}-${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-'));
  let synapse: RunningSynapse;
  let alice: CoreSession;
  let aliceToken: string;
  let aliceHttp: MatrixHttp;
  let bob: SdkPeer;
  let carol: RegisteredUser;
  let carolHttp: MatrixHttp;

  beforeAll(async () => {
    assertKeyringAvailable();
    // Bob's SDK logs through its deprecated global logger to the console, whatever logger he gets.
    for (const level of ['log', 'info', 'debug'] as const) vi.spyOn(console, level).mockImplementation(() => {});
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
    carol = await synapse.registerUser('carol', PASSWORD, { displayName: 'Carol' });
    carolHttp = matrixHttp(synapse.baseUrl, carol.accessToken, carol.userId);
    ({ session: alice, token: aliceToken, http: aliceHttp } = await aliceSession(synapse, service, dataDir));
  });
  afterAll(async () => {
    bob?.stop();
    await alice?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const account of [`session:${ALICE}`, 'plenum.keychain-marker']) await keytar.deletePassword(service, account).catch(() => false);
  });

  it('sends plain text as plain and Markdown as sanitised HTML, once each, and reports the event IDs', async () => {
    const roomId = await aliceHttp.createRoom({ name: 'Formats' });
    await joined(alice, roomId);
    const plain = await alice.call('messages.send', { roomId, body: 'just words, a bare https://example.org link', markdown: true });
    const marked = await alice.call('messages.send', { roomId, body: '**bold** <script>x</script>', markdown: true });
    const literal = await alice.call('messages.send', { roomId, body: '**not rendered**', markdown: false });
    const ids = [plain, marked, literal].map(({ localId }) => localId);
    expect(ids.every((id) => /^plenum\.[\w-]{24}$/.test(id))).toBe(true);
    const items = await Promise.all(ids.map((id) => sent(alice, id)));

    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((event) => event.type === 'm.room.message');
    expect(events.map((event) => event.content)).toEqual([
      { msgtype: 'm.text', body: 'just words, a bare https://example.org link' },
      {
        msgtype: 'm.text',
        body: '**bold** <script>x</script>',
        format: 'org.matrix.custom.html',
        formatted_body: '<strong>bold</strong> &lt;script&gt;x&lt;/script&gt;',
      },
      { msgtype: 'm.text', body: '**not rendered**' },
    ]);
    expect(items.map((item) => item.eventId)).toEqual(events.map((event) => event.event_id));
    // The server saw our own transaction IDs: a resend with the same ID is recognised as the same message.
    expect(events.map((event) => event.unsigned?.transaction_id)).toEqual(ids);
    for (const id of ids) expect(alice.states.get(id)).toEqual(['queued', 'sending', 'sent']);
    expect(items[1]).toMatchObject({ body: '**bold** <script>x</script>', formattedBody: '<strong>bold</strong> &lt;script&gt;x&lt;/script&gt;' });
    // Once the timeline holds the events, the local echoes leave the outbox.
    await expect.poll(async () => (await alice.call('outbox.list', {})).items.filter((item) => ids.includes(item.localId)), { timeout: 20_000 }).toEqual([]);
  });

  it('keeps each room’s order while two rooms send side by side', async () => {
    const [first, second] = await Promise.all([aliceHttp.createRoom({ name: 'Order A' }), aliceHttp.createRoom({ name: 'Order B' })]);
    if (!first || !second) throw new Error('no rooms');
    await joined(alice, first);
    await joined(alice, second);
    const expected = new Map<string, string[]>([
      [first, []],
      [second, []],
    ]);
    const localIds: string[] = [];
    for (let n = 1; n <= 20; n += 1) {
      for (const roomId of [first, second]) {
        const body = `${roomId === first ? 'A' : 'B'} ${String(n).padStart(2, '0')}`;
        expected.get(roomId)?.push(body);
        localIds.push((await alice.call('messages.send', { roomId, body, markdown: false })).localId);
      }
    }
    await Promise.all(localIds.map((id) => sent(alice, id)));
    for (const [roomId, bodies] of expected) {
      const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((event) => event.type === 'm.room.message');
      expect(events.map((event) => event.content.body)).toEqual(bodies);
    }
  });

  it('encrypts in an encrypted room (queued → encrypting → sending → sent), and the other person reads it', async () => {
    const { room_id: roomId } = await bob.client.createRoom({
      is_direct: true,
      invite: [ALICE],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await aliceHttp.join(roomId);
    await joined(alice, roomId);
    await expect.poll(() => alice.rooms.get(roomId)?.isEncrypted, { timeout: 20_000 }).toBe(true);
    const { localId } = await alice.call('messages.send', { roomId, body: 'the minutes are *attached*', markdown: true });
    const item = await sent(alice, localId);
    expect(alice.states.get(localId)).toEqual(['queued', 'encrypting', 'sending', 'sent']);
    const [event] = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((e) => e.event_id === item.eventId);
    // On the server: ciphertext only.
    expect(event?.type).toBe('m.room.encrypted');
    expect(JSON.stringify(event?.content)).not.toContain('minutes');
    await expect.poll(() => bob.messages.get(item.eventId ?? ''), { timeout: 20_000 }).toBe('the minutes are *attached*');
  });

  it('fails a message to a room Alice is not in, and sends it once she has joined and retries', async () => {
    const roomId = await carolHttp.createRoom({ name: 'Not yet' });
    const { localId } = await alice.call('messages.send', { roomId, body: 'hello before joining', markdown: false });
    await expect.poll(() => alice.items.get(localId), { timeout: 20_000 }).toMatchObject({ state: 'failed', error: 'NOT_IN_ROOM' });

    await carolHttp.invite(roomId, ALICE);
    await aliceHttp.join(roomId);
    await joined(alice, roomId);
    await alice.call('messages.retry', { localId });
    const item = await sent(alice, localId);
    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((event) => event.type === 'm.room.message');
    expect(events.map((event) => [event.event_id, event.content.body])).toEqual([[item.eventId, 'hello before joining']]);
  });

  it('holds later messages behind one the server refuses; discard lets them go, retry sends in order', async () => {
    // Alice is a member but may not speak (events_default 50): the server answers 403 M_FORBIDDEN.
    const roomId = await carolHttp.createRoom({ name: 'Announcements', invite: [ALICE], power_level_content_override: { events_default: 50 } });
    await aliceHttp.join(roomId);
    await joined(alice, roomId);
    const refused = await alice.call('messages.send', { roomId, body: 'first, refused', markdown: false });
    const second = await alice.call('messages.send', { roomId, body: 'second', markdown: false });
    const third = await alice.call('messages.send', { roomId, body: 'third', markdown: false });
    await expect.poll(() => alice.items.get(refused.localId), { timeout: 20_000 }).toMatchObject({ state: 'failed', error: 'FORBIDDEN' });
    // The room's order holds: nothing behind the failed message has been tried.
    expect(alice.states.get(second.localId)).toEqual(['queued']);
    expect(alice.states.get(third.localId)).toEqual(['queued']);

    await alice.call('messages.discard', { localId: refused.localId });
    await expect.poll(() => alice.items.get(second.localId), { timeout: 20_000 }).toMatchObject({ state: 'failed', error: 'FORBIDDEN' });
    expect(alice.states.get(third.localId)).toEqual(['queued']);
    expect((await alice.call('outbox.list', {})).items.map((item) => item.localId)).not.toContain(refused.localId);

    await carolHttp.setState(roomId, 'm.room.power_levels', { users: { [ALICE]: 50 }, events_default: 50 });
    // Synapse applies the new power levels before it answers; the retry goes after that.
    await alice.call('messages.retry', { localId: second.localId });
    await sent(alice, second.localId);
    await sent(alice, third.localId);
    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((event) => event.type === 'm.room.message');
    expect(events.map((event) => event.content.body)).toEqual(['second', 'third']);
  });

  it('signing out deletes the user’s outbox, sent or not', async () => {
    const roomId = await carolHttp.createRoom({ name: 'Never joined' });
    const { localId } = await alice.call('messages.send', { roomId, body: 'never sent', markdown: false });
    await expect.poll(() => alice.items.get(localId)?.state, { timeout: 20_000 }).toBe('failed');
    // A file behind it: its bytes wait on disk.
    await alice.call('messages.sendFile', { roomId, name: 'never.txt', mimetype: 'text/plain', data: Buffer.from('never sent either').toString('base64') });
    const storedFiles = (): string[] => readdirSync(join(dataDir, OUTBOX_FILES_DIR));
    expect(storedFiles()).toHaveLength(1);
    const rows = (): number => {
      const db = new DatabaseSync(join(dataDir, OUTBOX_FILE), { readOnly: true });
      try {
        return Number((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n);
      } finally {
        db.close();
      }
    };
    expect(rows()).toBeGreaterThan(0);
    await alice.call('session.signOut', {});
    expect(rows()).toBe(0);
    expect(storedFiles()).toEqual([]);
    expect(await alice.call('outbox.list', {})).toMatchObject({ items: [] });
    await expect(alice.call('messages.send', { roomId, body: 'after sign-out', markdown: false })).rejects.toThrow(/NOT_SIGNED_IN/);
  });
});

describe('the outbox under Synapse’s default rate limits', () => {
  const service = `plenum-outbox-rl-${process.pid}-${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-rl-'));
  let synapse: RunningSynapse;
  let alice: CoreSession;
  let aliceToken: string;
  let aliceHttp: MatrixHttp;

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse({ rateLimits: 'default' });
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    ({ session: alice, token: aliceToken, http: aliceHttp } = await aliceSession(synapse, service, dataDir));
  });
  afterAll(async () => {
    await alice?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const account of [`session:${ALICE}`, 'plenum.keychain-marker']) await keytar.deletePassword(service, account).catch(() => false);
  });

  it('waits as long as the server asks (retry_after_ms) and sends 10 messages once each, in order', { timeout: 120_000 }, async () => {
    const roomId = await aliceHttp.createRoom({ name: 'Busy' });
    await joined(alice, roomId);
    const bodies = Array.from({ length: 10 }, (_, n) => `burst ${String(n + 1).padStart(2, '0')}`);
    const localIds: string[] = [];
    for (const body of bodies) localIds.push((await alice.call('messages.send', { roomId, body, markdown: false })).localId);
    await Promise.all(localIds.map((id) => sent(alice, id, 100_000)));

    const events = (await serverEvents(synapse.baseUrl, aliceToken, roomId)).filter((event) => event.type === 'm.room.message');
    expect(events.map((event) => event.content.body)).toEqual(bodies);
    // The server did push back, and every retry came no earlier than it asked.
    const limited = alice.patches.filter(({ patch }) => patch.op === 'update' && patch.item.error === 'RATE_LIMITED' && patch.item.state === 'queued');
    expect(limited.length).toBeGreaterThan(0);
    for (const { at, patch } of limited) {
      if (patch.op !== 'update') continue;
      const { localId, nextAttemptAt } = patch.item;
      expect(nextAttemptAt).toBeGreaterThan(at);
      const retried = alice.patches.find((later) => later.at >= at && later.patch.op === 'update' && later.patch.item.localId === localId && later.patch.item.state === 'sending');
      expect(retried?.at).toBeGreaterThanOrEqual(nextAttemptAt ?? Infinity);
    }
  });
});
