import { describe, expect, it } from 'vitest';
import { eventPermalink, findMatrixLinkInArgs, parseMatrixLink, type MatrixLink } from '../../../src/shared/links/matrix-link.ts';

const V12_ROOM = 'O7bPXHXS1qJW1e-z0X5HUIwshG19sDgbIC86_OkO35Y';
const V3_EVENT = 'acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk';

describe('parseMatrixLink with matrix: URIs', () => {
  it.each<[string, string, MatrixLink]>([
    ['an alias', 'matrix:r/somewhere:example.org', { kind: 'alias', alias: '#somewhere:example.org', via: [] }],
    ['a room ID with a server', 'matrix:roomid/somewhere:example.org', { kind: 'room', roomId: '!somewhere:example.org', via: [] }],
    ['a room version 12 room ID without a server', `matrix:roomid/${V12_ROOM}`, { kind: 'room', roomId: `!${V12_ROOM}`, via: [] }],
    ['a user', 'matrix:u/alice:example.org', { kind: 'user', userId: '@alice:example.org' }],
    ['a user with action=chat', 'matrix:u/alice:example.org?action=chat', { kind: 'user', userId: '@alice:example.org', action: 'chat' }],
    [
      'an event in a room, with via',
      'matrix:roomid/somewhere:example.org/e/event?via=elsewhere.ca',
      { kind: 'room', roomId: '!somewhere:example.org', via: ['elsewhere.ca'], eventId: '$event' },
    ],
    [
      'an event under an alias',
      'matrix:r/somewhere:example.org/e/event',
      { kind: 'alias', alias: '#somewhere:example.org', via: [], eventId: '$event' },
    ],
    [
      'several via servers, in order and without repeats, and action=join',
      'matrix:roomid/a:example.org?via=b.example&action=join&via=[::1]:8448&via=b.example',
      { kind: 'room', roomId: '!a:example.org', via: ['b.example', '[::1]:8448'], action: 'join' },
    ],
    [
      'a percent-encoded room version 3 event ID (with `/` and `+`)',
      `matrix:roomid/a%3Aexample.org/e/${encodeURIComponent(`${V3_EVENT}+x`)}`,
      { kind: 'room', roomId: '!a:example.org', via: [], eventId: `$${V3_EVENT}+x` },
    ],
    ['a percent-encoded non-ASCII alias', 'matrix:r/caf%C3%A9:example.org', { kind: 'alias', alias: '#café:example.org', via: [] }],
    ['a raw non-ASCII alias', 'matrix:r/café:example.org', { kind: 'alias', alias: '#café:example.org', via: [] }],
    ['a percent-encoded via', 'matrix:r/a:example.org?via=%5B%3A%3A1%5D', { kind: 'alias', alias: '#a:example.org', via: ['[::1]'] }],
    ['a user on an IPv6 server with a port', 'matrix:u/alice:[2001:db8::1]:8448', { kind: 'user', userId: '@alice:[2001:db8::1]:8448' }],
    ['a user with historical punctuation in the localpart', 'matrix:u/Alice_!~*:example.org', { kind: 'user', userId: '@Alice_!~*:example.org' }],
    ['an upper-case scheme', 'MATRIX:r/a:example.org', { kind: 'alias', alias: '#a:example.org', via: [] }],
    ['a mixed-case scheme', 'MaTrIx:u/alice:example.org', { kind: 'user', userId: '@alice:example.org' }],
    [
      'unknown query keys, which it ignores',
      'matrix:r/a:example.org?foo=bar&via=b.example&flag&x=',
      { kind: 'alias', alias: '#a:example.org', via: ['b.example'] },
    ],
    ['a repeated identical action', 'matrix:r/a:example.org?action=join&action=join', { kind: 'alias', alias: '#a:example.org', via: [], action: 'join' }],
    ['an empty query', 'matrix:r/a:example.org?', { kind: 'alias', alias: '#a:example.org', via: [] }],
  ])('accepts %s', (_description, input, expected) => {
    expect(parseMatrixLink(input)).toStrictEqual(expected);
  });
});

describe('parseMatrixLink with matrix.to permalinks', () => {
  it.each<[string, string, MatrixLink]>([
    ['a raw alias', 'https://matrix.to/#/#somewhere:example.org', { kind: 'alias', alias: '#somewhere:example.org', via: [] }],
    ['an encoded alias', 'https://matrix.to/#/%23somewhere%3Aexample.org', { kind: 'alias', alias: '#somewhere:example.org', via: [] }],
    [
      'a room ID with several via',
      'https://matrix.to/#/!somewhere:example.org?via=elsewhere.ca&via=b.example:8448',
      { kind: 'room', roomId: '!somewhere:example.org', via: ['elsewhere.ca', 'b.example:8448'] },
    ],
    ['a room version 12 room ID', `https://matrix.to/#/!${V12_ROOM}`, { kind: 'room', roomId: `!${V12_ROOM}`, via: [] }],
    [
      'an event in a room',
      'https://matrix.to/#/!somewhere:example.org/$event:example.org?via=example.org',
      { kind: 'room', roomId: '!somewhere:example.org', via: ['example.org'], eventId: '$event:example.org' },
    ],
    [
      'an encoded event ID with `/` under an encoded alias',
      `https://matrix.to/#/%23a%3Aexample.org/${encodeURIComponent(`$${V3_EVENT}`)}`,
      { kind: 'alias', alias: '#a:example.org', via: [], eventId: `$${V3_EVENT}` },
    ],
    ['a raw user', 'https://matrix.to/#/@alice:example.org', { kind: 'user', userId: '@alice:example.org' }],
    ['an encoded user', 'https://matrix.to/#/%40alice%3Aexample.org', { kind: 'user', userId: '@alice:example.org' }],
    ['an upper-case scheme and host', 'HTTPS://MATRIX.TO/#/@alice:example.org', { kind: 'user', userId: '@alice:example.org' }],
    [
      'an action, which it ignores because matrix.to defines none',
      'https://matrix.to/#/#a:example.org?action=join&client=im.example',
      { kind: 'alias', alias: '#a:example.org', via: [] },
    ],
  ])('accepts %s', (_description, input, expected) => {
    expect(parseMatrixLink(input)).toStrictEqual(expected);
  });
});

describe('ID length limits', () => {
  it('accepts a user ID of exactly 255 bytes and refuses one of 256', () => {
    const localpart = 'a'.repeat(255 - '@:example.org'.length);
    expect(parseMatrixLink(`matrix:u/${localpart}:example.org`)).toStrictEqual({ kind: 'user', userId: `@${localpart}:example.org` });
    expect(parseMatrixLink(`matrix:u/${localpart}a:example.org`)).toBeNull();
  });

  it('counts an alias in UTF-8 bytes, not characters', () => {
    // 1 + 2 × 121 + 12 = 255 bytes in 134 characters; one more é makes 257.
    const fits = `#${'é'.repeat(121)}:example.org`;
    expect(parseMatrixLink(`matrix:r/${encodeURIComponent(fits.slice(1))}`)).toStrictEqual({ kind: 'alias', alias: fits, via: [] });
    expect(parseMatrixLink(`matrix:r/${encodeURIComponent(`é${fits.slice(1)}`)}`)).toBeNull();
  });

  it('refuses a room or event ID over 255 bytes', () => {
    expect(parseMatrixLink(`matrix:roomid/${'a'.repeat(254)}`)).not.toBeNull();
    expect(parseMatrixLink(`matrix:roomid/${'a'.repeat(255)}`)).toBeNull();
    expect(parseMatrixLink(`https://matrix.to/#/!a:example.org/$${'e'.repeat(254)}`)).not.toBeNull();
    expect(parseMatrixLink(`https://matrix.to/#/!a:example.org/$${'e'.repeat(255)}`)).toBeNull();
  });
});

describe('parseMatrixLink refuses', () => {
  it.each([
    // Other schemes and hosts.
    ['an empty string', ''],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a javascript: URL mentioning matrix:', 'javascript:alert("matrix:r/a:example.org")'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a file: URL', 'file:///etc/passwd'],
    ['matrix.to over plain http', 'http://matrix.to/#/#a:example.org'],
    ['a look-alike host with matrix.to as a prefix', 'https://matrix.to.evil.example/#/#a:example.org'],
    ['matrix.to hidden in another host’s fragment', 'https://evil.example/#/matrix.to/#/#a:example.org'],
    ['userinfo before matrix.to', 'https://user@matrix.to/#/#a:example.org'],
    ['userinfo that looks like matrix.to', 'https://matrix.to@evil.example/#/#a:example.org'],
    ['a port on matrix.to', 'https://matrix.to:443/#/#a:example.org'],
    ['a path before the matrix.to fragment', 'https://matrix.to/evil/#/#a:example.org'],
    ['a query before the matrix.to fragment', 'https://matrix.to/?x=1#/#a:example.org'],
    ['a matrix.to fragment without its slash', 'https://matrix.to/#%23a:example.org'],
    ['an empty matrix.to fragment', 'https://matrix.to/#/'],
    ['a long s posing as the s of https', 'httpſ://matrix.to/#/#a:example.org'],
    ['a dotted capital I posing as the i of matrix', 'matrİx:r/a:example.org'],
    ['input over 2048 characters', `matrix:r/a:example.org?x=${'y'.repeat(2048)}`],
    // Whitespace, control and invisible characters, raw or encoded.
    ['a leading space', ' matrix:r/a:example.org'],
    ['a trailing newline', 'matrix:r/a:example.org\n'],
    ['a tab inside the server name', 'matrix:r/a:exa\tmple.org'],
    ['a C1 control character (NEL)', 'matrix:r/a:example.org\u0085'],
    ['a zero-width space', 'matrix:r/a\u200b:example.org'],
    ['a raw lone surrogate', 'matrix:r/a\ud800:example.org'],
    ['an encoded newline', 'matrix:r/a%0A:example.org'],
    ['an encoded NUL', 'matrix:r/a%00:example.org'],
    ['an encoded space', 'matrix:r/a%20b:example.org'],
    ['an encoded right-to-left override', 'matrix:r/a%E2%80%AE:example.org'],
    ['an encoded NUL in an unknown query value', 'matrix:r/a:example.org?foo=%00'],
    ['an encoded newline in a matrix.to via', 'https://matrix.to/#/#a:example.org?via=example.org%0A'],
    // Percent-decoding errors and double encoding.
    ['an invalid escape', 'matrix:r/a%ZZ:example.org'],
    ['a truncated escape', 'matrix:r/a%:example.org'],
    ['an escape of a UTF-16 surrogate', 'matrix:r/a%ED%A0%80:example.org'],
    ['an invalid escape in the query', 'matrix:r/a:example.org?via=%zz'],
    ['a double-encoded sigil', 'matrix:r/%2523a:example.org'],
    ['a double-encoded matrix.to identifier', 'https://matrix.to/#/%2523a%253Aexample.org'],
    ['a double-encoded slash in an event ID', 'matrix:roomid/a:example.org/e/b%252Fc'],
    ['an encoded query separator merged into the ID', 'https://matrix.to/#/%40alice%3Aexample.org%3Fvia%3Dx'],
    ['an encoded slash merging the event into the room ID', 'https://matrix.to/#/!a:example.org%2F%24ev'],
    // Sigils.
    ['a sigil written into a matrix: alias', 'matrix:r/%23a:example.org'],
    ['a user sigil written into a matrix: user', 'matrix:u/@alice:example.org'],
    ['an alias passed off as a user', 'matrix:u/#alice:example.org'],
    ['an event sigil written into a matrix: event', 'matrix:roomid/a:example.org/e/%24ev'],
    ['a bare event ID on matrix.to', 'https://matrix.to/#/$event:example.org'],
    ['a community (group) ID on matrix.to', 'https://matrix.to/#/+group:example.org'],
    ['a matrix.to identifier without a sigil', 'https://matrix.to/#/alice:example.org'],
    ['a matrix.to event without its sigil', 'https://matrix.to/#/!a:example.org/event'],
    ['a room ID with a `$` in it', 'matrix:roomid/a%24b:example.org'],
    // Server names and localparts.
    ['an alias without a server', 'matrix:r/a'],
    ['an alias with an empty server', 'matrix:r/a:'],
    ['a user without a server', 'https://matrix.to/#/@alice'],
    ['an empty user localpart', 'matrix:u/:example.org'],
    ['an empty alias localpart', 'https://matrix.to/#/#:example.org'],
    ['an underscore in the server name', 'matrix:u/alice:exa_mple.org'],
    ['a dot-segment server name', 'matrix:u/alice:..'],
    ['an out-of-range port', 'matrix:u/alice:example.org:99999'],
    ['an unclosed IPv6 literal', 'matrix:u/alice:[::1'],
    ['a path after the server name', 'https://matrix.to/#/#a:example.org/../../x'],
    ['a fragment glued to the server name', 'https://matrix.to/#/#a:example.org#b'],
    ['a non-ASCII user localpart', 'matrix:u/al%C3%A9:example.org'],
    ['an empty matrix: ID', 'matrix:r/'],
    // Path shape.
    ['a bare matrix: scheme', 'matrix:'],
    ['an unknown matrix: kind', 'matrix:group/a:example.org'],
    ['the deprecated `user` spelling', 'matrix:user/alice:example.org'],
    ['an upper-case kind', 'matrix:R/a:example.org'],
    ['an authority, which the spec reserves', 'matrix://example.org/r/a:example.org'],
    ['an absolute path', 'matrix:/r/a:example.org'],
    ['a fragment, which the spec reserves', 'matrix:r/a:example.org#/e/ev'],
    ['a trailing slash', 'matrix:r/a:example.org/'],
    ['an extra path segment', 'matrix:roomid/a/b'],
    ['an empty event ID', 'matrix:roomid/a:example.org/e/'],
    ['an unknown second kind', 'matrix:roomid/a:example.org/x/ev'],
    ['segments after the event', 'matrix:roomid/a:example.org/e/ev/extra'],
    ['an event under a user', 'matrix:u/alice:example.org/e/ev'],
    ['an event under a matrix.to user', 'https://matrix.to/#/@alice:example.org/$ev'],
    ['segments after a matrix.to event', 'https://matrix.to/#/!a:example.org/$e/extra'],
    // Query values.
    ['an unknown action', 'matrix:r/a:example.org?action=leave'],
    ['action=chat on a room', 'matrix:r/a:example.org?action=chat'],
    ['action=join on a user', 'matrix:u/alice:example.org?action=join'],
    ['conflicting actions', 'matrix:r/a:example.org?action=join&action=chat'],
    ['an upper-case action', 'matrix:r/a:example.org?action=JOIN'],
    ['an empty via', 'matrix:r/a:example.org?via='],
    ['a via without a value', 'matrix:r/a:example.org?via'],
    ['a via with a path', 'matrix:r/a:example.org?via=evil.example/path'],
    ['a URL as a via', 'matrix:r/a:example.org?via=https://evil.example'],
    ['one bad via among good ones', 'matrix:r/a:example.org?via=good.example&via=..'],
    ['a bad via on a user link', 'matrix:u/alice:example.org?via=bad_server'],
    ['a bad via on matrix.to', 'https://matrix.to/#/#a:example.org?via=bad_server'],
  ])('%s', (_attack, input) => {
    expect(parseMatrixLink(input)).toBeNull();
  });

  it.each([null, undefined, 42, {}, ['matrix:r/a:example.org'], { toString: () => 'matrix:r/a:example.org' }])(
    'the non-string %s',
    (input) => {
      expect(parseMatrixLink(input as unknown as string)).toBeNull();
    },
  );
});

describe('query keys that name Object.prototype members', () => {
  it('are ignored like any unknown key and pollute nothing', () => {
    const link = parseMatrixLink('matrix:r/a:example.org?__proto__=x&constructor=y');
    expect(link).toStrictEqual({ kind: 'alias', alias: '#a:example.org', via: [] });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('cannot reach the prototype through bracketed or encoded keys either', () => {
    const input = 'matrix:r/a:example.org?__proto__[polluted]=1&constructor[prototype][polluted]=1&%5F%5Fproto%5F%5F=1&via=b.example';
    expect(parseMatrixLink(input)).toStrictEqual({ kind: 'alias', alias: '#a:example.org', via: ['b.example'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseMatrixLink on random input', () => {
  /** mulberry32: tiny, seeded, and the same sequence on every run. */
  function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  // Single characters to hit the edges, and whole tokens so some strings get deep into the parser.
  const pieces = [
    ...'%:/#@!$?&=+.-_~ \t\n\u0000\u202eaAbezZ0123F[]é\ud800',
    ...['matrix:', 'MATRIX:', 'https://matrix.to/#/', 'r/', 'u/', 'roomid/', '/e/', 'example.org', ':8448'],
    ...['%23', '%2F', '%25', '%3A', '%40', '%24', '%E2%80', 'via=', 'action=', 'join', 'chat', '__proto__', '[::1]'],
  ];

  // Valid links to mutate, so that many inputs get past the prefix and into the ID checks.
  const seeds = [
    'matrix:r/a:example.org?via=b.example&action=join',
    'matrix:roomid/abc:example.org/e/ev?via=[::1]:8448',
    'matrix:u/alice:example.org?action=chat',
    'https://matrix.to/#/%23a%3Aexample.org/%24ev?via=example.org',
    'https://matrix.to/#/!abc/$ev:example.org',
  ];

  function randomInput(random: () => number): string {
    const pick = (): string => pieces[Math.floor(random() * pieces.length)] ?? '';
    if (random() < 0.5) {
      let input = random() < 0.5 ? (random() < 0.5 ? 'matrix:' : 'https://matrix.to/#/') : '';
      for (let count = Math.floor(random() * 24); count > 0; count -= 1) input += pick();
      return input;
    }
    let input = seeds[Math.floor(random() * seeds.length)] ?? '';
    for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits -= 1) {
      const at = Math.floor(random() * (input.length + 1));
      const removed = random() < 0.5 ? 1 : 0;
      input = input.slice(0, at) + (random() < 0.8 ? pick() : '') + input.slice(at + removed);
    }
    return input;
  }

  it('never throws and only ever returns null or a well-formed link', () => {
    const random = prng(0x5eed);
    let parsed = 0;
    for (let i = 0; i < 5000; i += 1) {
      const input = randomInput(random);
      let link: MatrixLink | null;
      try {
        link = parseMatrixLink(input);
      } catch (error) {
        throw new Error(`parseMatrixLink threw on ${JSON.stringify(input)}`, { cause: error });
      }
      if (link === null) continue;
      parsed += 1;
      const [id, sigil] = link.kind === 'room' ? [link.roomId, '!'] : link.kind === 'alias' ? [link.alias, '#'] : [link.userId, '@'];
      expect(id.startsWith(sigil), input).toBe(true);
      expect(id, input).not.toMatch(/[\p{C}\p{Z}]/u);
    }
    // Deterministic, so this pins that the corpus really exercises the accepting paths too.
    expect(parsed).toBeGreaterThan(100);
  });
});

describe('findMatrixLinkInArgs', () => {
  it('finds the link in a Windows-style protocol launch', () => {
    const args = ['C:\\Program Files\\Plenum\\Plenum.exe', '--allow-file-access-from-files', 'matrix:r/a:example.org?action=join'];
    expect(findMatrixLinkInArgs(args)).toStrictEqual({ kind: 'alias', alias: '#a:example.org', via: [], action: 'join' });
  });

  it('skips switches even when their value is a link', () => {
    const args = ['/usr/bin/plenum', '--inspect', '--url=matrix:r/evil:example.org', '-matrix:r/evil:example.org', 'https://matrix.to/#/@alice:example.org'];
    expect(findMatrixLinkInArgs(args)).toStrictEqual({ kind: 'user', userId: '@alice:example.org' });
  });

  it('returns the first argument that parses, passing over ones that do not', () => {
    const args = ['plenum', 'matrix:r/broken', 'matrix:u/first:example.org', 'matrix:u/second:example.org'];
    expect(findMatrixLinkInArgs(args)).toStrictEqual({ kind: 'user', userId: '@first:example.org' });
  });

  it('returns null when no argument is a link', () => {
    expect(findMatrixLinkInArgs([])).toBeNull();
    expect(findMatrixLinkInArgs(['/usr/bin/plenum', '--inspect', '.', 'javascript:alert(1)'])).toBeNull();
  });
});

describe('eventPermalink', () => {
  it('builds the link every client opens, which parses back to the same room and event', () => {
    const link = eventPermalink('!abc:example.org', '$ev/ent+1', ['example.org']);
    expect(link).toBe('https://matrix.to/#/!abc%3Aexample.org/%24ev%2Fent%2B1?via=example.org');
    expect(parseMatrixLink(link)).toEqual({ kind: 'room', roomId: '!abc:example.org', eventId: '$ev/ent+1', via: ['example.org'] });
  });
  it('leaves out a via that is no server name, and works for room IDs without one (room version 12)', () => {
    expect(eventPermalink('!opaque', '$e', ['not a server'])).toBe('https://matrix.to/#/!opaque/%24e');
  });
});
