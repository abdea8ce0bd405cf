import { APP_HOST, APP_SCHEME } from '../window/app-protocol-path.ts';

export interface SenderFrameInfo {
  readonly url: string;
  readonly isTopFrame: boolean;
}

/**
 * Only Plenum's own document may use the bridge: the top frame of a page served from app://plenum.
 * Subframes, other schemes and look-alike hosts are refused even though none should exist.
 */
export function isTrustedSender(frame: SenderFrameInfo | null | undefined): boolean {
  if (!frame || frame.isTopFrame !== true || typeof frame.url !== 'string') return false;
  return isAppUrl(frame.url);
}

/** True for URLs on the app origin exactly (no port, no credentials, exact host). */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Node gives custom schemes an opaque "null" origin, so compare the parts instead of `url.origin`.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}
