import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import type { Logger } from '../../src/main/core/ports.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { SessionView, SyncStatus } from '../../src/shared/model/session.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'a long and correct password';
const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** The core against a real Synapse, driven only through the bridge, as the renderer drives it. */
describe('core sign-in against Synapse', () => {
  let synapse: RunningSynapse;
  let notMatrix: Server;
  let core: Core;
  let client: BridgeApi;
  const sessions: SessionView[] = [];
  const syncs: SyncStatus[] = [];

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Example' });
    notMatrix = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Intranet</h1>'));
    await new Promise<void>((done) => notMatrix.listen(0, '127.0.0.1', done));
    core = createCore({
      secrets: createKeytarSecretStore(`plenum-sign-in-test-${process.pid}`),
      logger: quietLogger,
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum on test-host' },
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    client = pair.client;
    client.on('session.changed', (view) => sessions.push(view));
    client.on('sync.status', (status) => syncs.push(status));
  });

  afterAll(async () => {
    await core?.dispose();
    notMatrix?.close();
    await synapse?.stop();
  });

  const signIn = (overrides: Partial<{ homeserver: string; user: string; password: string }> = {}) =>
    client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD, ...overrides });

  it('rejects a malformed request before touching the network', async () => {
    const result = await client.invoke('session.signIn', { homeserver: 'not a url', user: 'alice', password: PASSWORD });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(sessions).toEqual([]);
    expect(await client.invoke('session.get', {})).toEqual({ ok: true, value: { state: 'signedOut' } });
  });

  it('explains a wrong password and leaves no session behind', async () => {
    const result = await signIn({ password: 'wrong password' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await client.invoke('session.get', {})).toEqual({ ok: true, value: { state: 'signedOut' } });
  });

  it('refuses a server that is not a Matrix homeserver', async () => {
    const { port } = notMatrix.address() as AddressInfo;
    const result = await signIn({ homeserver: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_MATRIX_SERVER' } });
  });

  it('reports an unreachable server as a network problem', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await signIn({ homeserver: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('signs in, syncs, and publishes the display name — never the token', async () => {
    sessions.length = 0;
    const result = await signIn();
    expect(result).toEqual({ ok: true, value: { userId: '@alice:localhost' } });

    const view = await client.invoke('session.get', {});
    expect(view).toMatchObject({
      ok: true,
      value: { state: 'signedIn', userId: '@alice:localhost', displayName: 'Alice Example', homeserver: synapse.baseUrl },
    });
    expect(sessions.map((s) => s.state)).toEqual(['signingIn', 'signedIn']);
    await expect.poll(() => syncs.at(-1)?.state, { timeout: 20_000 }).toBe('syncing');
    expect(JSON.stringify([view, ...sessions])).not.toMatch(/syt_/);
  });

  it('keeps the display name across later syncs (no fallback to the bare user ID)', async () => {
    const other = (await fetch(`${synapse.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: PASSWORD }),
    }).then((r) => r.json())) as { access_token: string };
    // Account data written by another device wakes the core's long-poll: at least one more sync.
    const changed = await fetch(`${synapse.baseUrl}/_matrix/client/v3/user/@alice:localhost/account_data/org.plenum.test`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${other.access_token}` },
      body: JSON.stringify({ n: 1 }),
    });
    expect(changed.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const view = await client.invoke('session.get', {});
    expect(view).toMatchObject({ ok: true, value: { state: 'signedIn', displayName: 'Alice Example' } });
  });

  it('registered the device under the display name the core chose', async () => {
    const view = await client.invoke('session.get', {});
    const deviceId = view.ok && view.value.state === 'signedIn' ? view.value.deviceId : '';
    const admin = await synapse.registerUser('admin', PASSWORD, { admin: true });
    const response = await fetch(`${synapse.baseUrl}/_synapse/admin/v2/users/@alice:localhost/devices/${deviceId}`, {
      headers: { Authorization: `Bearer ${admin.accessToken}` },
    });
    expect(await response.json()).toMatchObject({ device_id: deviceId, display_name: 'Plenum on test-host' });
  });

  it('refuses a second sign-in while signed in', async () => {
    expect(await signIn()).toMatchObject({ ok: false, error: { code: 'ALREADY_SIGNED_IN' } });
  });

  it('signs out on the server too: the device is gone', async () => {
    const view = await client.invoke('session.get', {});
    const deviceId = view.ok && view.value.state === 'signedIn' ? view.value.deviceId : '';
    expect(await client.invoke('session.signOut', {})).toEqual({ ok: true, value: null });
    expect(await client.invoke('session.get', {})).toEqual({ ok: true, value: { state: 'signedOut' } });
    const admin = await synapse.registerUser('admin2', PASSWORD, { admin: true });
    const devices = (await (
      await fetch(`${synapse.baseUrl}/_synapse/admin/v2/users/@alice:localhost/devices`, {
        headers: { Authorization: `Bearer ${admin.accessToken}` },
      })
    ).json()) as { devices: { device_id: string }[] };
    expect(devices.devices.map((d) => d.device_id)).not.toContain(deviceId);
  });
});
