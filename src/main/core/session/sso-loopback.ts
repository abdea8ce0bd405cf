import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppFailure } from '../../../shared/ipc/result.ts';

/**
 * The loopback redirect of single sign-on (RFC 8252 §7.3, as native OAuth apps do it): a one-shot
 * HTTP listener on 127.0.0.1 and a random port, whose URL the homeserver sends the browser back to
 * with `loginToken` once the identity provider is done. The browser is a separate program, so this
 * is the only way the token can reach Plenum without a custom URL scheme anyone could register.
 *
 * What protects the token: the listener binds to loopback only; the redirect URL carries a random
 * `state` the answer must repeat (an answer without it was not caused by this sign-in and is never
 * used); the Host header must name the listener (a DNS-rebinding page cannot reach it by a name);
 * it takes one answer and closes; and the page it answers with has no references, scripts from
 * elsewhere or referrer, so the token in the URL leaks nowhere.
 */

export interface LoopbackPageText {
  readonly lang: string;
  readonly title: string;
  readonly signedIn: string;
  readonly mismatch: string;
  readonly noToken: string;
  readonly closeTab: string;
}

export interface LoopbackOptions {
  /** How long to wait for the browser before giving up with SSO_TIMEOUT. */
  readonly timeoutMs: number;
  /** Ends the wait with SSO_CANCELLED (the user pressed Cancel in Plenum). */
  readonly signal?: AbortSignal;
  /** The words of the page the browser shows afterwards, in the user's language. */
  readonly text: LoopbackPageText;
}

export interface LoopbackRedirect {
  /** Where the homeserver sends the browser back to: http://127.0.0.1:<port>/sso-callback?state=… */
  readonly redirectUrl: string;
  /** The login token; rejects with SSO_TIMEOUT, SSO_CANCELLED, SSO_STATE_MISMATCH or INTERNAL. */
  readonly loginToken: Promise<string>;
  /** Stops listening (idempotent); a token not yet received is then never accepted. */
  close(): void;
}

const CALLBACK_PATH = '/sso-callback';
// Tokens from Synapse are ~30 characters; anything far longer is not one.
const MAX_TOKEN_LENGTH = 1024;

export async function listenForLoginToken(options: LoopbackOptions): Promise<LoopbackRedirect> {
  const state = randomBytes(32).toString('base64url');
  let settle: { resolve: (token: string) => void; reject: (error: AppFailure) => void } | undefined;
  const loginToken = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be awaiting yet when an early failure comes; the caller still sees it on await.
  loginToken.catch(() => undefined);

  let host = '';
  let done = false;
  const server = createServer((request, response) => handle(request, response));
  server.on('clientError', (_error, socket) => socket.destroy());

  const finish = (outcome: { token: string } | { error: AppFailure }): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if ('token' in outcome) settle?.resolve(outcome.token);
    else settle?.reject(outcome.error);
    // No new connections; the answer page still goes out (its response closes its connection), and
    // whatever else is open (a keep-alive socket, a favicon request) is cut.
    server.close();
    server.closeIdleConnections();
  };

  function handle(request: IncomingMessage, response: ServerResponse): void {
    // A request already in flight on another connection when the answer came.
    if (done) return respond(response, 410, null);
    if (request.headers.host !== host) return respond(response, 421, null);
    if (request.method !== 'GET') return respond(response, 405, null);
    const url = new URL(request.url ?? '/', `http://${host}`);
    // Browsers ask for /favicon.ico and the like; only the callback path is an answer.
    if (url.pathname !== CALLBACK_PATH) return respond(response, 404, null);
    if (!sameSecret(url.searchParams.get('state') ?? '', state)) {
      respond(response, 400, options.text.mismatch);
      finish({ error: new AppFailure('SSO_STATE_MISMATCH', 'the single sign-on answer did not match the request; it was not used') });
      return;
    }
    const token = url.searchParams.get('loginToken') ?? '';
    if (!token || token.length > MAX_TOKEN_LENGTH) {
      respond(response, 400, options.text.noToken);
      finish({ error: new AppFailure('INTERNAL', 'the homeserver sent the browser back without a login token') });
      return;
    }
    respond(response, 200, options.text.signedIn);
    finish({ token });
  }

  function respond(response: ServerResponse, status: number, message: string | null): void {
    const body = message === null ? '' : page(options.text, message);
    response.writeHead(status, {
      'Content-Type': message === null ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src '${CLOSE_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      Connection: 'close',
    });
    response.end(body);
  }

  const onAbort = (): void => finish({ error: new AppFailure('SSO_CANCELLED', 'single sign-on was cancelled') });
  const timer = setTimeout(
    () => finish({ error: new AppFailure('SSO_TIMEOUT', 'no answer came back from the browser in time') }),
    options.timeoutMs,
  );
  timer.unref?.();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  }).catch((error: unknown) => {
    clearTimeout(timer);
    throw new AppFailure('INTERNAL', `could not listen on loopback for single sign-on (${(error as NodeJS.ErrnoException).code ?? 'unknown'})`);
  });
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const redirect = new URL(CALLBACK_PATH, `http://${host}`);
  redirect.searchParams.set('state', state);
  return {
    redirectUrl: redirect.href,
    loginToken,
    close: () => finish({ error: new AppFailure('SSO_CANCELLED', 'single sign-on was stopped') }),
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// The page was opened by the homeserver's redirect, not by script, so most browsers refuse
// window.close(); it is tried, and the text says the tab may be closed.
const CLOSE_SCRIPT = 'window.close();';
const CLOSE_SCRIPT_HASH = `sha256-${createHash('sha256').update(CLOSE_SCRIPT).digest('base64')}`;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(text: LoopbackPageText, message: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(text.lang)}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { display: grid; place-items: center; min-height: 90vh; margin: 0; }
  main { max-width: 28rem; padding: 2rem; text-align: center; line-height: 1.5; }
  h1 { font-size: 1.25rem; margin: 0 0 0.5rem; }
</style>
<main>
  <h1>${escapeHtml(message)}</h1>
  <p>${escapeHtml(text.closeTab)}</p>
</main>
<script>${CLOSE_SCRIPT}</script>
</html>
`;
}
