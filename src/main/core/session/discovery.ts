import { AppFailure } from '../../../shared/ipc/result.ts';

const TIMEOUT_MS = 15_000;
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
  const url = new URL('/_matrix/client/versions', baseUrl);
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
 * Confirms the homeserver lets people sign in with a password, the only way Plenum signs in today;
 * otherwise says what it offers instead (single sign-on, tokens, …) so the UI can explain.
 */
export async function assertPasswordLogin(baseUrl: string, fetchFn: typeof fetch): Promise<void> {
  const url = new URL('/_matrix/client/v3/login', baseUrl);
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new AppFailure('NETWORK', `could not reach ${url.host}`);
  }
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const flows = (body as { flows?: unknown } | undefined)?.flows;
  if (!Array.isArray(flows)) throw new AppFailure('NOT_A_MATRIX_SERVER', `${url.host} lists no login flows`);
  const types = flows.map((flow: { type?: unknown }) => flow.type).filter((type): type is string => typeof type === 'string');
  if (!types.includes('m.login.password')) {
    throw new AppFailure('UNSUPPORTED_LOGIN_FLOW', 'the homeserver does not accept passwords', { supportedFlows: types });
  }
}
