import { AppFailure } from '../../../shared/ipc/result.ts';
import type { DiscoveredServer } from '../../../shared/model/session.ts';
import { readLoginOptions, requireLoginMethod, resolveHomeserver } from './discovery.ts';

const MXID = /^@[^:\s]+:(\S+)$/;
const URL_PREFIX = /^https?:\/\//i;

/**
 * What sign-in would find behind what the user typed — a full Matrix ID, a server name or a URL —
 * checked the same way sign-in checks it (discovery, /versions, the login flows), without credentials,
 * with the ways it lets people sign in. Fails with NOT_A_MATRIX_SERVER, NETWORK,
 * UNSUPPORTED_LOGIN_FLOW, OAUTH_NOT_SUPPORTED, or BAD_REQUEST for what is none of the three.
 */
export async function discoverServer(input: string, fetchFn: typeof fetch): Promise<DiscoveredServer> {
  const typed = input.trim();
  const serverName = serverNameOf(typed);
  const homeserver = await resolveHomeserver(typed.startsWith('@') ? { homeserver: '', user: typed } : { homeserver: typed, user: '' }, fetchFn);
  const login = await readLoginOptions(homeserver, fetchFn);
  requireLoginMethod(login);
  return { homeserver, serverName, login: login.options };
}

/** The server name people's IDs end in, when the input names it; a URL's host need not be that. */
function serverNameOf(typed: string): string | null {
  if (typed.startsWith('@')) {
    const match = MXID.exec(typed);
    if (!match?.[1]) throw new AppFailure('BAD_REQUEST', 'a Matrix ID looks like @name:server');
    return match[1].toLowerCase();
  }
  if (URL_PREFIX.test(typed)) return null;
  return typed.toLowerCase();
}
