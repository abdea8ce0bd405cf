import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, type AppProtocolHandler } from '../../../src/main/window/app-protocol-handler.ts';
import { buildContentSecurityPolicy } from '../../../src/main/window/csp.ts';

let base: string;
let handler: AppProtocolHandler;
const csp = buildContentSecurityPolicy();

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'plenum-app-protocol-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Plenum</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(base, 'secret.js'), 'leaked');
  // A link inside the root that points outside it: the lexical check can't see this one.
  symlinkSync(join(base, 'secret.js'), join(root, 'assets', 'link.js'));
  handler = createAppProtocolHandler({ rootDir: root, contentSecurityPolicy: csp });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html for / with the security headers', async () => {
    const response = await get('app://plenum/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Plenum</title>');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(response.headers.has('cross-origin-embedder-policy')).toBe(false);
  });

  it('serves nested assets with their type', async () => {
    const response = await get('app://plenum/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('export {};');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://plenum/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses a symbolic link that leads out of the root', async () => {
    const response = await get('app://plenum/assets/link.js');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('leaked');
  });

  it.each([
    ['app://plenum/missing.js', 404],
    ['app://plenum/%2e%2e%2fsecret.js', 403],
    ['app://plenum/..%5csecret.js', 403],
    ['app://evil/index.html', 403],
  ])('refuses %s with %i, still with the security headers', async (url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(await response.text()).not.toContain('leaked');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('app://plenum/index.html', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
