import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxPolicyFile, recordedPolicySource } from '../../src/main/core/policy/policy-sources.ts';
import type { Logger } from '../../src/main/core/ports.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'policy password';
const SLOW = { timeout: 30_000 } as const;

/** The organisation's policy, enforced in main: through the real bridge (payloads validated) and against Synapse. */
describe('managed policy', () => {
  let synapse: RunningSynapse;
  const dirs: string[] = [];
  const sessions: CoreSession[] = [];
  const services: string[] = [];
  const warnings: string[] = [];
  const logger: Logger = { info: () => undefined, warn: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields ?? {})}`), error: () => undefined };

  async function coreWith(policyJson: unknown): Promise<CoreSession> {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-policy-'));
    dirs.push(dir);
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(policyJson));
    const service = `plenum-policy-${process.pid}-${sessions.length}`;
    services.push(service);
    const session = await startCoreSession({ service, dataDir: join(dir, 'data'), cryptoDir: testCryptoDir(), logger, policySources: [linuxPolicyFile(logger, file)] });
    sessions.push(session);
    return session;
  }
  const failure = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
    } catch (error) {
      return (error as Error).message;
    }
    return 'succeeded';
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
  });
  afterAll(async () => {
    for (const session of sessions) await session.dispose();
    await synapse?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    for (const service of services) await keytar.deletePassword(service, 'session:@alice:localhost').catch(() => false);
  });

  it('applies a policy file, refuses changes to what it locks through the bridge, and ignores bad values one by one', async () => {
    const session = await coreWith({
      ShowMessagePreviews: false,
      ProxyMode: 'manual',
      ProxyServer: 'proxy.intranet.example:3128',
      MaxUploadSizeMb: 'ten',
      ForceSso: 'yes',
      NotAPolicy: true,
    });
    expect(await session.call('preferences.get', {})).toMatchObject({
      showMessagePreviews: false,
      proxy: { mode: 'manual', server: 'proxy.intranet.example:3128', bypass: '' },
    });
    expect(await session.call('policy.get', {})).toMatchObject({ locked: expect.arrayContaining(['showMessagePreviews', 'proxy']), maxUploadMb: null, ssoForced: false });
    expect(await failure(session.call('preferences.set', { showMessagePreviews: true }))).toContain('POLICY_LOCKED');
    expect(await failure(session.call('preferences.set', { proxy: { mode: 'direct', server: '', bypass: '' } }))).toContain('POLICY_LOCKED');
    // What the policy leaves alone stays the user's.
    expect(await session.call('preferences.set', { theme: 'dark' })).toMatchObject({ theme: 'dark', showMessagePreviews: false });
    const logged = warnings.join('\n');
    expect(logged).toMatch(/MaxUploadSizeMb/);
    expect(logged).toMatch(/ForceSso/);
    expect(logged).toMatch(/NotAPolicy/);
    // Keys, never values: a policy may hold internal host names.
    expect(logged).not.toMatch(/ten|yes/);
  });

  it('refuses to sign in to a server the policy does not allow, before any password is sent', async () => {
    const session = await coreWith({ AllowedHomeservers: ['matrix.example.org'] });
    expect(await failure(session.signIn(synapse.baseUrl, 'alice', PASSWORD))).toContain('POLICY_LOCKED');
    expect((await session.call('session.get', {})).state).not.toBe('signedIn');
  });

  it('refuses a password sign-in outright when the policy allows single sign-on only', async () => {
    const session = await coreWith({ DisablePasswordLogin: true });
    expect(await failure(session.signIn(synapse.baseUrl, 'alice', PASSWORD))).toContain('POLICY_LOCKED');
    expect((await session.call('session.get', {})).state).not.toBe('signedIn');
  });

  it('signs in to an allowed server, makes every new room encrypted and holds files to the size limit', async () => {
    // The test server has no .well-known: its URL's host:port is the name the policy is checked against.
    const session = await coreWith({ AllowedHomeservers: [new URL(synapse.baseUrl).host], ForceEncryptionForNewRooms: true, MaxUploadSizeMb: 1 });
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    const { roomId } = await session.call('rooms.create', { name: 'Plain on purpose', topic: '', encrypted: false, visibility: 'private' });
    await expect.poll(() => session.rooms.get(roomId)?.isEncrypted, SLOW).toBe(true);
    const twoMegabytes = Buffer.alloc(2 * 1024 * 1024, 1).toString('base64');
    expect(await failure(session.call('messages.sendFile', { roomId, name: 'big.bin', mimetype: 'application/octet-stream', data: twoMegabytes }))).toContain('TOO_LARGE');
    const small = Buffer.from('minutes').toString('base64');
    expect(await session.call('messages.sendFile', { roomId, name: 'minutes.txt', mimetype: 'text/plain', data: small })).toMatchObject({ localId: expect.any(String) });
  });

  it('takes the machine policy over the user policy for the same key, as Windows and macOS rank them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-policy-'));
    dirs.push(dir);
    services.push(`plenum-policy-${process.pid}-ranked`);
    const session = await startCoreSession({
      service: `plenum-policy-${process.pid}-ranked`,
      dataDir: dir,
      cryptoDir: testCryptoDir(),
      logger,
      policySources: [recordedPolicySource('HKLM', { ShowMessagePreviews: 0 }), recordedPolicySource('HKCU', { ShowMessagePreviews: 1, DefaultLanguage: 'de' })],
    });
    sessions.push(session);
    expect(await session.call('preferences.get', {})).toMatchObject({ showMessagePreviews: false, language: 'de' });
    // DefaultLanguage is a default, not a lock: the user's choice wins.
    expect(await session.call('preferences.set', { language: 'fr' })).toMatchObject({ language: 'fr' });
  });
});
