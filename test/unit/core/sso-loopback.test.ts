import { createHash } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { type IncomingHttpHeaders, request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LoopbackOptions, type LoopbackPageText, type LoopbackRedirect, listenForLoginToken } from '../../../src/main/core/session/sso-loopback.ts';
import { SSO_PAGE_TEXT } from '../../../src/main/core/session/sso-page-text.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';

/** Every text has a character HTML must escape, so an unescaped page shows in every assertion. */
const TEXT: LoopbackPageText = {
  lang: 'en"x',
  title: "Plenum's <title>",
  signedIn: 'Signed <b>in</b> & "done"',
  mismatch: 'Not <i>ours</i> & "unused"',
  noToken: 'No <u>token</u> & "nothing"',
  closeTab: 'Close <em>this</em> tab & "go"',
};

const escaped = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP request to the listener, one connection each, with an optional Host header of our choosing. */
function send(url: string, init: { method?: string; host?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        agent: false,
        headers: init.host === undefined ? {} : { host: init.host },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const open: LoopbackRedirect[] = [];

async function listen(extra: Partial<LoopbackOptions> = {}): Promise<LoopbackRedirect> {
  const loopback = await listenForLoginToken({ timeoutMs: 30_000, text: TEXT, ...extra });
  open.push(loopback);
  return loopback;
}

afterEach(() => {
  for (const loopback of open.splice(0)) loopback.close();
});

/** The redirect URL with query parameters set (or, with null, removed). */
function withParams(redirectUrl: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUrl);
  for (const [name, value] of Object.entries(params)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.href;
}

const stateOf = (redirectUrl: string): string => new URL(redirectUrl).searchParams.get('state') ?? '';

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error: unknown = await promise.then(
    (value) => ({ resolvedWith: value }),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

/** Whether a promise has settled by the time already-queued callbacks ran. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((resolve) => setTimeout(() => resolve(pending), 0)),
  ]);
  return first !== pending;
}

async function expectRefused(url: string): Promise<void> {
  await expect(send(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
}

describe('listenForLoginToken: the redirect URL', () => {
  it('is the callback path on 127.0.0.1 with a 256-bit base64url state', async () => {
    const { redirectUrl } = await listen();
    expect(redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d{1,5}\/sso-callback\?state=[A-Za-z0-9_-]{43}$/);
    const url = new URL(redirectUrl);
    expect(Number(url.port)).toBeGreaterThan(0);
    expect([...url.searchParams.keys()]).toEqual(['state']);
  });

  it('differs in state and port between two listeners', async () => {
    const first = await listen();
    const second = await listen();
    expect(stateOf(first.redirectUrl)).not.toBe(stateOf(second.redirectUrl));
    expect(new URL(first.redirectUrl).port).not.toBe(new URL(second.redirectUrl).port);
  });

  it('is served: the listener answers on that port before any token came', async () => {
    const { redirectUrl } = await listen();
    const answer = await send(new URL('/', redirectUrl).href);
    expect(answer.status).toBe(404);
  });
});

describe('listenForLoginToken: the answer from the browser', () => {
  it('delivers the login token and answers with a page that says so', async () => {
    const loopback = await listen();
    const answer = await send(`${loopback.redirectUrl}&loginToken=abc`);
    await expect(loopback.loginToken).resolves.toBe('abc');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(answer.body).toMatch(/^<!doctype html>/);
    expect(answer.body).toContain(`<h1>${escaped(TEXT.signedIn)}</h1>`);
    expect(answer.body).toContain(`<p>${escaped(TEXT.closeTab)}</p>`);
    expect(answer.body).toContain(`<title>${escaped(TEXT.title)}</title>`);
    expect(answer.body).toContain(`<html lang="${escaped(TEXT.lang)}">`);
    expect(answer.body).not.toContain(TEXT.mismatch);
    expect(answer.body).not.toContain(escaped(TEXT.mismatch));
  });

  it('escapes the page text as HTML', async () => {
    const loopback = await listen();
    const { body } = await send(`${loopback.redirectUrl}&loginToken=abc`);
    expect(body).toContain('Signed &#60;b&#62;in&#60;/b&#62; &#38; &#34;done&#34;');
    expect(body).toContain('Plenum&#39;s &#60;title&#62;');
    expect(body).toContain('lang="en&#34;x"');
    for (const raw of ['<b>', '<em>', "Plenum's", '<title><', '& "', 'en"x']) expect(body).not.toContain(raw);
  });

  it('serves the page with headers that keep the token in it from leaking', async () => {
    const loopback = await listen();
    const { headers, body } = await send(`${loopback.redirectUrl}&loginToken=abc`);
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers.connection).toBe('close');
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/^default-src 'none'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'none'");
    // The one inline script is allowed by its hash, and nothing else is.
    const scripts = [...body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256')
      .update(scripts[0] ?? '')
      .digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}';`);
    expect(body).not.toMatch(/\b(src|href)=/);
  });

  it('works with the shipped English text', async () => {
    const loopback = await listen({ text: SSO_PAGE_TEXT.en });
    const { body } = await send(`${loopback.redirectUrl}&loginToken=abc`);
    expect(body).toContain(SSO_PAGE_TEXT.en.signedIn);
    expect(body).toContain(SSO_PAGE_TEXT.en.closeTab);
  });

  it('closes after the answer: the port then refuses connections', async () => {
    const loopback = await listen();
    await send(`${loopback.redirectUrl}&loginToken=abc`);
    await loopback.loginToken;
    await expectRefused(`${loopback.redirectUrl}&loginToken=second`);
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it('delivers a token of exactly 1024 characters as it came', async () => {
    const loopback = await listen();
    const token = 'syt_'.padEnd(1024, 'x');
    const answer = await send(withParams(loopback.redirectUrl, { loginToken: token }));
    expect(answer.status).toBe(200);
    await expect(loopback.loginToken).resolves.toBe(token);
  });

  it('decodes a percent-encoded token', async () => {
    const loopback = await listen();
    await send(withParams(loopback.redirectUrl, { loginToken: 'a+b/c=' }));
    await expect(loopback.loginToken).resolves.toBe('a+b/c=');
  });
});

describe('listenForLoginToken: answers it must not use', () => {
  it.each([
    ['a wrong state of the same length', (state: string) => `${state.startsWith('A') ? 'B' : 'A'}${state.slice(1)}`],
    ['a shorter state', (state: string) => state.slice(0, -1)],
    ['a longer state', (state: string) => `${state}A`],
    ['an empty state', () => ''],
  ])('refuses %s and never delivers its token', async (_name, wrongState) => {
    const loopback = await listen();
    const answer = await send(withParams(loopback.redirectUrl, { state: wrongState(stateOf(loopback.redirectUrl)), loginToken: 'stolen' }));
    const failure = await failureOf(loopback.loginToken);
    expect(failure.code).toBe('SSO_STATE_MISMATCH');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(`<h1>${escaped(TEXT.mismatch)}</h1>`);
    expect(answer.body).not.toContain(escaped(TEXT.signedIn));
    expect(answer.body).not.toContain('stolen');
    // One answer and it is over: the right one cannot follow.
    await expectRefused(`${loopback.redirectUrl}&loginToken=abc`);
  });

  it('refuses an answer without any state', async () => {
    const loopback = await listen();
    const answer = await send(withParams(loopback.redirectUrl, { state: null, loginToken: 'stolen' }));
    expect(new URL(withParams(loopback.redirectUrl, { state: null })).search).toBe('');
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_STATE_MISMATCH');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(escaped(TEXT.mismatch));
  });

  it('refuses the right state without a token (INTERNAL)', async () => {
    const loopback = await listen();
    const answer = await send(loopback.redirectUrl);
    expect((await failureOf(loopback.loginToken)).code).toBe('INTERNAL');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(`<h1>${escaped(TEXT.noToken)}</h1>`);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    await expectRefused(`${loopback.redirectUrl}&loginToken=abc`);
  });

  it('refuses an empty token', async () => {
    const loopback = await listen();
    const answer = await send(`${loopback.redirectUrl}&loginToken=`);
    expect((await failureOf(loopback.loginToken)).code).toBe('INTERNAL');
    expect(answer.status).toBe(400);
  });

  it('refuses a token longer than 1024 characters', async () => {
    const loopback = await listen();
    const answer = await send(withParams(loopback.redirectUrl, { loginToken: 'x'.repeat(1025) }));
    expect((await failureOf(loopback.loginToken)).code).toBe('INTERNAL');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(escaped(TEXT.noToken));
  });
});

describe('listenForLoginToken: requests that are not the answer', () => {
  it.each(['/favicon.ico', '/', '/sso-callback/', '/SSO-CALLBACK'])('answers %s with 404 and keeps waiting', async (path) => {
    const loopback = await listen();
    const target = new URL(path, loopback.redirectUrl);
    target.search = new URL(`${loopback.redirectUrl}&loginToken=early`).search;
    const answer = await send(target.href);
    expect(answer.status).toBe(404);
    expect(answer.body).toBe('');
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(await settledNow(loopback.loginToken)).toBe(false);
    expect((await send(`${loopback.redirectUrl}&loginToken=abc`)).status).toBe(200);
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it.each(['POST', 'PUT', 'HEAD'])('answers a %s to the callback with 405 and keeps waiting', async (method) => {
    const loopback = await listen();
    const answer = await send(`${loopback.redirectUrl}&loginToken=posted`, { method });
    expect(answer.status).toBe(405);
    expect(await settledNow(loopback.loginToken)).toBe(false);
    expect((await send(`${loopback.redirectUrl}&loginToken=abc`)).status).toBe(200);
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it.each([
    ['another name', (port: string) => `evil.example:${port}`],
    ['localhost', (port: string) => `localhost:${port}`],
    ['no port', () => '127.0.0.1'],
    ['another port', (port: string) => `127.0.0.1:${Number(port) === 1 ? 2 : Number(port) - 1}`],
  ])('answers a Host header of %s with 421 and keeps waiting', async (_name, hostFor) => {
    const loopback = await listen();
    const port = new URL(loopback.redirectUrl).port;
    const answer = await send(`${loopback.redirectUrl}&loginToken=rebound`, { host: hostFor(port) });
    expect(answer.status).toBe(421);
    expect(answer.body).toBe('');
    expect(await settledNow(loopback.loginToken)).toBe(false);
    // The same request naming the listener is the answer.
    const right = await send(`${loopback.redirectUrl}&loginToken=abc`, { host: `127.0.0.1:${port}` });
    expect(right.status).toBe(200);
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it('checks the Host header before the state, so a rebinding page learns nothing', async () => {
    const loopback = await listen();
    const port = new URL(loopback.redirectUrl).port;
    const answer = await send(withParams(loopback.redirectUrl, { state: 'guess', loginToken: 'x' }), { host: `evil.example:${port}` });
    expect(answer.status).toBe(421);
    expect(await settledNow(loopback.loginToken)).toBe(false);
  });
});

describe('listenForLoginToken: ending without an answer', () => {
  it('times out with SSO_TIMEOUT and closes the port', async () => {
    const started = Date.now();
    const loopback = await listen({ timeoutMs: 100 });
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await expectRefused(`${loopback.redirectUrl}&loginToken=late`);
  });

  it('is cancelled by the abort signal (SSO_CANCELLED) and closes the port', async () => {
    const controller = new AbortController();
    const loopback = await listen({ signal: controller.signal });
    expect(await settledNow(loopback.loginToken)).toBe(false);
    controller.abort();
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_CANCELLED');
    await expectRefused(`${loopback.redirectUrl}&loginToken=late`);
  });

  it('is cancelled right away by a signal that was already aborted', async () => {
    const loopback = await listen({ signal: AbortSignal.abort() });
    expect(await settledNow(loopback.loginToken)).toBe(true);
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_CANCELLED');
    await expectRefused(`${loopback.redirectUrl}&loginToken=late`);
  });

  it('ignores an abort after the token came', async () => {
    const controller = new AbortController();
    const loopback = await listen({ signal: controller.signal });
    await send(`${loopback.redirectUrl}&loginToken=abc`);
    controller.abort();
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it('is cancelled by close() (SSO_CANCELLED), and a second close() is harmless', async () => {
    const loopback = await listen();
    loopback.close();
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_CANCELLED');
    expect(() => loopback.close()).not.toThrow();
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_CANCELLED');
    await expectRefused(`${loopback.redirectUrl}&loginToken=late`);
  });

  it('keeps a delivered token when closed afterwards', async () => {
    const loopback = await listen();
    await send(`${loopback.redirectUrl}&loginToken=abc`);
    loopback.close();
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it('does not time out after the token came', async () => {
    const loopback = await listen({ timeoutMs: 50 });
    await send(`${loopback.redirectUrl}&loginToken=abc`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(loopback.loginToken).resolves.toBe('abc');
  });

  it('ends only once: a timeout after close() does not change the outcome', async () => {
    const loopback = await listen({ timeoutMs: 50 });
    loopback.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await failureOf(loopback.loginToken)).code).toBe('SSO_CANCELLED');
  });

  it('lets go of the abort signal once it ends', async () => {
    const controller = new AbortController();
    const loopback = await listen({ signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await send(`${loopback.redirectUrl}&loginToken=abc`);
    await loopback.loginToken;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('clears its timer once it ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const loopback = await listen({ timeoutMs: 60_000 });
      expect(vi.getTimerCount()).toBe(1);
      loopback.close();
      expect(vi.getTimerCount()).toBe(0);
      expect((await failureOf(loopback.loginToken)).code).toBe('SSO_CANCELLED');
    } finally {
      vi.useRealTimers();
    }
  });
});
