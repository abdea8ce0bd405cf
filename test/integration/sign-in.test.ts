import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import type { Logger } from '../../src/main/core/ports.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { SessionView, SyncStatus } from '../../src/shared/model/session.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';

const PASSWORD = 'a long and correct password';
const DEVICE_NAME = 'Plenum on test-host';
const KEYCHAIN_SERVICE = `plenum-sign-in-test-${process.pid}-${Date.now()}`;

/**
 * The core never hands its access token to anyone, which is the point; to prove that sign-out
 * really revoked it, the test reads it off the wire: a pass-through spy on the global fetch the
 * SDK uses, which records what /login returned. The test's own requests bypass the spy.
 */
const realFetch = globalThis.fetch;
const issuedTokens: string[] = [];
const coreRequests: string[] = [];
function spyOnCoreTraffic(): void {
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    coreRequests.push(url.pathname);
    const response = await realFetch(input, init);
    if (url.pathname.endsWith('/login') && response.ok) {
      const { access_token: token } = (await response.clone().json()) as { access_token?: string };
      if (token) issuedTokens.push(token);
    }
    return response;
  });
}

/** The core against a real Synapse, driven only through the bridge, as the renderer drives it. */
describe('core sign-in against Synapse', () => {
  let synapse: RunningSynapse;
  let admin: { accessToken: string };
  let notMatrix: Server;
  let notMatrixReply: { status: number; body: string } = { status: 404, body: '<h1>Not found</h1>' };
  let core: Core;
  let client: BridgeApi;
  const sessions: SessionView[] = [];
  const syncs: SyncStatus[] = [];
  const logs: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-sign-in-'));

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Example' });
    admin = await synapse.registerUser('admin', PASSWORD, { admin: true });
    // An intranet page where the user mistyped their homeserver: HTML, never Matrix JSON.
    notMatrix = createServer((_req, res) => res.writeHead(notMatrixReply.status, { 'Content-Type': 'text/html' }).end(notMatrixReply.body));
    await new Promise<void>((done) => notMatrix.listen(0, '127.0.0.1', done));
    core = createCore({
      secrets: createKeytarSecretStore(KEYCHAIN_SERVICE),
      logger,
      app: { version: 'test', locale: 'en', deviceDisplayName: DEVICE_NAME },
      dataDir,
      cryptoDir: testCryptoDir(),
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    client = pair.client;
    client.on('session.changed', (view) => sessions.push(view));
    client.on('sync.status', (status) => syncs.push(status));
    spyOnCoreTraffic();
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await core?.dispose();
    notMatrix?.close();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const { account } of await keytar.findCredentials(KEYCHAIN_SERVICE)) await keytar.deletePassword(KEYCHAIN_SERVICE, account);
  });

  const signIn = (overrides: Partial<{ homeserver: string; user: string; password: string }> = {}) =>
    client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD, ...overrides });
  const sessionState = async (): Promise<string | undefined> => {
    const view = await client.invoke('session.get', {});
    return view.ok ? view.value.state : undefined;
  };
  const whoami = (token: string): Promise<Response> =>
    realFetch(`${synapse.baseUrl}/_matrix/client/v3/account/whoami`, { headers: { Authorization: `Bearer ${token}` } });

  it('rejects malformed requests before any handler runs', async () => {
    const valid = { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD };
    const withExtraKey = { ...valid, admin: true };
    for (const payload of [{ ...valid, homeserver: 'not a url' }, { ...valid, homeserver: 'ftp://127.0.0.1/' }, { ...valid, password: '' }, withExtraKey]) {
      const result = await client.invoke('session.signIn', payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      // Field names only: the bridge never echoes a value, and a payload can carry a password.
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
    }
    // A handler that ran would have announced `signingIn`, logged, or contacted a server.
    expect(sessions).toEqual([]);
    expect(logs).toEqual([]);
    expect(coreRequests).toEqual([]);
    expect(await sessionState()).toBe('signedOut');
  });

  it('explains a wrong password and leaves no session behind', async () => {
    const result = await signIn({ password: 'wrong password' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(sessions.map((s) => s.state)).toEqual(['signingIn', 'signedOut']);
    expect(await sessionState()).toBe('signedOut');
  });

  it.each([
    { status: 404, body: '<h1>Not found</h1>' },
    { status: 200, body: '<!doctype html><title>Intranet</title>' },
  ])('refuses a server that is not a Matrix homeserver (HTTP $status, HTML)', async (reply) => {
    notMatrixReply = reply;
    const { port } = notMatrix.address() as AddressInfo;
    const before = coreRequests.length;
    const result = await signIn({ homeserver: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_MATRIX_SERVER' } });
    // The password went nowhere: the only request was the version probe.
    expect(coreRequests.slice(before)).toEqual(['/_matrix/client/versions']);
    expect(await sessionState()).toBe('signedOut');
  });

  it('reports an unreachable server as a network problem', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await signIn({ homeserver: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(await sessionState()).toBe('signedOut');
  });

  it('signs in, syncs, and publishes the display name — never the token', async () => {
    sessions.length = 0;
    syncs.length = 0;
    const result = await signIn();
    expect(result).toEqual({ ok: true, value: { userId: '@alice:localhost' } });

    const view = await client.invoke('session.get', {});
    expect(view).toEqual({
      ok: true,
      value: {
        state: 'signedIn',
        userId: '@alice:localhost',
        deviceId: expect.stringMatching(/^\S+$/),
        displayName: 'Alice Example',
        avatarMxc: null,
        homeserver: synapse.baseUrl,
      },
    });
    expect(sessions.map((s) => s.state)).toEqual(['signingIn', 'signedIn']);
    await expect.poll(() => syncs.map((s) => s.state), { timeout: 20_000 }).toContain('syncing');

    expect(issuedTokens).toHaveLength(1);
    const [token = ''] = issuedTokens;
    expect((await whoami(token)).status).toBe(200);
    const published = JSON.stringify([view, sessions, syncs, logs]);
    expect(published).not.toContain(token);
    expect(published).not.toContain(PASSWORD);
  });

  it('registered the device under the display name the core chose', async () => {
    const view = await client.invoke('session.get', {});
    const deviceId = view.ok && view.value.state === 'signedIn' ? view.value.deviceId : '';
    const response = await realFetch(`${synapse.baseUrl}/_synapse/admin/v2/users/@alice:localhost/devices/${deviceId}`, {
      headers: { Authorization: `Bearer ${admin.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ device_id: deviceId, display_name: DEVICE_NAME });
  });

  it('keeps the display name across later syncs (no fallback to the bare user ID)', async () => {
    const other = (await realFetch(`${synapse.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: PASSWORD }),
    }).then((r) => r.json())) as { access_token: string };
    // Account data written by another device wakes the core's long-poll: at least one more sync.
    const syncsBefore = coreRequests.filter((path) => path.endsWith('/sync')).length;
    const changed = await realFetch(`${synapse.baseUrl}/_matrix/client/v3/user/@alice:localhost/account_data/org.plenum.test`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${other.access_token}` },
      body: JSON.stringify({ n: 1 }),
    });
    expect(changed.ok).toBe(true);
    await expect.poll(() => coreRequests.filter((path) => path.endsWith('/sync')).length, { timeout: 20_000 }).toBeGreaterThan(syncsBefore);
    const view = await client.invoke('session.get', {});
    expect(view).toMatchObject({ ok: true, value: { state: 'signedIn', displayName: 'Alice Example' } });
  });

  it('refuses a second sign-in while signed in', async () => {
    expect(await signIn()).toMatchObject({ ok: false, error: { code: 'ALREADY_SIGNED_IN' } });
    expect(await sessionState()).toBe('signedIn');
  });

  it('signs out on the server too: the token is revoked and the device is gone', async () => {
    const view = await client.invoke('session.get', {});
    const deviceId = view.ok && view.value.state === 'signedIn' ? view.value.deviceId : '';
    const [token = ''] = issuedTokens;

    expect(await client.invoke('session.signOut', {})).toEqual({ ok: true, value: null });
    expect(await client.invoke('session.get', {})).toEqual({ ok: true, value: { state: 'signedOut' } });
    expect(sessions.at(-1)).toEqual({ state: 'signedOut' });
    expect(syncs.at(-1)).toEqual({ state: 'stopped' });

    const revoked = await whoami(token);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ errcode: 'M_UNKNOWN_TOKEN' });
    const devices = (await (
      await realFetch(`${synapse.baseUrl}/_synapse/admin/v2/users/@alice:localhost/devices`, {
        headers: { Authorization: `Bearer ${admin.accessToken}` },
      })
    ).json()) as { devices: { device_id: string }[] };
    expect(devices.devices.map((d) => d.device_id)).not.toContain(deviceId);
  });

  it('logged nothing secret along the way', () => {
    const everything = logs.join('\n');
    expect(everything).not.toContain(PASSWORD);
    for (const token of issuedTokens) expect(everything).not.toContain(token);
  });
});
