/**
 * What a media response's headers may tell the app. The uploader chose the Content-Type and the
 * file name; the homeserver passes them on. Both are untrusted: a `text/html` or `image/svg+xml`
 * served from the media scheme would be a document with script in it, and a file name can carry
 * path separators, control characters or bidi overrides that disguise `exe` as `gpj`.
 */

/**
 * Types the renderer may show inline (Synapse's inline list minus the text formats that browsers
 * render as documents or scripts: css, csv, json). Images Chromium decodes as images only; the
 * codecs in `<video>`/`<audio>`; plain text, which the protocol handler must serve with
 * `X-Content-Type-Options: nosniff` so it is never sniffed into HTML.
 */
const INLINE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/apng',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
  'audio/mp4',
  'audio/webm',
  'audio/aac',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/wave',
  'audio/x-wav',
  'audio/x-pn-wav',
  'audio/flac',
  'audio/x-flac',
  'text/plain',
  'application/octet-stream',
]);

export const OPAQUE_CONTENT_TYPE = 'application/octet-stream';
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CHARSET = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_FILE_NAME_LENGTH = 255;

/**
 * The allowlisted media type, lowercased and without parameters (text/plain keeps a well-formed
 * charset); anything else, unknown or malformed, becomes application/octet-stream, which no
 * browser renders as a document.
 */
export function sanitizeContentType(raw: string | null | undefined): string {
  if (typeof raw !== 'string') return OPAQUE_CONTENT_TYPE;
  const [essence = '', ...parameters] = raw.split(';');
  const type = essence.trim().toLowerCase();
  if (!INLINE_TYPES.has(type)) return OPAQUE_CONTENT_TYPE;
  if (type !== 'text/plain') return type;
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim());
    const charset = value.replace(/^"(.*)"$/, '$1');
    if (name.toLowerCase() === 'charset' && CHARSET.test(charset)) return `text/plain; charset=${charset.toLowerCase()}`;
  }
  return type;
}

/**
 * The file name a Content-Disposition header suggests (RFC 6266: `filename*` preferred over
 * `filename`), reduced to a harmless display name; undefined when absent, malformed or empty after
 * cleaning. Whoever saves the file must still choose the directory and handle collisions.
 */
export function parseContentDispositionFileName(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  const parameters = parseParameters(raw);
  if (parameters === undefined) return undefined;
  const extended = parameters.get('filename*');
  const decoded = extended === undefined ? undefined : decodeExtendedValue(extended);
  const name = decoded ?? parameters.get('filename');
  return name === undefined ? undefined : sanitizeFileName(name);
}

export function sanitizeFileName(name: string): string | undefined {
  const base = name.split(/[/\\]/).at(-1) ?? '';
  const cleaned = base
    // C0/C1 controls, and the bidi marks, embeddings, overrides and isolates of "RTLO" spoofing.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .normalize('NFC')
    .trim()
    // No hidden files and nothing that is only dots.
    .replace(/^\.+/, '');
  if (cleaned === '') return undefined;
  return Array.from(cleaned).slice(0, MAX_FILE_NAME_LENGTH).join('');
}

/**
 * `type *( ";" name "=" ( token / quoted-string ) )` with names lowercased. A repeated parameter
 * makes the header ambiguous (two parsers could pick different names), so it is refused whole.
 */
function parseParameters(header: string): Map<string, string> | undefined {
  const parameters = new Map<string, string>();
  const segments = splitOutsideQuotes(header);
  if (segments === undefined) return undefined;
  for (const segment of segments.slice(1)) {
    if (segment.trim() === '') continue;
    const equals = segment.indexOf('=');
    if (equals < 0) return undefined;
    const name = segment.slice(0, equals).trim().toLowerCase();
    const rawValue = segment.slice(equals + 1).trim();
    if (!TOKEN.test(name) || parameters.has(name)) return undefined;
    const value = rawValue.startsWith('"') ? unquote(rawValue) : TOKEN.test(rawValue) ? rawValue : undefined;
    if (value === undefined) return undefined;
    parameters.set(name, value);
  }
  return parameters;
}

function splitOutsideQuotes(header: string): string[] | undefined {
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < header.length; index += 1) {
    const char = header[index] ?? '';
    if (quoted && char === '\\') {
      current += char + (header[index + 1] ?? '');
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ';' && !quoted) {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (quoted) return undefined;
  segments.push(current);
  return segments;
}

function unquote(value: string): string | undefined {
  const match = /^"((?:[^"\\]|\\.)*)"$/s.exec(value);
  return match === null ? undefined : (match[1] ?? '').replace(/\\(.)/gs, '$1');
}

/** RFC 8187 `charset'language'pct-encoded`; UTF-8 and ISO-8859-1 only, as the RFC requires. */
function decodeExtendedValue(value: string): string | undefined {
  const match = /^([A-Za-z0-9!#$&+^_`{}~-]+)'[A-Za-z0-9-]*'((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9!#$&+.^_`|~-])*)$/.exec(value);
  if (match === null) return undefined;
  const charset = (match[1] ?? '').toLowerCase();
  const bytes = Buffer.from((match[2] ?? '').replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  if (charset === 'iso-8859-1') return bytes.toString('latin1');
  if (charset !== 'utf-8') return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
