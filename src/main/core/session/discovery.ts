import { AppFailure } from '../../../shared/ipc/result.ts';
import type { IdentityProvider, LoginOptions } from '../../../shared/model/session.ts';

const TIMEOUT_MS = 15_000;
/** The OAuth probe only adds a note, so a server that lets it hang must not hold up sign-in for long. */
const OAUTH_PROBE_TIMEOUT_MS = 4_000;
const MXID = /^@[^:]+:(.+)$/;

/**
 * Finds the homeserver's base URL from what a person types: a URL is taken as it is; a server
 * name (typed, or the part after ':' of a Matrix ID) goes through `.well-known/matrix/client`
 * discovery as the spec describes. Either way the result must answer `/versions` like a homeserver.
 */
export async function resolveHomeserver(input: { homeserver: string; user: string }, fetchFn: typeof fetch): Promise<string> {
  const typed = input.homeserver.trim();
  const baseUrl = /^https?:\/\//i.test(typed)
    ? stripSlash(typed)
    : await discover(typed || serverNameOf(input.user), fetchFn);
  await assertMatrixHomeserver(baseUrl, fetchFn);
  return baseUrl;
}

function serverNameOf(user: string): string {
  const match = MXID.exec(user.trim());
  if (!match?.[1]) throw new AppFailure('BAD_REQUEST', 'enter a homeserver, or sign in with a full Matrix ID');
  return match[1];
}

async function discover(serverName: string, fetchFn: typeof fetch): Promise<string> {
  let wellKnown: URL;
  try {
    wellKnown = new URL(`https://${serverName}/.well-known/matrix/client`);
  } catch {
    throw new AppFailure('BAD_REQUEST', 'that is not a valid server name');
  }
  let response: Response;
  try {
    response = await fetchFn(wellKnown, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch {
    throw new AppFailure('NETWORK', `could not reach ${wellKnown.host}`);
  }
  // Spec: no well-known (404) means the server name is the homeserver itself.
  if (response.status === 404) return `https://${serverName}`;
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const base = (body as { 'm.homeserver'?: { base_url?: unknown } } | undefined)?.['m.homeserver']?.base_url;
  if (typeof base !== 'string' || !/^https?:\/\//i.test(base) || !URL.canParse(base)) {
    throw new AppFailure('NOT_A_MATRIX_SERVER', `${wellKnown.host} publishes no valid homeserver address`);
  }
  return stripSlash(base);
}

/** Confirms a base URL answers like a Matrix homeserver before any credentials are sent to it. */
export async function assertMatrixHomeserver(baseUrl: string, fetchFn: typeof fetch): Promise<void> {
  const url = apiUrl(baseUrl, '/_matrix/client/versions');
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new AppFailure('NETWORK', `could not reach ${url.host}`);
  }
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const versions = (body as { versions?: unknown } | undefined)?.versions;
  if (!Array.isArray(versions) || !versions.every((item) => typeof item === 'string')) {
    throw new AppFailure('NOT_A_MATRIX_SERVER', `${url.host} does not answer like a Matrix homeserver`);
  }
}

const stripSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * An endpoint under the base URL, keeping the base's path as matrix-js-sdk does: a homeserver at
 * https://example.org/matrix answers at https://example.org/matrix/_matrix/…, not at the root.
 */
export const apiUrl = (baseUrl: string, path: string): URL => new URL(`${stripSlash(baseUrl)}${path}`);

/** Identity providers beyond this are not shown: no real deployment offers more, a hostile server might. */
const MAX_IDENTITY_PROVIDERS = 20;

/**
 * How the homeserver lets people sign in (`GET /login`), and whether it advertises the OAuth 2.0
 * API of Matrix 1.15 (MSC3861). Fails with NOT_A_MATRIX_SERVER or NETWORK only; what the server
 * offers is for the caller to judge (see requireLoginMethod).
 */
export async function readLoginOptions(baseUrl: string, fetchFn: typeof fetch): Promise<ServerLogin> {
  const [listed, oauth] = await Promise.all([readLoginFlows(baseUrl, fetchFn), advertisesOAuth(baseUrl, fetchFn)]);
  // A server that hands all sign-in to an OAuth 2.0 server may not answer /login at all (Synapse
  // with Matrix Authentication Service does not); that is OAUTH_NOT_SUPPORTED, not "no Matrix server".
  if (listed === null && !oauth) throw new AppFailure('NOT_A_MATRIX_SERVER', `${new URL(baseUrl).host} lists no login flows`);
  const flows = listed ?? [];
  const sso = flows.find((flow) => flow.type === 'm.login.sso');
  return {
    options: { password: flows.some((flow) => flow.type === 'm.login.password'), sso: sso ? identityProviders(sso) : null, oauth },
    offered: flows.map((flow) => flow.type),
  };
}

export interface ServerLogin {
  readonly options: LoginOptions;
  /** Every login type the server lists, for support when none of them is usable. */
  readonly offered: readonly string[];
}

/** Fails when the server offers nothing Plenum can sign in with, saying why. */
export function requireLoginMethod({ options, offered }: ServerLogin): void {
  if (options.password || options.sso !== null) return;
  if (options.oauth) throw new AppFailure('OAUTH_NOT_SUPPORTED', 'the homeserver only offers OAuth 2.0 sign-in, which Plenum does not support yet');
  throw new AppFailure('UNSUPPORTED_LOGIN_FLOW', 'the homeserver offers no sign-in Plenum supports', { supportedFlows: offered });
}

interface LoginFlow {
  readonly type: string;
  readonly identity_providers?: unknown;
}

/** The flows `GET /login` lists; null when it answers without a list. */
async function readLoginFlows(baseUrl: string, fetchFn: typeof fetch): Promise<readonly LoginFlow[] | null> {
  const url = apiUrl(baseUrl, '/_matrix/client/v3/login');
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new AppFailure('NETWORK', `could not reach ${url.host}`);
  }
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const flows = (body as { flows?: unknown } | undefined)?.flows;
  if (!Array.isArray(flows)) return null;
  return flows.filter((flow): flow is LoginFlow => typeof flow === 'object' && flow !== null && typeof (flow as { type?: unknown }).type === 'string');
}

/** Only well-formed entries: an id and a name that are short plain strings (a server's words reach the UI). */
function identityProviders(flow: LoginFlow): IdentityProvider[] {
  if (!Array.isArray(flow.identity_providers)) return [];
  const providers: IdentityProvider[] = [];
  for (const entry of flow.identity_providers as unknown[]) {
    const { id, name } = (entry ?? {}) as { id?: unknown; name?: unknown };
    if (typeof id !== 'string' || !/^[A-Za-z0-9._~-]{1,255}$/.test(id)) continue;
    // Controls and bidi overrides could make one provider's name read like another's.
    const clean = typeof name === 'string' ? name.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim() : '';
    const label = clean ? clean.slice(0, 100) : id;
    if (!providers.some((provider) => provider.id === id)) providers.push({ id, name: label });
    if (providers.length === MAX_IDENTITY_PROVIDERS) break;
  }
  return providers;
}

/**
 * The OAuth 2.0 server metadata endpoint of Matrix 1.15, and the unstable one servers published
 * before it. Anything but a JSON object naming an issuer means "not advertised": a missing endpoint
 * is the usual case, and a slow or broken one must not block password or SSO sign-in.
 */
async function advertisesOAuth(baseUrl: string, fetchFn: typeof fetch): Promise<boolean> {
  const paths = ['/_matrix/client/v1/auth_metadata', '/_matrix/client/unstable/org.matrix.msc2965/auth_metadata'];
  const answers = await Promise.all(
    paths.map(async (path) => {
      try {
        const response = await fetchFn(apiUrl(baseUrl, path), { signal: AbortSignal.timeout(OAUTH_PROBE_TIMEOUT_MS) });
        if (!response.ok) return false;
        const body = (await response.json().catch(() => undefined)) as { issuer?: unknown } | undefined;
        return typeof body?.issuer === 'string' && URL.canParse(body.issuer);
      } catch {
        return false;
      }
    }),
  );
  return answers.includes(true);
}

/**
 * Confirms the homeserver lets people sign in with a password; otherwise says what it offers
 * instead (single sign-on, OAuth 2.0, …) so the UI can explain.
 */
export async function assertPasswordLogin(baseUrl: string, fetchFn: typeof fetch): Promise<void> {
  // The usual case costs one request; only a server without passwords is asked about OAuth 2.0.
  const flows = await readLoginFlows(baseUrl, fetchFn);
  if (flows?.some((flow) => flow.type === 'm.login.password')) return;
  const { options, offered } = await readLoginOptions(baseUrl, fetchFn);
  if (options.oauth && options.sso === null) requireLoginMethod({ options, offered });
  throw new AppFailure('UNSUPPORTED_LOGIN_FLOW', 'the homeserver does not accept passwords', { supportedFlows: offered });
}
