/**
 * Matrix deep links: `matrix:` URIs and `https://matrix.to/#/…` permalinks, parsed into a room,
 * alias or user to open. Both arrive from places nobody vetted: the OS hands us whatever a web page
 * or another program launched us with, and permalinks sit in messages that other people wrote. A
 * link can make the client join a room or open a DM, so anything that is not exactly one of the
 * spec's shapes is refused (null) rather than repaired: no trimming, no guessing at sigils, no
 * second round of decoding, and a bad `via` drops the whole link instead of being skipped.
 *
 * Deliberately free of Node, Electron and matrix-js-sdk imports: main (protocol launches, second
 * instance) and the renderer (clicked permalinks) must agree on what a link means.
 *
 * Stricter than the spec in a few places, each noted where it happens.
 */
import { isValidServerName } from '../matrix/mxc-uri.ts';

export type MatrixLink =
  | { readonly kind: 'room'; readonly roomId: string; readonly via: readonly string[]; readonly eventId?: string; readonly action?: 'join' }
  | { readonly kind: 'alias'; readonly alias: string; readonly via: readonly string[]; readonly eventId?: string; readonly action?: 'join' }
  | { readonly kind: 'user'; readonly userId: string; readonly action?: 'chat' };

type Kind = MatrixLink['kind'];
type Query = ReadonlyMap<string, readonly string[]>;

// Far beyond any real link (IDs are at most 255 bytes), and it bounds the work done on junk.
const MAX_INPUT_LENGTH = 2048;
const MAX_ID_BYTES = 255;
const MATRIX_SCHEME = 'matrix:';
const MATRIX_TO = 'https://matrix.to/#/';

// Control, format (bidi overrides, zero-width), private-use, unassigned and lone-surrogate code
// points, plus every space and line separator: none belongs in an ID, and most exist to make a
// link look like something it is not. Covers all of `\s`.
const INVISIBLE = /[\p{C}\p{Z}]/u;
// A decoded part that still holds an escape was encoded twice (`%2523` → `%23`); decoding again
// would let a sigil or `/` slip past the checks made on the first decoding.
const STILL_ENCODED = /%[0-9A-Fa-f]{2}/;
// What servers actually put in room and event IDs; see src/main/core/media/matrix-ids.ts.
const OPAQUE = /^[A-Za-z0-9._~+/=-]+$/;
// The historical user ID grammar: printable ASCII except `:`.
const USER_LOCALPART = /^[\x21-\x39\x3B-\x7E]+$/;
// Any code point but `:` and NUL, per the spec; the invisible ones are refused as above.
const ALIAS_LOCALPART = /^[^:\p{C}\p{Z}]+$/u;
const SIGIL = /^[#!@$+]/;
const ASCII_UPPER = /[A-Z]/g;

export function parseMatrixLink(input: string): MatrixLink | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH || INVISIBLE.test(input)) return null;
  if (startsWithCaseless(input, MATRIX_SCHEME)) return parseMatrixUri(input.slice(MATRIX_SCHEME.length));
  if (startsWithCaseless(input, MATRIX_TO)) return parseMatrixTo(input.slice(MATRIX_TO.length));
  return null;
}

/** The first argument that is a Matrix deep link (what the OS passes on a protocol launch or to the second instance), or null. */
export function findMatrixLinkInArgs(args: readonly string[]): MatrixLink | null {
  for (const arg of args) {
    // Chromium and Node switches (`--inspect`, `--allow-file-access-from-files`) may carry a
    // link-shaped value; only a bare argument is what the OS launched us with.
    if (typeof arg !== 'string' || arg.startsWith('-')) continue;
    const link = parseMatrixLink(arg);
    if (link !== null) return link;
  }
  return null;
}

/** `{type}/{id without sigil}[/e/{event id without sigil}][?{query}]` (spec appendix, "matrix URI scheme"). */
function parseMatrixUri(rest: string): MatrixLink | null {
  // The spec reserves the authority (`matrix://…`) and the fragment for future use; a link that
  // uses them means something we cannot know, so it is refused rather than half-followed.
  if (rest.startsWith('/') || rest.includes('#')) return null;
  const [path, rawQuery = ''] = splitOnce(rest, '?');
  // Type qualifiers are compared undecoded and case-sensitively, and the spec's deprecated
  // `user`, `room` and `event` spellings are not accepted: one spelling per meaning.
  const segments = path.split('/');
  if (segments.length !== 2 && !(segments.length === 4 && segments[2] === 'e')) return null;
  const id = decodeId(segments[1] ?? '');
  const event = segments.length === 4 ? decodeId(segments[3] ?? '') : undefined;
  // The ID is written without its sigil; one that brings its own (`u/@alice…`, `u/#alice…`) is
  // either confused or trying to pass one kind of ID off as another.
  if (id === null || event === null || SIGIL.test(id) || (event !== undefined && SIGIL.test(event))) return null;
  const eventId = event === undefined ? undefined : `$${event}`;
  const query = parseQuery(rawQuery);
  switch (segments[0]) {
    case 'r':
      return toLink('alias', `#${id}`, eventId, query, true);
    case 'roomid':
      return toLink('room', `!${id}`, eventId, query, true);
    case 'u':
      return toLink('user', `@${id}`, eventId, query, true);
    default:
      return null;
  }
}

/** `{identifier}[/{event id}][?via=…]` after `https://matrix.to/#/`, each segment encoded or not. */
function parseMatrixTo(fragment: string): MatrixLink | null {
  const [path, rawQuery = ''] = splitOnce(fragment, '?');
  // Split before decoding: an event ID may contain an encoded `/` (room version 3).
  const segments = path.split('/');
  if (segments.length > 2) return null;
  const id = decodeId(segments[0] ?? '');
  const eventId = segments.length === 2 ? decodeId(segments[1] ?? '') : undefined;
  if (id === null || eventId === null) return null;
  // matrix.to defines only `via`; an `action` there is ignored, never honoured, so that a pasted
  // permalink cannot join a room by itself.
  const query = parseQuery(rawQuery);
  switch (id[0]) {
    case '#':
      return toLink('alias', id, eventId, query, false);
    case '!':
      return toLink('room', id, eventId, query, false);
    case '@':
      return toLink('user', id, eventId, query, false);
    default:
      return null;
  }
}

function toLink(kind: Kind, id: string, eventId: string | undefined, query: Query | null, honourAction: boolean): MatrixLink | null {
  if (query === null) return null;
  const via = [...new Set(query.get('via') ?? [])];
  if (!via.every((server) => isValidServerName(server))) return null;
  const actions = new Set(honourAction ? query.get('action') : undefined);
  if (actions.size > 1) return null;
  const [action] = actions;
  if (kind === 'user') {
    // `via` is validated above even here, but only rooms have a use for it.
    if (eventId !== undefined || !isValidUserId(id) || (action !== undefined && action !== 'chat')) return null;
    const chat: { readonly action?: 'chat' } = action === undefined ? {} : { action };
    return { kind, userId: id, ...chat };
  }
  if (action !== undefined && action !== 'join') return null;
  if (eventId !== undefined && !isValidOpaqueId('$', eventId)) return null;
  const extras: { readonly eventId?: string; readonly action?: 'join' } = {
    ...(eventId === undefined ? {} : { eventId }),
    ...(action === undefined ? {} : { action }),
  };
  if (kind === 'room') return isValidOpaqueId('!', id) ? { kind, roomId: id, via, ...extras } : null;
  return isValidAliasOrUser('#', ALIAS_LOCALPART, id) ? { kind, alias: id, via, ...extras } : null;
}

/**
 * Query pairs by key, every value kept so duplicates can be seen. Not URLSearchParams: src/shared
 * is type-checked against plain ES2023, and URLSearchParams quietly keeps malformed escapes where
 * this refuses them. A Map holds `__proto__` and `constructor` as ordinary keys, and only `via`
 * and `action` are ever read back, so unknown keys (which the spec says to ignore) are inert.
 */
function parseQuery(raw: string): Query | null {
  const query = new Map<string, string[]>();
  for (const pair of raw === '' ? [] : raw.split('&')) {
    const [rawKey, rawValue = ''] = splitOnce(pair, '=');
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === null || value === null) return null;
    query.set(key, [...(query.get(key) ?? []), value]);
  }
  return query;
}

function decodeId(raw: string): string | null {
  const decoded = decode(raw);
  return decoded === null || STILL_ENCODED.test(decoded) ? null : decoded;
}

/** One round of percent-decoding; null for a malformed escape or an invisible code point. */
function decode(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return INVISIBLE.test(decoded) ? null : decoded;
}

/** `!opaque[:server]` or `$opaque[:server]`: the server part is gone from room version 12 room IDs and version 3 event IDs on. */
function isValidOpaqueId(sigil: '!' | '$', id: string): boolean {
  if (!id.startsWith(sigil) || utf8Length(id) > MAX_ID_BYTES) return false;
  const [opaque, server] = splitOnce(id.slice(1), ':');
  return OPAQUE.test(opaque) && (server === undefined || isValidServerName(server));
}

function isValidUserId(id: string): boolean {
  return isValidAliasOrUser('@', USER_LOCALPART, id);
}

/** `@localpart:server` or `#localpart:server`, where the server part is required. */
function isValidAliasOrUser(sigil: '@' | '#', localpart: RegExp, id: string): boolean {
  if (!id.startsWith(sigil) || utf8Length(id) > MAX_ID_BYTES) return false;
  const [local, server] = splitOnce(id.slice(1), ':');
  return localpart.test(local) && server !== undefined && isValidServerName(server);
}

/** The spec's 255 limit is in bytes of UTF-8, which only alias localparts can make differ from length. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Schemes and host names are case-insensitive, but only in ASCII: Unicode-aware folding (a `/iu`
 * regex, say) would let `ſ` (long s) pass for `s` in `httpſ://matrix.to`.
 */
function startsWithCaseless(input: string, prefix: string): boolean {
  const head = input.slice(0, prefix.length).replace(ASCII_UPPER, (c) => c.toLowerCase());
  return head === prefix;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * A matrix.to permalink to one event, as every Matrix client opens it. `via` names servers that
 * can route a stranger into the room (the spec's advice: the sender's own server at least).
 */
export function eventPermalink(roomId: string, eventId: string, via: readonly string[]): string {
  const servers = via.filter(isValidServerName).map((server) => `via=${encodeURIComponent(server)}`);
  return `${MATRIX_TO}${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}${servers.length > 0 ? `?${servers.join('&')}` : ''}`;
}
