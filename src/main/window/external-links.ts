/**
 * The one gate in front of `shell.openExternal`. Whatever reaches it (a clicked link, window.open,
 * a navigation attempt) came from the untrusted renderer, and the OS will hand the URL to whatever
 * program claims its scheme, so only web and mail links pass, in canonical form.
 */
import { domainToASCII } from 'node:url';

export const MAX_EXTERNAL_URL_LENGTH = 2048;

export type ExternalUrlRejection =
  | 'not-a-string'
  | 'too-long'
  | 'forbidden-characters'
  | 'unparseable'
  | 'scheme-not-allowed'
  | 'credentials'
  | 'no-host'
  | 'mailto-invalid';

export type ExternalUrlCheck =
  | {
      readonly allowed: true;
      /** The canonical URL to open: what the parser understood, not what the renderer wrote. */
      readonly url: string;
      /** The real destination in ASCII (punycode), for a confirmation that can't be spoofed by look-alikes. */
      readonly displayHost: string;
    }
  | { readonly allowed: false; readonly reason: ExternalUrlRejection };

// Controls (Cc), invisible or direction-changing characters (Cf: bidi overrides, zero-width
// joiners, soft hyphens) and spaces or separators (Z*): they make a URL read differently from where
// it goes. The URL parser would silently drop tabs and newlines instead of refusing them.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Z}]/u;

/** mailto headers a mail client may take from a link. Others (`attach`, `attachment`) have leaked local files. */
const MAILTO_HEADERS: ReadonlySet<string> = new Set(['to', 'cc', 'bcc', 'subject', 'body', 'in-reply-to']);

export function checkExternalUrl(raw: unknown): ExternalUrlCheck {
  if (typeof raw !== 'string') return deny('not-a-string');
  if (raw.length > MAX_EXTERNAL_URL_LENGTH) return deny('too-long');
  if (FORBIDDEN_CHARACTERS.test(raw)) return deny('forbidden-characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return deny('unparseable');
  }
  switch (url.protocol) {
    case 'https:':
    case 'http:':
      return checkWebUrl(url);
    case 'mailto:':
      return checkMailtoUrl(url);
    default:
      return deny('scheme-not-allowed');
  }
}

function checkWebUrl(url: URL): ExternalUrlCheck {
  // `https://bank.example@evil.example` opens evil.example; no legitimate chat link needs credentials.
  if (url.username !== '' || url.password !== '') return deny('credentials');
  // For http(s) the parser has already applied IDNA, so `hostname` is ASCII.
  if (url.hostname === '') return deny('no-host');
  return finish(url.href, url.hostname);
}

function checkMailtoUrl(url: URL): ExternalUrlCheck {
  for (const key of url.searchParams.keys()) {
    if (!MAILTO_HEADERS.has(key.toLowerCase())) return deny('mailto-invalid');
  }
  let recipients: string;
  try {
    recipients = decodeURIComponent(url.pathname);
  } catch {
    return deny('mailto-invalid');
  }
  if (FORBIDDEN_CHARACTERS.test(recipients)) return deny('forbidden-characters');
  const hosts: string[] = [];
  for (const address of recipients.split(',')) {
    const at = address.lastIndexOf('@');
    if (at <= 0) return deny('mailto-invalid');
    const host = domainToASCII(address.slice(at + 1));
    if (host === '') return deny('mailto-invalid');
    hosts.push(host);
  }
  return finish(url.href, [...new Set(hosts)].join(', '));
}

function finish(href: string, displayHost: string): ExternalUrlCheck {
  // Canonicalisation can grow a URL (percent-encoding), so check the length again.
  if (href.length > MAX_EXTERNAL_URL_LENGTH) return deny('too-long');
  return { allowed: true, url: href, displayHost };
}

const deny = (reason: ExternalUrlRejection): ExternalUrlCheck => ({ allowed: false, reason });
