import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoDatabasePrefix } from '../../src/main/core/crypto/start-crypto.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { RoomSummary } from '../../src/shared/model/rooms.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp } from '../support/matrix-http.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'core e2ee password';
const SERVICE = `plenum-core-e2ee-${process.pid}-${Date.now()}`;

/** The core's own end-to-end encryption, through the bridge: decrypted previews, across a restart. */
describe('end-to-end encryption in the core', () => {
  let synapse: RunningSynapse;
  let bob: SdkPeer;
  let roomId: string;
  let session: CoreSession | undefined;
  let deviceId = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-core-e2ee-'));

  async function boot(): Promise<{ client: BridgeApi; rooms: Map<string, RoomSummary> }> {
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir() });
    return { client: session.bridge, rooms: session.rooms };
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
  });
  afterAll(async () => {
    bob?.stop();
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('decrypts a message from another person in an encrypted direct chat', async () => {
    const { client, rooms } = await boot();
    const signedIn = await client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    expect(signedIn.ok).toBe(true);
    const view = await client.invoke('session.get', {});
    deviceId = view.ok && view.value.state === 'signedIn' ? view.value.deviceId : '';

    ({ room_id: roomId } = await bob.client.createRoom({
      preset: 'trusted_private_chat' as never,
      is_direct: true,
      invite: ['@alice:localhost'],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    // Joining is the UI's job (a later issue); here Alice joins with her own token from the keychain.
    const secrets = JSON.parse((await keytar.getPassword(SERVICE, 'session:@alice:localhost')) ?? '{}') as { accessToken: string };
    await matrixHttp(synapse.baseUrl, secrets.accessToken, '@alice:localhost').join(roomId);
    await expect.poll(() => bob.client.getRoom(roomId)?.getMember('@alice:localhost')?.membership, { timeout: 20_000 }).toBe('join');

    await bob.client.sendTextMessage(roomId, 'the budget is 1.2 million');
    await expect.poll(() => rooms.get(roomId)?.lastMessage, { timeout: 30_000 }).toMatchObject({ kind: 'text', text: 'the budget is 1.2 million' });
    expect(rooms.get(roomId)).toMatchObject({ isEncrypted: true, membership: 'join' });
  });

  it('after a restart: the same device, old messages still decrypt, new ones too', async () => {
    await session?.dispose();
    const { client, rooms } = await boot();
    expect(await client.invoke('session.get', {})).toMatchObject({ ok: true, value: { state: 'signedIn', deviceId } });
    await expect.poll(() => rooms.get(roomId)?.lastMessage?.text, { timeout: 30_000 }).toBe('the budget is 1.2 million');
    await bob.client.sendTextMessage(roomId, 'and the deadline is Friday');
    await expect.poll(() => rooms.get(roomId)?.lastMessage?.text, { timeout: 30_000 }).toBe('and the deadline is Friday');
    // The timeline shows both, decrypted, and marks them as having come encrypted.
    const opened = await client.invoke('timeline.open', { roomId });
    if (!opened.ok) throw new Error(opened.error.code);
    const messages = opened.value.items.filter((item) => item.kind === 'message');
    expect(messages.map((item) => (item.kind === 'message' ? [item.body, item.encrypted] : []))).toEqual([
      ['the budget is 1.2 million', true],
      ['and the deadline is Friday', true],
    ]);
    await client.invoke('timeline.close', { windowId: opened.value.windowId });
  });

  it('signing out deletes the device’s encryption store', async () => {
    const prefix = cryptoDatabasePrefix('@alice:localhost', deviceId);
    const storeFiles = () => readdirSync(testCryptoDir()).filter((name) => name.includes(prefix));
    expect(storeFiles().length).toBeGreaterThan(0);
    expect(await session?.bridge.invoke('session.signOut', {})).toEqual({ ok: true, value: null });
    expect(storeFiles()).toEqual([]);
    expect(existsSync(join(dataDir, 'session.json'))).toBe(false);
  });
});
