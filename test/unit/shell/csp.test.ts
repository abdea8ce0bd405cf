import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, isAllowedConnectSource } from '../../../src/main/window/csp.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const policy = directives(buildContentSecurityPolicy());

  it('denies by default and allows scripts only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it('contains no unsafe keyword anywhere', () => {
    expect(buildContentSecurityPolicy()).not.toMatch(/unsafe-|'strict-dynamic'|\*/);
  });

  it('allows images and media only from the app, data/blob URLs and the media scheme', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'plenum-media:']);
    expect(policy.get('media-src')).toEqual(["'self'", 'blob:', 'plenum-media:']);
  });

  it('shuts off plugins, frames, base and form hijacking', () => {
    for (const name of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(policy.get(name), name).toEqual(["'none'"]);
    }
  });

  it('never lets the renderer connect anywhere but itself unless told', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('adds validated connect-src origins for the browser harness', () => {
    const harness = directives(buildContentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:43121'] }));
    expect(harness.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:43121']);
  });

  it.each([
    "ws://127.0.0.1:1; script-src 'unsafe-inline'",
    'ws://127.0.0.1:1 https://evil.example',
    "'unsafe-eval'",
    '*',
    'https://*.example.org',
    'https:',
    'data:',
    'ws://127.0.0.1',
    'ws://127.0.0.1:0',
    'ws://127.0.0.1:70000',
    'ws://localhost:8080',
    'ws://127.0.0.1:8080/bridge',
    'wss://example.org',
    'https://example.org/',
    'https://example.org/path',
    'https://user:pw@example.org',
    'https://EXAMPLE.org',
    'https://example.org"',
    'javascript:alert(1)',
    '',
  ])('refuses the connect-src entry %j', (entry) => {
    expect(isAllowedConnectSource(entry)).toBe(false);
    expect(() => buildContentSecurityPolicy({ connectSrc: [entry] })).toThrow(/refusing connect-src/);
  });

  it.each(['ws://127.0.0.1:8080', 'https://matrix.example.org', 'http://localhost:8008', 'https://example.org:8448'])(
    'accepts the origin %s',
    (entry) => {
      expect(isAllowedConnectSource(entry)).toBe(true);
    },
  );
});
