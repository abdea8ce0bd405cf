import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';

const PASSWORD = 'sign-in errors password';
const SERVICE = `plenum-sign-in-errors-${process.pid}-${Date.now()}`;

/**
 * Each sign-in failure a person can meet, produced by a real Synapse configured to cause it, and the
 * typed error the UI explains it with. Discovery uses a real .well-known document served locally;
 * only the https:// address of the made-up domain is routed to it.
 */
describe('sign-in failures and discovery', () => {
  const cores: { core: Core; dir: string }[] = [];

  function boot(options: { routeHost?: { host: string; to: string } } = {}): BridgeApi {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-errors-'));
    const fetchFn: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (options.routeHost && url.host === options.routeHost.host) return fetch(`${options.routeHost.to}${url.pathname}`, init);
      return fetch(input, init);
    };
    const core = createCore({
      secrets: createKeytarSecretStore(SERVICE),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum errors test' },
      dataDir: dir,
      cryptoDir: testCryptoDir(),
      fetch: fetchFn,
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    cores.push({ core, dir });
    return pair.client;
  }

  beforeAll(() => assertKeyringAvailable());
  afterEach(async () => {
    for (const { core, dir } of cores.splice(0)) {
      await core.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('on a Synapse with its default rate limits', () => {
    let synapse: RunningSynapse;
    let adminToken: string;
    beforeAll(async () => {
      synapse = await startSynapse({ rateLimits: 'default' });
      await synapse.registerUser('alice', PASSWORD);
      await synapse.registerUser('carol', PASSWORD);
      adminToken = (await synapse.registerUser('admin', PASSWORD, { admin: true })).accessToken;
    });
    afterAll(() => synapse?.stop());

    it('a deactivated account on Synapse looks like a wrong password (Synapse does not say more)', async () => {
      const deactivated = await fetch(`${synapse.baseUrl}/_synapse/admin/v1/deactivate/@carol:localhost`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ erase: false }),
      });
      expect(deactivated.ok).toBe(true);
      // Synapse 1.163 answers M_FORBIDDEN here; servers that send M_USER_DEACTIVATED get their own
      // message (mapping tested in test/unit/core/sign-in-errors.test.ts).
      const result = await boot().invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'carol', password: PASSWORD });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    });

    it('treats an unknown user like a wrong password (the server does not reveal which)', async () => {
      const result = await boot().invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'nobody', password: PASSWORD });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    });

    it('says how long to wait when the server rate-limits sign-in attempts', async () => {
      const client = boot();
      let last: Awaited<ReturnType<BridgeApi['invoke']>> | undefined;
      for (let attempt = 0; attempt < 8; attempt += 1) {
        last = await client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: 'wrong' });
        if (!last.ok && last.error.code === 'RATE_LIMITED') break;
      }
      expect(last).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      const wait = !last?.ok ? last?.error.details?.retryAfterMs : undefined;
      expect(wait).toBeGreaterThan(0);
    });
  });

  describe('on a Synapse that does not accept passwords', () => {
    let synapse: RunningSynapse;
    beforeAll(async () => {
      synapse = await startSynapse({ extraConfig: { password_config: { enabled: false } } });
    });
    afterAll(() => synapse?.stop());

    it('reports an unsupported login flow with what the server offers instead', async () => {
      const result = await boot().invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_LOGIN_FLOW' } });
      const flows = !result.ok ? result.error.details?.supportedFlows : undefined;
      expect(Array.isArray(flows)).toBe(true);
      expect(flows).not.toContain('m.login.password');
    });
  });

  describe('homeserver discovery', () => {
    let synapse: RunningSynapse;
    let wellKnown: Server;
    let wellKnownBody = '';
    let wellKnownOrigin = '';
    beforeAll(async () => {
      synapse = await startSynapse();
      await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice Discovered' });
      wellKnown = createServer((req, res) => {
        if (req.url !== '/.well-known/matrix/client' || !wellKnownBody) return void res.writeHead(404).end();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(wellKnownBody);
      });
      await new Promise<void>((done) => wellKnown.listen(0, '127.0.0.1', done));
      wellKnownOrigin = `http://127.0.0.1:${(wellKnown.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      wellKnown?.close();
      await synapse?.stop();
    });

    const route = () => ({ routeHost: { host: 'institution.example', to: wellKnownOrigin } });

    it('finds the homeserver from a full Matrix ID through .well-known', async () => {
      wellKnownBody = JSON.stringify({ 'm.homeserver': { base_url: synapse.baseUrl } });
      const client = boot(route());
      const result = await client.invoke('session.signIn', { homeserver: '', user: '@alice:institution.example', password: PASSWORD });
      // Synapse knows its users as @alice:localhost; the sign-in still reaches it through discovery.
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
      const byName = await boot(route()).invoke('session.signIn', { homeserver: 'institution.example', user: 'alice', password: PASSWORD });
      expect(byName).toEqual({ ok: true, value: { userId: '@alice:localhost' } });
    });

    it('refuses a .well-known that points nowhere sensible', async () => {
      wellKnownBody = JSON.stringify({ 'm.homeserver': { base_url: 'javascript:alert(1)' } });
      const result = await boot(route()).invoke('session.signIn', { homeserver: 'institution.example', user: 'alice', password: PASSWORD });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_MATRIX_SERVER' } });
    });

    it('asks for a homeserver when neither a server nor a full Matrix ID was given', async () => {
      const result = await boot().invoke('session.signIn', { homeserver: '', user: 'alice', password: PASSWORD });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });
  });
});
