import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMatrixLink, type MatrixLink } from '../../src/shared/links/matrix-link.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'deep links password';
const SERVICE = `plenum-deep-links-${process.pid}-${Date.now()}`;
const SLOW = { timeout: 30_000 } as const;

const link = (text: string): MatrixLink => {
  const parsed = parseMatrixLink(text);
  if (!parsed) throw new Error(`not a link: ${text}`);
  return parsed;
};

/** Deep links through the core against Synapse: what a link opens, and what it refuses to do. */
describe('deep links open rooms and chats the user has', () => {
  let synapse: RunningSynapse;
  let alice: RegisteredUser;
  let bobApi: MatrixHttp;
  let aliceApi: MatrixHttp;
  let session: CoreSession;
  const opened: { roomId: string; eventId: string | null }[] = [];
  const refused: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-deep-links-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const bob = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    aliceApi = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    bobApi = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir() });
    session.bridge.on('navigation.openRoom', (target) => void opened.push(target));
    session.bridge.on('navigation.linkUnavailable', ({ reason }) => void refused.push(reason));
  });

  afterAll(async () => {
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('keeps a link that launched the app until the session is there, then opens it', async () => {
    const roomId = await bobApi.createRoom({ name: 'Council', room_alias_name: 'council', invite: [alice.userId] });
    await aliceApi.join(roomId);
    await session.core.openLink(link('matrix:r/council:localhost'));
    expect(opened).toEqual([]);
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    await expect.poll(() => opened.at(-1), SLOW).toEqual({ roomId, eventId: null });
  });

  it('opens a room by matrix.to permalink, at the event it names', async () => {
    const roomId = await bobApi.createRoom({ name: 'Minutes', invite: [alice.userId] });
    await aliceApi.join(roomId);
    const eventId = await bobApi.send(roomId, { msgtype: 'm.text', body: 'item 4 is agreed' });
    await expect.poll(() => session.rooms.get(roomId)?.membership, SLOW).toBe('join');
    await session.core.openLink(link(`https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}?via=localhost`));
    expect(opened.at(-1)).toEqual({ roomId, eventId });
  });

  it('does not join a room because a link names it: it says the user is not in it', async () => {
    const roomId = await bobApi.createRoom({ name: 'Not for Alice', preset: 'public_chat', room_alias_name: 'elsewhere' });
    const before = opened.length;
    await session.core.openLink(link('matrix:r/elsewhere:localhost?action=join'));
    expect(refused.at(-1)).toBe('notJoined');
    expect(opened.length).toBe(before);
    expect(session.rooms.has(roomId)).toBe(false);
  });

  it('says when an alias is unknown to the server', async () => {
    await session.core.openLink(link('matrix:r/no-such-room:localhost'));
    expect(refused.at(-1)).toBe('notFound');
  });

  it('opens the direct chat with a person, and says when there is none', async () => {
    await session.core.openLink(link('matrix:u/bob:localhost?action=chat'));
    expect(refused.at(-1)).toBe('noDirectChat');
    const { roomId } = await session.call('rooms.createDirect', { userId: '@bob:localhost' });
    await expect.poll(() => session.rooms.get(roomId)?.isDirect, SLOW).toBe(true);
    await session.core.openLink(link('https://matrix.to/#/@bob:localhost'));
    expect(opened.at(-1)).toEqual({ roomId, eventId: null });
  });
});
