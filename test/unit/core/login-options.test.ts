import { describe, expect, it } from 'vitest';
import { assertPasswordLogin, readLoginOptions, requireLoginMethod, type ServerLogin } from '../../../src/main/core/session/discovery.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';

const BASE = 'https://matrix.example.org';
const LOGIN = '/_matrix/client/v3/login';
const AUTH_METADATA = '/_matrix/client/v1/auth_metadata';
const UNSTABLE_AUTH_METADATA = '/_matrix/client/unstable/org.matrix.msc2965/auth_metadata';

type Route = { readonly status?: number; readonly body: unknown } | (() => Response | Promise<Response>);

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const UNRECOGNIZED = { status: 404, body: { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' } };

interface Call {
  readonly url: string;
  readonly signal: AbortSignal | null | undefined;
}

/** A fetch that answers by URL path; paths it does not know answer 404 as Synapse does. */
function fakeFetch(routes: Readonly<Record<string, Route>>) {
  const calls: Call[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({ url: url.href, signal: init?.signal });
    const route = routes[url.pathname] ?? UNRECOGNIZED;
    return typeof route === 'function' ? route() : json(route.body, route.status ?? 200);
  };
  return { fetchFn, calls };
}

const flows = (...list: unknown[]): Route => ({ body: { flows: list } });
const rejects = (): Route => () => Promise.reject(new TypeError('fetch failed'));
const OAUTH = { body: { issuer: 'https://auth.example.org/', authorization_endpoint: 'https://auth.example.org/authorize' } };

async function failureOf(run: Promise<unknown> | (() => unknown)): Promise<AppFailure> {
  let error: unknown;
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

const read = (routes: Readonly<Record<string, Route>>) => readLoginOptions(BASE, fakeFetch(routes).fetchFn);

/** The identity providers readLoginOptions keeps from one m.login.sso flow. */
async function providersFrom(identityProviders: unknown) {
  const { options } = await read({ [LOGIN]: flows({ type: 'm.login.sso', identity_providers: identityProviders }) });
  return options.sso;
}

describe('readLoginOptions: the login flows', () => {
  it('reads a password-only server', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.password' }) });
    expect(login).toEqual({ options: { password: true, sso: null, oauth: false }, offered: ['m.login.password'] });
  });

  it('asks the login and both OAuth metadata endpoints of the base URL, with a timeout signal', async () => {
    const { fetchFn, calls } = fakeFetch({ [LOGIN]: flows({ type: 'm.login.password' }) });
    await readLoginOptions(BASE, fetchFn);
    expect(calls.map((call) => call.url).sort()).toEqual([`${BASE}${AUTH_METADATA}`, `${BASE}${LOGIN}`, `${BASE}${UNSTABLE_AUTH_METADATA}`].sort());
    for (const call of calls) expect(call.signal).toBeInstanceOf(AbortSignal);
  });

  it('reads SSO with its identity providers, in the order the server lists them', async () => {
    const login = await read({
      [LOGIN]: flows(
        { type: 'm.login.sso', identity_providers: [
          { id: 'oidc-eu-login', name: 'EU Login', brand: 'eu' },
          { id: 'saml', name: 'Staff SAML' },
          { id: 'github', name: 'GitHub', icon: 'mxc://example.org/abc' },
        ] },
        { type: 'm.login.token' },
        { type: 'm.login.password' },
      ),
    });
    expect(login.options).toEqual({
      password: true,
      sso: [
        { id: 'oidc-eu-login', name: 'EU Login' },
        { id: 'saml', name: 'Staff SAML' },
        { id: 'github', name: 'GitHub' },
      ],
      oauth: false,
    });
    expect(login.offered).toEqual(['m.login.sso', 'm.login.token', 'm.login.password']);
  });

  it('reads SSO without identity providers as an empty list', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.sso' }, { type: 'm.login.token' }) });
    expect(login.options).toEqual({ password: false, sso: [], oauth: false });
    expect(login.offered).toEqual(['m.login.sso', 'm.login.token']);
  });

  it.each([
    ['an object', { id: 'saml', name: 'SAML' }],
    ['a string', 'saml'],
    ['null', null],
  ])('reads identity_providers that are %s, not a list, as an empty list', async (_name, identityProviders) => {
    expect(await providersFrom(identityProviders)).toEqual([]);
  });

  it('reads no SSO flow as sso: null', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.password' }, { type: 'm.login.token' }) });
    expect(login.options.sso).toBeNull();
  });

  it('reads an empty flow list as offering nothing', async () => {
    const login = await read({ [LOGIN]: flows() });
    expect(login).toEqual({ options: { password: false, sso: null, oauth: false }, offered: [] });
  });

  it('skips flows that are not objects with a string type', async () => {
    const login = await read({
      [LOGIN]: flows(null, 'm.login.password', 7, { type: 7 }, {}, { kind: 'm.login.password' }, { type: 'm.login.sso' }),
    });
    expect(login).toEqual({ options: { password: false, sso: [], oauth: false }, offered: ['m.login.sso'] });
  });

  it('uses the first SSO flow when the server lists several', async () => {
    const login = await read({
      [LOGIN]: flows(
        { type: 'm.login.sso', identity_providers: [{ id: 'first', name: 'First' }] },
        { type: 'm.login.sso', identity_providers: [{ id: 'second', name: 'Second' }] },
      ),
    });
    expect(login.options.sso).toEqual([{ id: 'first', name: 'First' }]);
  });
});

describe('readLoginOptions: identity providers the UI will show', () => {
  it.each([
    ['an empty id', ''],
    ['a space', 'has space'],
    ['a slash', 'a/b'],
    ['a colon', 'oidc:x'],
    ['a question mark', 'x?y'],
    ['a percent sign', 'x%2F'],
    ['a non-ASCII letter', 'münchen'],
    ['a newline', 'x\ny'],
    ['256 characters', 'a'.repeat(256)],
  ])('drops an id with %s', async (_name, id) => {
    expect(await providersFrom([{ id, name: 'Bad' }, { id: 'good', name: 'Good' }])).toEqual([{ id: 'good', name: 'Good' }]);
  });

  it('keeps ids of the allowed characters up to 255 long', async () => {
    const ids = ['A-Za-z0-9._~', 'oidc-keycloak', 'saml.staff_1', '~x', 'a'.repeat(255), '9'];
    expect(await providersFrom(ids.map((id) => ({ id, name: 'N' })))).toEqual(ids.map((id) => ({ id, name: 'N' })));
  });

  it('drops entries that are not objects or have no string id', async () => {
    const providers = await providersFrom([null, undefined, 'saml', 42, true, [], ['x'], { name: 'No id' }, { id: 7, name: 'Number' }, { id: null }, { id: 'ok', name: 'OK' }]);
    expect(providers).toEqual([{ id: 'ok', name: 'OK' }]);
  });

  it('keeps the first of duplicate ids', async () => {
    const providers = await providersFrom([
      { id: 'saml', name: 'First' },
      { id: 'github', name: 'GitHub' },
      { id: 'saml', name: 'Impostor' },
    ]);
    expect(providers).toEqual([
      { id: 'saml', name: 'First' },
      { id: 'github', name: 'GitHub' },
    ]);
  });

  it('treats ids that differ in case as different', async () => {
    expect(await providersFrom([{ id: 'SAML' }, { id: 'saml' }])).toEqual([
      { id: 'SAML', name: 'SAML' },
      { id: 'saml', name: 'saml' },
    ]);
  });

  it.each([
    ['missing', {}],
    ['empty', { name: '' }],
    ['blank', { name: ' \t\n ' }],
    ['a number', { name: 42 }],
    ['null', { name: null }],
    ['an object', { name: { en: 'SAML' } }],
  ])('names a provider by its id when the name is %s', async (_name, fields) => {
    expect(await providersFrom([{ id: 'saml', ...fields }])).toEqual([{ id: 'saml', name: 'saml' }]);
  });

  it('trims names and cuts them to 100 characters', async () => {
    const long = 'N'.repeat(99) + 'XYZ';
    const providers = await providersFrom([
      { id: 'a', name: '  EU Login \n' },
      { id: 'b', name: long },
      { id: 'c', name: `   ${'M'.repeat(100)}   ` },
    ]);
    expect(providers).toEqual([
      { id: 'a', name: 'EU Login' },
      { id: 'b', name: 'N'.repeat(99) + 'X' },
      { id: 'c', name: 'M'.repeat(100) },
    ]);
    expect(providers?.[1]?.name).toHaveLength(100);
  });

  it('keeps at most 20 providers, the first ones', async () => {
    const listed = Array.from({ length: 30 }, (_, index) => ({ id: `idp-${index}`, name: `IdP ${index}` }));
    const providers = await providersFrom(listed);
    expect(providers).toHaveLength(20);
    expect(providers).toEqual(listed.slice(0, 20));
  });

  it('counts only kept providers toward the 20', async () => {
    const valid = Array.from({ length: 20 }, (_, index) => ({ id: `idp-${index}`, name: `IdP ${index}` }));
    const listed = [
      { id: 'bad id' },
      valid[0],
      { id: 'idp-0', name: 'duplicate' },
      null,
      ...valid.slice(1),
      { id: 'idp-20', name: 'one too many' },
    ];
    expect(await providersFrom(listed)).toEqual(valid);
  });

  it('keeps exactly 20 providers when 20 are listed', async () => {
    const listed = Array.from({ length: 20 }, (_, index) => ({ id: `idp-${index}`, name: `IdP ${index}` }));
    expect(await providersFrom(listed)).toEqual(listed);
  });
});

describe('readLoginOptions: OAuth 2.0 (MSC3861)', () => {
  it('sees OAuth advertised by the stable auth_metadata endpoint', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.password' }), [AUTH_METADATA]: OAUTH });
    expect(login.options).toEqual({ password: true, sso: null, oauth: true });
  });

  it('sees OAuth advertised by the unstable MSC2965 endpoint', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.sso' }), [UNSTABLE_AUTH_METADATA]: OAUTH });
    expect(login.options).toEqual({ password: false, sso: [], oauth: true });
  });

  it('sees OAuth when only one of the two endpoints works', async () => {
    const stableBroken = await read({ [LOGIN]: flows(), [AUTH_METADATA]: rejects(), [UNSTABLE_AUTH_METADATA]: OAUTH });
    expect(stableBroken.options.oauth).toBe(true);
    const unstableBroken = await read({ [LOGIN]: flows(), [AUTH_METADATA]: OAUTH, [UNSTABLE_AUTH_METADATA]: { status: 500, body: {} } });
    expect(unstableBroken.options.oauth).toBe(true);
  });

  it.each<[string, Route]>([
    ['404', UNRECOGNIZED],
    ['500 with an issuer', { status: 500, body: { issuer: 'https://auth.example.org/' } }],
    ['not JSON', () => new Response('<html>Welcome</html>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['an empty body', () => new Response('', { status: 200 })],
    ['JSON without an issuer', { body: { authorization_endpoint: 'https://auth.example.org/authorize' } }],
    ['an issuer that is not a string', { body: { issuer: 42 } }],
    ['an issuer that is an object', { body: { issuer: { url: 'https://auth.example.org/' } } }],
    ['JSON null', { body: null }],
    ['a JSON string', { body: 'https://auth.example.org/' }],
    ['a JSON list', { body: [{ issuer: 'https://auth.example.org/' }] }],
    ['a rejected fetch', rejects()],
  ])('does not see OAuth when auth_metadata answers %s', async (_name, route) => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.password' }), [AUTH_METADATA]: route, [UNSTABLE_AUTH_METADATA]: route });
    expect(login.options).toEqual({ password: true, sso: null, oauth: false });
  });

  it('does not let a body that cannot be read block sign-in', async () => {
    const broken = (): Response =>
      new Response(
        new ReadableStream({
          start: (controller) => controller.error(new Error('connection reset')),
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const login = await read({ [LOGIN]: flows({ type: 'm.login.password' }), [AUTH_METADATA]: broken, [UNSTABLE_AUTH_METADATA]: broken });
    expect(login.options).toEqual({ password: true, sso: null, oauth: false });
  });
});

describe('readLoginOptions: servers that do not list flows', () => {
  it('reads a server that answers /login with 404 but advertises OAuth as OAuth-only', async () => {
    const login = await read({ [LOGIN]: UNRECOGNIZED, [AUTH_METADATA]: OAUTH });
    expect(login).toEqual({ options: { password: false, sso: null, oauth: true }, offered: [] });
    const failure = await failureOf(() => requireLoginMethod(login));
    expect(failure.code).toBe('OAUTH_NOT_SUPPORTED');
  });

  it('refuses a server that answers /login with 404 and no OAuth (NOT_A_MATRIX_SERVER)', async () => {
    const failure = await failureOf(read({ [LOGIN]: UNRECOGNIZED }));
    expect(failure.code).toBe('NOT_A_MATRIX_SERVER');
    expect(failure.message).toContain('matrix.example.org');
  });

  it.each<[string, Route]>([
    ['a web page', () => new Response('<html>Welcome</html>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['JSON without flows', { body: { versions: ['v1.11'] } }],
    ['flows that are not a list', { body: { flows: { type: 'm.login.password' } } }],
    ['flows with an error status', { status: 500, body: { flows: [{ type: 'm.login.password' }] } }],
    ['JSON null', { body: null }],
  ])('refuses a server whose /login answers %s (NOT_A_MATRIX_SERVER)', async (_name, route) => {
    expect((await failureOf(read({ [LOGIN]: route }))).code).toBe('NOT_A_MATRIX_SERVER');
  });

  it('fails with NETWORK when /login cannot be reached', async () => {
    const failure = await failureOf(read({ [LOGIN]: rejects() }));
    expect(failure.code).toBe('NETWORK');
    expect(failure.message).toContain('matrix.example.org');
  });

  it('fails with NETWORK when /login cannot be reached even if OAuth is advertised', async () => {
    expect((await failureOf(read({ [LOGIN]: rejects(), [AUTH_METADATA]: OAUTH }))).code).toBe('NETWORK');
  });
});

describe('requireLoginMethod', () => {
  const server = (options: ServerLogin['options'], offered: readonly string[]): ServerLogin => ({ options, offered });

  it.each([
    ['password', server({ password: true, sso: null, oauth: false }, ['m.login.password'])],
    ['SSO with providers', server({ password: false, sso: [{ id: 'saml', name: 'SAML' }], oauth: false }, ['m.login.sso'])],
    ['SSO without providers', server({ password: false, sso: [], oauth: false }, ['m.login.sso'])],
    ['password beside OAuth', server({ password: true, sso: null, oauth: true }, ['m.login.password'])],
    ['SSO beside OAuth', server({ password: false, sso: [], oauth: true }, ['m.login.sso'])],
  ])('accepts %s', (_name, login) => {
    expect(() => requireLoginMethod(login)).not.toThrow();
  });

  it('refuses a server that only offers m.login.token, naming what it offers', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.token' }) });
    const failure = await failureOf(() => requireLoginMethod(login));
    expect(failure.code).toBe('UNSUPPORTED_LOGIN_FLOW');
    expect(failure.details).toEqual({ supportedFlows: ['m.login.token'] });
  });

  it('lists every offered flow when none is usable', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.token' }, { type: 'm.login.application_service' }, { type: 'org.example.custom' }) });
    const failure = await failureOf(() => requireLoginMethod(login));
    expect(failure.code).toBe('UNSUPPORTED_LOGIN_FLOW');
    expect(failure.details?.supportedFlows).toEqual(['m.login.token', 'm.login.application_service', 'org.example.custom']);
  });

  it('refuses a server that offers nothing with an empty list', () => {
    const failure = (() => {
      try {
        requireLoginMethod(server({ password: false, sso: null, oauth: false }, []));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(AppFailure);
    expect(failure).toMatchObject({ code: 'UNSUPPORTED_LOGIN_FLOW', details: { supportedFlows: [] } });
  });

  it('says OAUTH_NOT_SUPPORTED when OAuth is all there is, even beside unusable flows', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.token' }), [AUTH_METADATA]: OAUTH });
    expect((await failureOf(() => requireLoginMethod(login))).code).toBe('OAUTH_NOT_SUPPORTED');
  });
});

describe('assertPasswordLogin', () => {
  const assertWith = (routes: Readonly<Record<string, Route>>) => assertPasswordLogin(BASE, fakeFetch(routes).fetchFn);

  it('passes when the server takes passwords', async () => {
    await expect(assertWith({ [LOGIN]: flows({ type: 'm.login.password' }) })).resolves.toBeUndefined();
  });

  it('passes when passwords are offered beside SSO and OAuth', async () => {
    await expect(
      assertWith({ [LOGIN]: flows({ type: 'm.login.sso' }, { type: 'm.login.password' }), [AUTH_METADATA]: OAUTH }),
    ).resolves.toBeUndefined();
  });

  it('refuses an SSO-only server with UNSUPPORTED_LOGIN_FLOW, naming its flows', async () => {
    const failure = await failureOf(assertWith({ [LOGIN]: flows({ type: 'm.login.sso', identity_providers: [{ id: 'saml' }] }, { type: 'm.login.token' }) }));
    expect(failure.code).toBe('UNSUPPORTED_LOGIN_FLOW');
    expect(failure.details).toEqual({ supportedFlows: ['m.login.sso', 'm.login.token'] });
  });

  it('refuses an OAuth-only server with OAUTH_NOT_SUPPORTED', async () => {
    expect((await failureOf(assertWith({ [LOGIN]: UNRECOGNIZED, [UNSTABLE_AUTH_METADATA]: OAUTH }))).code).toBe('OAUTH_NOT_SUPPORTED');
  });

  it('refuses an OAuth server that also lists SSO with UNSUPPORTED_LOGIN_FLOW (SSO is the way in)', async () => {
    const failure = await failureOf(assertWith({ [LOGIN]: flows({ type: 'm.login.sso' }), [AUTH_METADATA]: OAUTH }));
    expect(failure.code).toBe('UNSUPPORTED_LOGIN_FLOW');
    expect(failure.details?.supportedFlows).toEqual(['m.login.sso']);
  });

  it('refuses a token-only server with UNSUPPORTED_LOGIN_FLOW', async () => {
    const failure = await failureOf(assertWith({ [LOGIN]: flows({ type: 'm.login.token' }) }));
    expect(failure).toMatchObject({ code: 'UNSUPPORTED_LOGIN_FLOW', details: { supportedFlows: ['m.login.token'] } });
  });

  it('passes NOT_A_MATRIX_SERVER and NETWORK through', async () => {
    expect((await failureOf(assertWith({ [LOGIN]: UNRECOGNIZED }))).code).toBe('NOT_A_MATRIX_SERVER');
    expect((await failureOf(assertWith({ [LOGIN]: rejects() }))).code).toBe('NETWORK');
  });
});

describe('readLoginOptions: what review found', () => {
  it('asks under the base URL’s path, as matrix-js-sdk will sign in there', async () => {
    const { fetchFn, calls } = fakeFetch({});
    await readLoginOptions('https://example.org/matrix/', fetchFn).catch(() => undefined);
    expect(calls.map((call) => new URL(call.url).pathname).sort()).toEqual([
      '/matrix/_matrix/client/unstable/org.matrix.msc2965/auth_metadata',
      '/matrix/_matrix/client/v1/auth_metadata',
      '/matrix/_matrix/client/v3/login',
    ]);
  });

  it('takes control and direction characters out of provider names, so one cannot pose as another', async () => {
    const providers = await providersFrom([{ id: 'evil', name: 'EU\u202E nigoL\u0000\nLogin' }]);
    expect(providers).toEqual([{ id: 'evil', name: 'EU nigoL Login' }]);
  });

  it('does not count an issuer that is no URL as OAuth', async () => {
    const login = await read({ [LOGIN]: flows({ type: 'm.login.password' }), [AUTH_METADATA]: { body: { issuer: '' } } });
    expect(login.options.oauth).toBe(false);
  });
});
