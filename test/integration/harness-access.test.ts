import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { HARNESS_BRIDGE_PROTOCOL } from '../../src/shared/ipc/harness-protocol.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function get(url: string, cookie?: string, rawPath?: string): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: rawPath ?? `${target.pathname}${target.search}`, headers: cookie ? { cookie } : {} },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function connect(origin: string, headers: Record<string, string>, protocol = HARNESS_BRIDGE_PROTOCOL): Promise<WebSocket> {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/bridge`, protocol, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The dev/e2e harness exposes the real core on loopback, so its door is tested like a product surface. */
describe('browser harness access control', () => {
  let running: RunningHarness;
  let cookie = '';

  beforeAll(async () => {
    assertKeyringAvailable();
    running = await startTestHarness({ keychainService: `plenum-harness-test-${process.pid}` });
  });
  afterAll(() => running?.stop());

  it('listens on loopback only', () => {
    expect(new URL(running.harness.origin).hostname).toBe('127.0.0.1');
  });

  it('refuses the page without the token and with a wrong token', async () => {
    expect((await get(running.harness.origin)).status).toBe(403);
    expect((await get(`${running.harness.origin}/?token=guess`)).status).toBe(403);
  });

  it('exchanges the one-time token for an HttpOnly, SameSite=Strict cookie, exactly once', async () => {
    const first = await get(running.harness.url);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0] ?? '';
    expect((await get(running.harness.url)).status).toBe(403);
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const page = await get(running.harness.origin, cookie);
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain(`ws://127.0.0.1:${new URL(running.harness.origin).port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not serve files outside the renderer directory', async () => {
    for (const path of ['/../../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json']) {
      const reply = await get(running.harness.origin, cookie, path);
      expect(reply.status, path).not.toBe(200);
      expect(reply.body).not.toContain('"name": "plenum"');
    }
  });

  it('refuses WebSocket upgrades without the cookie, from another origin, or with another protocol', async () => {
    const origin = running.harness.origin;
    await expect(connect(origin, { origin })).rejects.toThrow(/403/);
    await expect(connect(origin, { origin: 'http://evil.example', cookie })).rejects.toThrow(/403/);
    await expect(connect(origin, { origin, cookie }, 'something-else')).rejects.toThrow(/403/);
  });

  it('answers commands over an authorised socket and drops malformed messages', async () => {
    const origin = running.harness.origin;
    const socket = await connect(origin, { origin, cookie });
    const reply = new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    socket.send(JSON.stringify({ t: 'invoke', id: 7, name: 'session.get', payload: {} }));
    expect(await reply).toEqual({ t: 'reply', id: 7, result: { ok: true, value: { state: 'signedOut' } } });

    const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    socket.send('{not json');
    expect(await closed).toBe(1008);
  });
});
