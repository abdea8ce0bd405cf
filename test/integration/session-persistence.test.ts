import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import type { Logger, SecretStore } from '../../src/main/core/ports.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../src/shared/ipc/result.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { SessionView, SyncStatus } from '../../src/shared/model/session.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';

const PASSWORD = 'persistence test password';
const SERVICE = `plenum-persistence-test-${process.pid}-${Date.now()}`;
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

interface Running {
  core: Core;
  client: BridgeApi;
  sessions: SessionView[];
  syncs: SyncStatus[];
  requests: string[];
}

/**
 * A keychain that can be "locked" the way keytar reports it (KEYCHAIN_UNAVAILABLE) or refuse
 * writes, around the real one; the adapter's own detection of a locked keyring is tested in
 * keychain.test.ts against gnome-keyring.
 */
function controllableKeychain(real: SecretStore) {
  const state = { locked: false, refuseWrites: false };
  const guard = (): void => {
    if (state.locked) throw new AppFailure('KEYCHAIN_UNAVAILABLE', 'locked');
  };
  const store: SecretStore = {
    get: async (account) => (guard(), real.get(account)),
    set: async (account, secret) => {
      guard();
      if (state.refuseWrites) throw new AppFailure('KEYCHAIN_UNAVAILABLE', 'write refused');
      return real.set(account, secret);
    },
    delete: async (account) => (guard(), real.delete(account)),
  };
  return { store, state };
}

describe('sessions survive restarts', () => {
  let synapse: RunningSynapse;
  let adminToken: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-persist-'));
  const keychain = controllableKeychain(createKeytarSecretStore(SERVICE));
  let running: Running | undefined;

  async function boot(dir = dataDir): Promise<Running> {
    const requests: string[] = [];
    const fetchFn: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      requests.push(`${url.pathname}${url.searchParams.has('since') ? '?since' : ''}`);
      return fetch(input, init);
    };
    const core = createCore({
      secrets: keychain.store,
      logger: quiet,
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum persistence test' },
      dataDir: dir,
      cryptoDir: testCryptoDir(),
      fetch: fetchFn,
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    const result: Running = { core, client: pair.client, sessions: [], syncs: [], requests };
    pair.client.on('session.changed', (view) => result.sessions.push(view));
    pair.client.on('sync.status', (status) => result.syncs.push(status));
    await core.start();
    running = result;
    return result;
  }
  async function shutdown(): Promise<void> {
    await running?.core.dispose();
    running = undefined;
  }
  const view = async (r: Running) => {
    const result = await r.client.invoke('session.get', {});
    if (!result.ok) throw new Error(result.error.code);
    return result.value;
  };
  const devices = async (): Promise<string[]> => {
    const response = await fetch(`${synapse.baseUrl}/_synapse/admin/v2/users/@alice:localhost/devices`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    return ((await response.json()) as { devices: { device_id: string }[] }).devices.map((d) => d.device_id).sort();
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Persistent' });
    adminToken = (await synapse.registerUser('admin', PASSWORD, { admin: true })).accessToken;
  });
  afterAll(async () => {
    await shutdown();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const account of ['session:@alice:localhost']) await keytar.deletePassword(SERVICE, account).catch(() => false);
  });

  it('a restart resumes the session: no new login, the same device, sync from the saved position', async () => {
    const devicesBefore = await devices();
    const first = await boot();
    const signedIn = await first.client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    expect(signedIn.ok).toBe(true);
    const before = await view(first);
    await expect.poll(() => first.syncs.at(-1)?.state, { timeout: 20_000 }).toBe('syncing');
    await shutdown();

    const second = await boot();
    const after = await view(second);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ state: 'signedIn', displayName: 'Alice Persistent' });
    await expect.poll(() => second.syncs.at(-1)?.state, { timeout: 20_000 }).toBe('syncing');
    expect(second.requests).not.toContain('/_matrix/client/v3/login');
    // The first /sync of the restarted core continues from the stored position instead of starting over.
    expect(second.requests.find((r) => r.startsWith('/_matrix/client/v3/sync'))).toBe('/_matrix/client/v3/sync?since');
    expect(await devices()).toEqual([...devicesBefore, before.state === 'signedIn' ? before.deviceId : ''].sort());
    await shutdown();
  });

  it('stores the token only in the keychain, never in the data directory', async () => {
    const raw = await keytar.getPassword(SERVICE, 'session:@alice:localhost');
    const token = (JSON.parse(raw ?? '{}') as { accessToken?: string }).accessToken ?? '';
    expect(token).toMatch(/^syt_/);
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    let checked = 0;
    for (const file of readdirSync(dataDir, { recursive: true })) {
      const path = join(dataDir, String(file));
      if (!existsSync(path) || !statSync(path).isFile()) continue;
      checked += 1;
      if (readFileSync(path).includes(token)) throw new Error(`${file} contains the token`);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a locked keychain is its own state, not a sign-out; unlocking resumes the same session', async () => {
    keychain.state.locked = true;
    const locked = await boot();
    expect(await view(locked)).toEqual({ state: 'keychainLocked', userId: '@alice:localhost' });
    expect(locked.requests).toEqual([]);
    expect(await locked.client.invoke('session.signOut', {})).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });

    keychain.state.locked = false;
    const retried = await locked.client.invoke('session.retryRestore', {});
    expect(retried).toMatchObject({ ok: true, value: { state: 'signedIn', userId: '@alice:localhost' } });
    expect(locked.requests).not.toContain('/_matrix/client/v3/login');
    await shutdown();
  });

  it('a corrupt cache is rebuilt without signing the user out', async () => {
    writeFileSync(join(dataDir, 'plenum.sqlite'), 'this is not a database'.repeat(100));
    for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, `plenum.sqlite${suffix}`), { force: true });
    const rebuilt = await boot();
    expect(await view(rebuilt)).toMatchObject({ state: 'signedIn', userId: '@alice:localhost' });
    // Without a saved position, sync starts over from the server.
    await expect.poll(() => rebuilt.syncs.at(-1)?.state, { timeout: 20_000 }).toBe('syncing');
    expect(rebuilt.requests.find((r) => r.startsWith('/_matrix/client/v3/sync'))).toBe('/_matrix/client/v3/sync');
    await shutdown();
    const db = new DatabaseSync(join(dataDir, 'plenum.sqlite'));
    expect((db.prepare('SELECT count(*) AS n FROM sync_state').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('starts offline from disk: still signed in, shown as connecting rather than signed out', async () => {
    const online = await boot();
    await expect.poll(() => online.syncs.at(-1)?.state, { timeout: 20_000 }).toBe('syncing');
    await shutdown();
    const offlineDir = dataDir;
    // Unreachable homeserver: stop it for this test and start a fresh one afterwards for the rest.
    const stopped = synapse;
    await stopped.stop();
    const offline = await boot(offlineDir);
    expect(await view(offline)).toMatchObject({ state: 'signedIn', userId: '@alice:localhost', displayName: 'Alice Persistent' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(offline.syncs.map((s) => s.state)).not.toContain('syncing');
    await shutdown();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Persistent' });
    adminToken = (await synapse.registerUser('admin', PASSWORD, { admin: true })).accessToken;
  });

  it('a session whose keychain entry vanished ends cleanly and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-persist-vanished-'));
    const first = await boot(dir);
    expect((await first.client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD })).ok).toBe(true);
    await shutdown();
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost');
    const second = await boot(dir);
    expect(await view(second)).toEqual({ state: 'signedOut', reason: 'sessionEnded' });
    expect(existsSync(join(dir, 'session.json'))).toBe(false);
    await shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a keychain that refuses the new session leaves nothing behind: no device, no file, no entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-persist-refused-'));
    const before = await devices();
    keychain.state.refuseWrites = true;
    const r = await boot(dir);
    const result = await r.client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    keychain.state.refuseWrites = false;
    expect(result).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    expect(await view(r)).toEqual({ state: 'signedOut' });
    expect(await devices()).toEqual(before);
    expect(existsSync(join(dir, 'session.json'))).toBe(false);
    expect(await keytar.getPassword(SERVICE, 'session:@alice:localhost')).toBeNull();
    await shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sign-out wipes the keychain entry, the session file, the cached sync and the server device', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-persist-signout-'));
    const r = await boot(dir);
    expect((await r.client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD })).ok).toBe(true);
    await expect.poll(() => r.syncs.at(-1)?.state, { timeout: 20_000 }).toBe('syncing');
    await r.core.dispose(); // forces a save of the sync state, so there is something to wipe
    const again = await boot(dir);
    const deviceId = ((await view(again)) as { deviceId: string }).deviceId;
    expect(await again.client.invoke('session.signOut', {})).toEqual({ ok: true, value: null });
    expect(await keytar.getPassword(SERVICE, 'session:@alice:localhost')).toBeNull();
    expect(existsSync(join(dir, 'session.json'))).toBe(false);
    const db = new DatabaseSync(join(dir, 'plenum.sqlite'));
    expect((db.prepare('SELECT count(*) AS n FROM sync_state').get() as { n: number }).n).toBe(0);
    db.close();
    expect(await devices()).not.toContain(deviceId);
    await shutdown();
    const third = await boot(dir);
    expect(await view(third)).toEqual({ state: 'signedOut' });
    await shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
});
