/**
 * `mxc://` URIs, validated against the Matrix spec's grammar before any part of one reaches a URL
 * or a file name. Event content is written by other people's clients, so a server name or media
 * ID is hostile input until proven otherwise: `..` in a server name or `/` in a media ID would
 * otherwise walk the request off the media endpoint (onto /account/whoami, say) with our token.
 *
 * Deliberately free of Node and Electron imports, so the renderer's HTML sanitiser can share it
 * if it ever moves to src/shared.
 *
 * Stricter than the grammar in four places, each noted where it happens: the scheme must be
 * lowercase, DNS labels may not be empty, an all-numeric host must be a real IPv4 address, and
 * port 0 is refused.
 */

export interface MxcParts {
  readonly serverName: string;
  readonly mediaId: string;
}

const SCHEME = 'mxc://';
const MAX_HOSTNAME_LENGTH = 255;
const MAX_MEDIA_ID_LENGTH = 255;
// `[` + 45 + `]` or a 255-character name, plus `:65535`; anything longer is refused unread.
const MAX_URI_LENGTH = SCHEME.length + MAX_HOSTNAME_LENGTH + 6 + 1 + MAX_MEDIA_ID_LENGTH;

const MEDIA_ID = /^[A-Za-z0-9_-]+$/;
const DNS_LABEL = /^[A-Za-z0-9-]{1,63}$/;
const NUMERIC_HOST = /^[0-9.]+$/;
const IPV4 = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]{2,45}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const PORT = /^[0-9]{1,5}$/;

/**
 * Splits an `mxc://` URI into its server name and media ID, or returns null for anything that is
 * not exactly one. The scheme is matched case-sensitively (`MXC://` is refused): RFC 3986 calls
 * schemes case-insensitive, but the spec writes `mxc://`, matrix-js-sdk and Synapse only accept
 * that spelling, and one spelling per media item keeps cache keys unambiguous.
 */
export function parseMxcUri(raw: unknown): MxcParts | null {
  if (typeof raw !== 'string' || raw.length > MAX_URI_LENGTH || !raw.startsWith(SCHEME)) return null;
  const rest = raw.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const serverName = rest.slice(0, slash);
  const mediaId = rest.slice(slash + 1);
  return isValidServerName(serverName) && isValidMediaId(mediaId) ? { serverName, mediaId } : null;
}

/** The canonical string for validated parts; throws on parts that parseMxcUri would not return. */
export function formatMxcUri(parts: MxcParts): string {
  if (!isValidMxcParts(parts)) throw new TypeError('not a valid mxc server name and media ID');
  return `${SCHEME}${parts.serverName}/${parts.mediaId}`;
}

export function isValidMxcParts(parts: MxcParts): boolean {
  return typeof parts === 'object' && parts !== null && isValidServerName(parts.serverName) && isValidMediaId(parts.mediaId);
}

/** `[A-Za-z0-9_-]+`, at most 255 characters: no dots, slashes, percent signs or whitespace. */
export function isValidMediaId(mediaId: unknown): mediaId is string {
  return typeof mediaId === 'string' && mediaId.length <= MAX_MEDIA_ID_LENGTH && MEDIA_ID.test(mediaId);
}

/** `hostname [ ":" port ]` where hostname is IPv4, `[IPv6]` or a DNS name (spec appendix). */
export function isValidServerName(serverName: unknown): serverName is string {
  if (typeof serverName !== 'string' || serverName === '') return false;
  let hostname: string;
  let port: string | undefined;
  if (serverName.startsWith('[')) {
    const close = serverName.indexOf(']');
    if (close < 0) return false;
    hostname = serverName.slice(0, close + 1);
    const after = serverName.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return false;
      port = after.slice(1);
    }
    if (!isIpv6Address(hostname.slice(1, -1))) return false;
  } else {
    const parts = serverName.split(':');
    if (parts.length > 2) return false;
    hostname = parts[0] ?? '';
    port = parts[1];
    if (!isDnsNameOrIpv4(hostname)) return false;
  }
  return port === undefined || isValidPort(port);
}

function isValidPort(port: string): boolean {
  // The grammar allows "0"; nothing can listen there, so it only ever names a bogus server.
  return PORT.test(port) && Number(port) >= 1 && Number(port) <= 65_535;
}

function isDnsNameOrIpv4(hostname: string): boolean {
  if (hostname.length === 0 || hostname.length > MAX_HOSTNAME_LENGTH) return false;
  // The grammar's dns-name would take "999.1.1.1" or "1.2.3"; URL parsers read such hosts as
  // (different) IPv4 numbers, so an all-numeric host has to be a real dotted quad.
  if (NUMERIC_HOST.test(hostname)) return isIpv4Address(hostname);
  // The grammar's dns-name is any run of [A-Za-z0-9.-], which includes "..", "." and ".a.";
  // labels must be non-empty so a server name can never be a dot segment.
  return hostname.split('.').every((label) => DNS_LABEL.test(label));
}

function isIpv4Address(text: string): boolean {
  const match = IPV4.exec(text);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}

/** RFC 4291 text form without zone IDs (the grammar has no `%`), optionally ending in IPv4. */
function isIpv6Address(text: string): boolean {
  if (!IPV6_CHARS.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const groups = [...groupsOf(halves[0] ?? ''), ...groupsOf(halves[1] ?? '')];
  let count = groups.length;
  const last = groups.at(-1);
  if (last !== undefined && last.includes('.')) {
    // An embedded IPv4 address may only be the final 32 bits.
    if (!text.endsWith(last) || !isIpv4Address(last)) return false;
    groups.pop();
    count += 1;
  }
  if (!groups.every((group) => HEX_GROUP.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}
