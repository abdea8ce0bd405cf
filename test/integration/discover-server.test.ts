import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SERVICE = `plenum-discover-${process.pid}-${Date.now()}`;
/** A made-up institution's domain; its https:// address is routed to a local .well-known server. */
const INSTITUTION = 'institution.example';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * `session.discover`, as the sign-in form uses it while the user types: what it finds behind URLs,
 * server names and Matrix IDs, and how it explains what it cannot use. Real Synapses answer; the
 * only stand-ins are a .well-known document and a web server that is not Matrix at all.
 */
/** A Synapse with its defaults: passwords, no single sign-on, no OAuth 2.0. */
const PASSWORD_ONLY = { password: true, sso: null, oauth: false };

describe('server discovery', () => {
  let synapse: RunningSynapse;
  let noPasswords: RunningSynapse;
  let wellKnown: Server;
  let website: Server;
  let wellKnownOrigin = '';
  let websiteOrigin = '';
  let wellKnownBody = '';
  let session: CoreSession;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-discover-'));

  const discover = (input: string) => session.bridge.invoke('session.discover', { input });

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, noPasswords] = await Promise.all([startSynapse(), startSynapse({ extraConfig: { password_config: { enabled: false } } })]);
    wellKnown = createServer((req, res) => {
      if (req.url !== '/.well-known/matrix/client' || !wellKnownBody) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(wellKnownBody);
    });
    website = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Welcome to our town hall</h1>'));
    wellKnownOrigin = await listen(wellKnown);
    websiteOrigin = await listen(website);
    const routed: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.host === INSTITUTION) return fetch(`${wellKnownOrigin}${url.pathname}`, init);
      return fetch(input, init);
    };
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir(), fetch: routed });
  });
  afterAll(async () => {
    await session?.dispose();
    wellKnown?.close();
    website?.close();
    await Promise.all([synapse?.stop(), noPasswords?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts a homeserver URL as it is, without a trailing slash', async () => {
    expect(await discover(synapse.baseUrl)).toEqual({ ok: true, value: { homeserver: synapse.baseUrl, serverName: null, login: PASSWORD_ONLY } });
    expect(await discover(`  ${synapse.baseUrl}/ `)).toEqual({ ok: true, value: { homeserver: synapse.baseUrl, serverName: null, login: PASSWORD_ONLY } });
  });

  it('finds the homeserver behind a server name or a full Matrix ID through .well-known', async () => {
    wellKnownBody = JSON.stringify({ 'm.homeserver': { base_url: `${synapse.baseUrl}/` } });
    const found = { ok: true, value: { homeserver: synapse.baseUrl, serverName: INSTITUTION, login: PASSWORD_ONLY } };
    expect(await discover(INSTITUTION)).toEqual(found);
    expect(await discover(`@alice:${INSTITUTION}`)).toEqual(found);
    expect(await discover('@Alice:Institution.Example')).toEqual(found);
  });

  it('says when .well-known points at something that is not a homeserver', async () => {
    wellKnownBody = JSON.stringify({ 'm.homeserver': { base_url: websiteOrigin } });
    expect(await discover(INSTITUTION)).toMatchObject({ ok: false, error: { code: 'NOT_A_MATRIX_SERVER' } });
    wellKnownBody = '{"m.homeserver": {"base_url": "javascript:alert(1)"}}';
    expect(await discover(`@alice:${INSTITUTION}`)).toMatchObject({ ok: false, error: { code: 'NOT_A_MATRIX_SERVER' } });
  });

  it('says when a web server is not Matrix at all', async () => {
    expect(await discover(websiteOrigin)).toMatchObject({ ok: false, error: { code: 'NOT_A_MATRIX_SERVER' } });
  });

  it('says when nothing answers', async () => {
    const closed = createServer();
    const origin = await listen(closed);
    await new Promise<void>((done) => closed.close(() => done()));
    expect(await discover(origin)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    // A Matrix ID's server is looked up over https, as the spec says; Synapse here speaks plain http.
    const { host } = new URL(synapse.baseUrl);
    expect(await discover(`@alice:${host}`)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('says what a homeserver offers when it does not accept passwords', async () => {
    const result = await discover(noPasswords.baseUrl);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_LOGIN_FLOW' } });
    const flows = result.ok ? undefined : result.error.details?.supportedFlows;
    expect(Array.isArray(flows) && flows.length > 0).toBe(true);
    expect(flows).not.toContain('m.login.password');
  });

  it('refuses what is neither a URL, a server name nor a Matrix ID', async () => {
    expect(await discover('not a server!')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await discover('@alice')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await discover('')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
