import { describe, expect, it } from 'vitest';
import { formatMxcUri, isValidMediaId, isValidServerName, parseMxcUri } from '../../../src/shared/matrix/mxc-uri.ts';

describe('parseMxcUri', () => {
  it.each([
    ['mxc://matrix.org/GCmhgzMPRjqgpODLsNQzVuHZ', 'matrix.org', 'GCmhgzMPRjqgpODLsNQzVuHZ'],
    ['mxc://localhost/abc_DEF-123', 'localhost', 'abc_DEF-123'],
    ['mxc://example.org:8448/x', 'example.org:8448', 'x'],
    ['mxc://1.2.3.4/x', '1.2.3.4', 'x'],
    ['mxc://1.2.3.4:1/x', '1.2.3.4:1', 'x'],
    ['mxc://[::1]/x', '[::1]', 'x'],
    ['mxc://[::1]:8448/x', '[::1]:8448', 'x'],
    ['mxc://[2001:db8::ff00:42:8329]/x', '[2001:db8::ff00:42:8329]', 'x'],
    ['mxc://[2001:0db8:0000:0000:0000:ff00:0042:8329]:65535/x', '[2001:0db8:0000:0000:0000:ff00:0042:8329]:65535', 'x'],
    ['mxc://[::ffff:192.0.2.1]/x', '[::ffff:192.0.2.1]', 'x'],
    ['mxc://[::]/x', '[::]', 'x'],
    ['mxc://Example.ORG/x', 'Example.ORG', 'x'],
    ['mxc://xn--bcher-kva.example/x', 'xn--bcher-kva.example', 'x'],
    ['mxc://a-b.c/_', 'a-b.c', '_'],
    ['mxc://a/-', 'a', '-'],
  ])('accepts %s', (raw, serverName, mediaId) => {
    expect(parseMxcUri(raw)).toEqual({ serverName, mediaId });
  });

  it('accepts the longest server name and media ID', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`;
    expect(host).toHaveLength(255);
    const mediaId = 'm'.repeat(255);
    expect(parseMxcUri(`mxc://${host}:65535/${mediaId}`)).toEqual({ serverName: `${host}:65535`, mediaId });
  });

  it.each([
    // Path traversal and extra segments.
    'mxc://evil.org/../../x',
    'mxc://127.0.0.1/../../_matrix/client/v3/account/whoami',
    'mxc://a/b/c',
    'mxc://a/b/',
    'mxc://../x',
    'mxc://./x',
    'mxc://a..b/x',
    'mxc://.a/x',
    'mxc://a./x',
    'mxc://a/..',
    'mxc://a/.',
    'mxc://a/b.c',
    // Encodings, queries, fragments, credentials.
    'mxc://a/%2e%2e',
    'mxc://a/b%2Fc',
    'mxc://a%2Fb/x',
    'mxc://a/b?c=d',
    'mxc://a/b#c',
    'mxc://user@a/b',
    'mxc://user:pw@a/b',
    'mxc://a\\b/x',
    'mxc://a/b\\c',
    // Whitespace and control characters.
    'mxc://a/b ',
    ' mxc://a/b',
    'mxc://a /b',
    'mxc://a/b\n',
    'mxc://a/b\r\n',
    'mxc://a/\tb',
    'mxc://a/b\u0000',
    'mxc://a\u0000.org/b',
    'mxc://a/b\u00a0',
    // Empty parts.
    'mxc://',
    'mxc:///',
    'mxc:///x',
    'mxc://a/',
    'mxc://a',
    'mxc://:8448/x',
    // Ports.
    'mxc://a:99999/x',
    'mxc://a:65536/x',
    'mxc://a:0/x',
    'mxc://a:/x',
    'mxc://a:123456/x',
    'mxc://a:-1/x',
    'mxc://a:+80/x',
    'mxc://a:8a/x',
    'mxc://a:1:2/x',
    'mxc://[::1]:/x',
    'mxc://[::1]:99999/x',
    // IPv6 forms.
    'mxc://::1/x',
    'mxc://[::1/x',
    'mxc://::1]/x',
    'mxc://[]/x',
    'mxc://[:::]/x',
    'mxc://[1::2::3]/x',
    'mxc://[1:2:3:4:5:6:7:8:9]/x',
    'mxc://[1:2:3:4:5:6:7]/x',
    'mxc://[12345::1]/x',
    'mxc://[g::1]/x',
    'mxc://[fe80::1%25eth0]/x',
    'mxc://[fe80::1%eth0]/x',
    'mxc://[1.2.3.4::]/x',
    'mxc://[::1.2.3.256]/x',
    'mxc://[::1]x/x',
    'mxc://[v1.fe]/x',
    // IPv4-looking hosts that are not dotted quads.
    'mxc://999.1.1.1/x',
    'mxc://1.2.3/x',
    'mxc://1.2.3.4.5/x',
    'mxc://256.256.256.256/x',
    'mxc://1234/x',
    // Characters outside the grammar.
    'mxc://bücher.example/x',
    'mxc://пример.рф/x',
    'mxc://a/ü',
    'mxc://a/\u202ex',
    'mxc://a_b.org/x',
    'mxc://a*/x',
    'mxc://a/b*',
    'mxc://a/b+c',
    'mxc://a/b=',
    'mxc://a/b~',
    'mxc://a/b:c',
    'mxc://a/b;c',
    'mxc://a/b\'c',
    'mxc://a/<script>',
    'mxc://a/b"',
    // Other schemes and spellings (the scheme is matched case-sensitively, see mxc-uri.ts).
    'MXC://a/b',
    'Mxc://a/b',
    'mxc:/a/b',
    'mxc:a/b',
    'mxc//a/b',
    'https://a/b',
    'mxc://a/b mxc://c/d',
    '//a/b',
    'a/b',
    '',
  ])('rejects %j', (raw) => {
    expect(parseMxcUri(raw)).toBeNull();
  });

  it('rejects over-long parts', () => {
    expect(parseMxcUri(`mxc://a/${'m'.repeat(256)}`)).toBeNull();
    expect(parseMxcUri(`mxc://${'a'.repeat(64)}.org/x`)).toBeNull();
    const host256 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(64)}`;
    expect(parseMxcUri(`mxc://${host256}/x`)).toBeNull();
    expect(parseMxcUri(`mxc://${'a.'.repeat(5000)}a/x`)).toBeNull();
    expect(parseMxcUri(`mxc://a/${'m'.repeat(1_000_000)}`)).toBeNull();
  });

  it.each([null, undefined, 42, {}, [], ['mxc://a/b'], new String('mxc://a/b'), { toString: () => 'mxc://a/b' }, Symbol('mxc')])(
    'rejects the non-string %s',
    (raw) => {
      expect(parseMxcUri(raw)).toBeNull();
    },
  );
});

describe('formatMxcUri', () => {
  it('round-trips with parseMxcUri', () => {
    for (const raw of ['mxc://matrix.org/abc', 'mxc://[::1]:8448/x_y-z', 'mxc://10.0.0.1:80/Q']) {
      const parts = parseMxcUri(raw);
      expect(parts).not.toBeNull();
      if (parts) expect(formatMxcUri(parts)).toBe(raw);
    }
  });

  it.each([
    { serverName: '..', mediaId: 'x' },
    { serverName: 'a', mediaId: '../x' },
    { serverName: 'a/b', mediaId: 'x' },
    { serverName: 'a', mediaId: '' },
    { serverName: '', mediaId: 'x' },
  ])('refuses invalid parts %j', (parts) => {
    expect(() => formatMxcUri(parts)).toThrow(TypeError);
  });
});

describe('part validators', () => {
  it('check a server name and a media ID on their own', () => {
    expect(isValidServerName('matrix.org:443')).toBe(true);
    expect(isValidServerName('matrix.org/x')).toBe(false);
    expect(isValidServerName(undefined)).toBe(false);
    expect(isValidMediaId('abc')).toBe(true);
    expect(isValidMediaId('a.b')).toBe(false);
    expect(isValidMediaId(7)).toBe(false);
  });
});
