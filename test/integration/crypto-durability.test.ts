import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cryptoDatabasePrefix } from '../../src/main/core/crypto/start-crypto.ts';
import { startCryptoPeer, type CryptoPeer } from '../support/crypto-peer-driver.ts';
import { startSdkPeer as startPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';
import type { PeerConfig } from './fixtures/crypto-peer.ts';

const PASSWORD = 'a long and correct password';

/**
 * Durable end-to-end encryption against a real Synapse. Party A is "the core process": a child
 * process running Plenum's startCrypto over indexeddbshim, which the test restarts, SIGKILLs and
 * starts with the wrong key. Party B is a plain matrix-js-sdk client with in-memory Rust crypto.
 * The tests build on each other, in order: one DM, one device for A, one store directory.
 */
describe('durable end-to-end encryption', () => {
  let synapse: RunningSynapse;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let bobClient: MatrixClient;
  let bobMessages: Map<string, string>;
  let cryptoDir: string;
  let peerConfig: PeerConfig;
  let peer: CryptoPeer | undefined;
  let identity: { deviceId: string; ed25519: string; curve25519: string };
  let roomId: string;
  const bodies: string[] = [];
  const body = (label: string): string => {
    const text = `${label} plaintext-marker-${randomUUID()}`;
    bodies.push(text);
    return text;
  };

  const startAlice = async (overrides: Partial<PeerConfig> = {}): Promise<CryptoPeer> => {
    peer = startCryptoPeer({ ...peerConfig, ...overrides });
    return peer;
  };
  const aliceReady = async (overrides: Partial<PeerConfig> = {}): Promise<CryptoPeer> => {
    const started = await startAlice(overrides);
    await started.waitFor('ready');
    return started;
  };
  const aliceDecrypts = (running: CryptoPeer, eventId: string) =>
    running.waitFor('message', (message) => message.eventId === eventId && message.decrypted);
  const aliceSends = async (running: CryptoPeer, text: string): Promise<string> => {
    const before = running.outputs.length;
    running.command({ cmd: 'send', roomId, body: text });
    const sent = await running.waitFor('sent', (output) => running.outputs.indexOf(output) >= before);
    return sent.eventId;
  };
  const bobSends = async (text: string): Promise<string> =>
    (await bobClient.sendMessage(roomId, { msgtype: MsgType.Text, body: text })).event_id;
  const bobDecrypts = async (eventId: string): Promise<string> => {
    for (let waited = 0; waited < 20_000; waited += 50) {
      const seen = bobMessages.get(eventId);
      if (seen !== undefined) return seen;
      await sleep(50);
    }
    throw new Error(`Bob never decrypted ${eventId}`);
  };
  /** The files of the crypto store, by name, with their bytes. */
  const storeFiles = (): Map<string, Buffer> =>
    new Map(readdirSync(cryptoDir).map((name) => [name, readFileSync(join(cryptoDir, name))]));

  beforeAll(async () => {
    // B's SDK logs through its deprecated global logger to the console, whatever logger B gets.
    for (const level of ['log', 'info', 'debug'] as const) vi.spyOn(console, level).mockImplementation(() => {});
    synapse = await startSynapse();
    alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    cryptoDir = mkdtempSync(join(tmpdir(), 'plenum-crypto-'));
    peerConfig = {
      baseUrl: synapse.baseUrl,
      userId: alice.userId,
      deviceId: alice.deviceId,
      accessToken: alice.accessToken,
      storeKeyHex: randomBytes(32).toString('hex'),
      cryptoDir,
      databasePrefix: cryptoDatabasePrefix(alice.userId, alice.deviceId),
      mustExist: false,
    };
    ({ client: bobClient, messages: bobMessages } = await startPeer(synapse.baseUrl, bob));
  });

  afterAll(async () => {
    await peer?.kill();
    bobClient?.stopClient();
    await synapse?.stop();
    if (cryptoDir) rmSync(cryptoDir, { recursive: true, force: true });
  });

  it('(a) exchanges encrypted messages in a new DM', async () => {
    const running = await aliceReady();
    identity = (await running.waitFor('ready')) as typeof identity;
    expect(identity.deviceId).toBe(alice.deviceId);

    running.command({ cmd: 'createDm', userId: bob.userId });
    ({ roomId } = await running.waitFor('room'));
    await waitUntil(() => bobClient.getRoom(roomId)?.getMyMembership() === 'join' && !!bobClient.getRoom(roomId)?.hasEncryptionStateEvent());

    const fromBob = body('b1');
    const bobEvent = await bobSends(fromBob);
    expect((await aliceDecrypts(running, bobEvent)).body).toBe(fromBob);

    const fromAlice = body('a1');
    const aliceEvent = await aliceSends(running, fromAlice);
    expect(await bobDecrypts(aliceEvent)).toBe(fromAlice);
    // What B received really was encrypted on the wire.
    expect(bobClient.getRoom(roomId)?.findEventById(aliceEvent)?.isEncrypted()).toBe(true);
  });

  it('(b) keeps its device, identity and keys across a graceful restart', async () => {
    expect(await peer?.stop()).toEqual({ code: 0, signal: null });
    const running = await aliceReady({ mustExist: true });
    expect(await running.waitFor('ready')).toMatchObject(identity);

    // Re-read from the server with /messages: everything from before the restart still decrypts.
    running.command({ cmd: 'history', roomId });
    const { messages } = await running.waitFor('history');
    expect(messages.map((message) => [message.body, message.decrypted])).toEqual(bodies.map((text) => [text, true]));

    const fromBob = body('b2');
    expect((await aliceDecrypts(running, await bobSends(fromBob))).body).toBe(fromBob);
    const fromAlice = body('a2');
    expect(await bobDecrypts(await aliceSends(running, fromAlice))).toBe(fromAlice);
  });

  it('(c) survives SIGKILL right after receiving a new room key', async () => {
    const running = peer as CryptoPeer;
    // A new Megolm session: its key reaches A only as an Olm-encrypted to-device message.
    await bobClient.getCrypto()?.forceDiscardSession(roomId);
    const fromBob = body('b3');
    const bobEvent = await bobSends(fromBob);
    expect((await aliceDecrypts(running, bobEvent)).body).toBe(fromBob);
    expect(running.outputs).toContainEqual({ type: 'toDevice', eventType: 'm.room_key' });
    // Once A has acknowledged the to-device batch (its next /sync), the server has dropped the
    // room key; from then on A's disk is its only copy. Kill as soon as that is true.
    await waitUntil(() => pendingToDevice(synapse, alice) === 0, 10_000);
    expect(await running.kill()).toEqual({ code: null, signal: 'SIGKILL' });

    const restarted = await aliceReady({ mustExist: true });
    expect(await restarted.waitFor('ready')).toMatchObject(identity);
    // Nothing was delivered again: the key below can only have come from A's own store.
    expect(restarted.outputs.filter((output) => output.type === 'toDevice')).toEqual([]);
    // The message comes again in the initial sync and decrypts with the stored Megolm session.
    expect((await aliceDecrypts(restarted, bobEvent)).body).toBe(fromBob);

    // And a new session shared over the stored Olm session after the kill decrypts too.
    await bobClient.getCrypto()?.forceDiscardSession(roomId);
    const after = body('b4');
    expect((await aliceDecrypts(restarted, await bobSends(after))).body).toBe(after);
  });

  it('(c2) survives SIGKILL in the middle of a burst of new sessions', async () => {
    const running = peer as CryptoPeer;
    // Each message with a Megolm session of its own, so A is still receiving and writing keys
    // when the kill lands (as soon as it has decrypted the first one).
    const sent: Array<[string, string]> = [];
    let killed: Promise<unknown> | undefined;
    for (let index = 0; index < 5; index += 1) {
      await bobClient.getCrypto()?.forceDiscardSession(roomId);
      const text = body(`burst${index}`);
      const eventId = await bobSends(text);
      sent.push([eventId, text]);
      killed ??= aliceDecrypts(running, eventId).then(() => running.kill());
    }
    expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });

    // Whatever A had written is intact and whatever it had not is delivered again: all decrypt.
    const restarted = await aliceReady({ mustExist: true });
    expect(await restarted.waitFor('ready')).toMatchObject(identity);
    for (const [eventId, text] of sent) expect((await aliceDecrypts(restarted, eventId)).body).toBe(text);
  });

  it('(d) refuses a wrong key, another device or a missing store, and leaves the store untouched', async () => {
    expect(await peer?.stop()).toEqual({ code: 0, signal: null });
    // A room key waits on the server while A is down: a failed start must not consume it.
    await bobClient.getCrypto()?.forceDiscardSession(roomId);
    const whileDown = body('b5');
    const downEvent = await bobSends(whileDown);
    await waitUntil(() => pendingToDevice(synapse, alice) > 0);
    const before = storeFiles();
    expect([...before.keys()].some((name) => name.includes('matrix-sdk-crypto'))).toBe(true);

    const wrongKey = await startAlice({ mustExist: true, storeKeyHex: randomBytes(32).toString('hex') });
    expect(await wrongKey.waitFor('error')).toMatchObject({ name: 'CryptoStoreError', code: 'INTERNAL', reason: 'wrong-key' });
    expect((await wrongKey.exited).code).toBe(2);
    expect(storeFiles()).toEqual(before);

    // The same store and key handed to another device ID (a stale prefix after a new sign-in).
    const wrongDevice = await startAlice({ mustExist: true, deviceId: 'SOMEOTHERDEVICE' });
    expect(await wrongDevice.waitFor('error')).toMatchObject({ code: 'INTERNAL', reason: 'wrong-account' });
    expect((await wrongDevice.exited).code).toBe(2);
    expect(storeFiles()).toEqual(before);

    const emptyDir = mkdtempSync(join(tmpdir(), 'plenum-crypto-empty-'));
    try {
      const missing = await startAlice({ mustExist: true, cryptoDir: emptyDir });
      expect(await missing.waitFor('error')).toMatchObject({ code: 'INTERNAL', reason: 'missing' });
      expect((await missing.exited).code).toBe(2);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
    expect(pendingToDevice(synapse, alice)).toBeGreaterThan(0);

    // The right key still opens the very same identity, which then gets the waiting key.
    const running = await aliceReady({ mustExist: true });
    expect(await running.waitFor('ready')).toMatchObject(identity);
    expect((await aliceDecrypts(running, downEvent)).body).toBe(whileDown);
  });

  it('(e) stores no plaintext: no message body and no identity key appears in the files', async () => {
    expect(await peer?.stop()).toEqual({ code: 0, signal: null });
    const files = storeFiles();
    expect(files.size).toBeGreaterThanOrEqual(3);
    const secrets = [...bodies, ...bodies.map((text) => text.split(' ')[1] ?? text), identity.ed25519, identity.curve25519];
    for (const [name, bytes] of files) {
      for (const secret of secrets) expect(bytes.includes(secret), `${secret} in ${name}`).toBe(false);
    }
  });

  it('(f) deletes the store on sign-out once the client is stopped', async () => {
    const running = await aliceReady({ mustExist: true });
    running.command({ cmd: 'deleteStore' });
    await running.waitFor('deleted');
    expect((await running.exited).code).toBe(0);
    expect(readdirSync(cryptoDir).filter((name) => name.includes('matrix-sdk-crypto'))).toEqual([]);
  });
});

/**
 * To-device messages Synapse still holds for a device: they are deleted when the device's next
 * /sync acknowledges them. Read straight from Synapse's SQLite database, since no API reports it.
 */
function pendingToDevice(synapse: RunningSynapse, user: RegisteredUser): number {
  const db = new DatabaseSync(join(synapse.dir, 'homeserver.db'), { readOnly: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS n FROM device_inbox WHERE user_id = ? AND device_id = ?').get(user.userId, user.deviceId) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > timeoutMs) throw new Error('condition not met in time');
    await sleep(50);
  }
}
