/**
 * The renderer's Content Security Policy, sent as a response header by the app:// protocol handler
 * (and by the browser harness, which adds its loopback WebSocket to connect-src).
 */

/** The custom scheme through which main serves (and decrypts) Matrix media. */
export const MEDIA_SCHEME = 'plenum-media';

export interface CspOptions {
  /** Extra connect-src origins: only `ws://127.0.0.1:<port>` and plain http(s) origins. */
  readonly connectSrc?: readonly string[];
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const extraConnect = options.connectSrc ?? [];
  for (const source of extraConnect) {
    if (!isAllowedConnectSource(source)) throw new Error(`refusing connect-src entry ${JSON.stringify(source)}`);
  }
  const directives: readonly (readonly string[])[] = [
    ['default-src', "'none'"],
    // Only files served from app://; never 'unsafe-inline', 'unsafe-eval' or 'wasm-unsafe-eval'
    // (WebAssembly runs in main, not here).
    ['script-src', "'self'"],
    // Also no 'unsafe-inline' for styles. Measured in Chromium 156: Svelte 5 sets dynamic styles
    // through the CSSOM (`style.cssText`, `setProperty`) and static `style="…"` attributes arrive by
    // cloning parsed templates; CSP blocks neither. What it does block is `setAttribute('style')` and
    // style attributes in HTML assigned to a live element's innerHTML, the path injected markup would
    // take. Should a dependency ever need inline styles, add `style-src-attr 'unsafe-inline'` (still
    // no <style> elements, and inline scripts never).
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:', `${MEDIA_SCHEME}:`],
    ['media-src', "'self'", 'blob:', `${MEDIA_SCHEME}:`],
    ['font-src', "'self'"],
    // The renderer never talks to a homeserver: everything goes through the bridge.
    ['connect-src', "'self'", ...extraConnect],
    // No worker exists yet; blob: workers would run code that app:// did not serve.
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

const LOOPBACK_WEBSOCKET = /^ws:\/\/127\.0\.0\.1:([1-9][0-9]{0,4})$/;

/**
 * A source expression must be a bare origin: anything else (paths, wildcards, keywords, quotes,
 * spaces, `;`) could widen or break the policy.
 */
export function isAllowedConnectSource(source: string): boolean {
  if (typeof source !== 'string' || source.length > 256) return false;
  const loopback = LOOPBACK_WEBSOCKET.exec(source);
  if (loopback) return Number(loopback[1]) <= 65_535;
  if (!/^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/i.test(source)) return false;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false;
  }
  // The URL parser normalises case, default ports and IDNA; demand the exact canonical origin.
  return url.origin === source && url.hostname !== '' && !url.hostname.startsWith('.') && !url.hostname.endsWith('.');
}
