import { AuthType, MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { matrixFailure } from '../matrix-failure.ts';

interface UiaState {
  readonly session?: unknown;
  readonly flows?: unknown;
  readonly completed?: unknown;
}

/**
 * Deletes devices behind user-interactive auth with the account password. The password goes with the
 * first request, so a server that asks for anything checks it before a device goes; a server that
 * wants its UIA session first (the spec's usual dance) gets a second request carrying that session.
 */
export async function deleteDevicesWithPassword(
  client: MatrixClient,
  deviceIds: readonly string[],
  credentials: { readonly userId: string; readonly password: string },
): Promise<void> {
  const auth = (session?: string) => ({
    type: AuthType.Password,
    identifier: { type: 'm.id.user', user: credentials.userId },
    password: credentials.password,
    ...(session ? { session } : {}),
  });
  try {
    await client.deleteMultipleDevices([...deviceIds], auth());
    return;
  } catch (error) {
    const session = uiaSession(error);
    if (session === undefined) throw deleteFailure(error);
    try {
      await client.deleteMultipleDevices([...deviceIds], auth(session));
    } catch (retryError) {
      throw deleteFailure(retryError);
    }
  }
}

export interface ConfirmMethods {
  /** The account password confirms it (a one-stage m.login.password flow). */
  readonly password: boolean;
  /** Single sign-on confirms it (a one-stage m.login.sso flow): the identity provider, in the browser. */
  readonly sso: boolean;
}

/**
 * How the server wants this user to confirm deleting devices, from a UIA answer to a request that
 * names no device and carries no auth, so it can delete nothing. Synapse offers an SSO-made account
 * only m.login.sso (it has no password), and a password account m.login.password.
 */
export async function confirmMethods(client: MatrixClient): Promise<ConfirmMethods> {
  try {
    await client.deleteMultipleDevices([]);
    // Within the server's re-authentication grace period nothing is asked: the password path works.
    return { password: true, sso: false };
  } catch (error) {
    if (!(error instanceof MatrixError) || error.httpStatus !== 401) throw matrixFailure(error, 'asking how to confirm');
    const { flows } = error.data as UiaState;
    return { password: offersAlone(flows, AuthType.Password), sso: offersAlone(flows, AuthType.Sso) };
  }
}

export interface SsoConfirmation {
  /** Opens the server's single sign-on confirmation page in the user's browser; resolves whether it did. */
  open(url: string): Promise<boolean>;
  /** Aborting ends the wait with SSO_CANCELLED. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** How often to ask the server whether the browser has confirmed. */
  readonly pollMs?: number;
}

/**
 * Deletes devices behind UIA confirmed through single sign-on: the spec's fallback page for the
 * m.login.sso stage, opened in the browser, where the identity provider confirms it is the user.
 * The server cannot tell Plenum when that is done, so the same request is retried with the UIA
 * session every couple of seconds until the server accepts it, the wait times out or is cancelled.
 */
export async function deleteDevicesWithSso(client: MatrixClient, deviceIds: readonly string[], confirm: SsoConfirmation): Promise<void> {
  let session: string | undefined;
  try {
    await client.deleteMultipleDevices([...deviceIds]);
    return;
  } catch (error) {
    session = pendingSession(error, AuthType.Sso);
    if (session === undefined) throw deleteFailure(error, AuthType.Sso);
  }
  const fallback = new URL(`${client.getHomeserverUrl().replace(/\/+$/, '')}/_matrix/client/v3/auth/${AuthType.Sso}/fallback/web`);
  fallback.searchParams.set('session', session);
  if (!(await confirm.open(fallback.href))) throw new AppFailure('BROWSER_UNAVAILABLE', 'the system browser could not be opened');
  const deadline = Date.now() + confirm.timeoutMs;
  for (;;) {
    try {
      await sleep(Math.min(confirm.pollMs ?? 2000, Math.max(0, deadline - Date.now())), undefined, { signal: confirm.signal });
    } catch {
      throw new AppFailure('SSO_CANCELLED', 'the confirmation was cancelled');
    }
    try {
      await client.deleteMultipleDevices([...deviceIds], { session });
      return;
    } catch (error) {
      // Not confirmed yet: the same UIA answer again, with the same session and nothing completed.
      if (pendingSession(error, AuthType.Sso) !== session) throw deleteFailure(error, AuthType.Sso);
    }
    if (Date.now() >= deadline) throw new AppFailure('SSO_TIMEOUT', 'the confirmation did not come in time');
  }
}

/** The session of an unfinished UIA answer that offers `stage` alone; undefined otherwise. */
function pendingSession(error: unknown, stage: AuthType): string | undefined {
  if (!(error instanceof MatrixError) || error.httpStatus !== 401 || error.errcode) return undefined;
  const { session, flows } = error.data as UiaState;
  return typeof session === 'string' && offersAlone(flows, stage) ? session : undefined;
}

/** The session of an unfinished UIA answer that still offers the password stage; undefined otherwise. */
function uiaSession(error: unknown): string | undefined {
  return pendingSession(error, AuthType.Password);
}

function offersAlone(flows: unknown, stage: AuthType): boolean {
  return Array.isArray(flows) && flows.some((flow: { stages?: unknown }) => Array.isArray(flow.stages) && flow.stages.length === 1 && flow.stages[0] === stage);
}

/** What a failed delete means to the user, for the way they confirmed (`stage`). */
function deleteFailure(error: unknown, stage: AuthType = AuthType.Password): AppFailure {
  if (error instanceof MatrixError && error.httpStatus === 401) {
    // Synapse answers a wrong password with M_FORBIDDEN inside a 401 UIA answer.
    if (error.errcode === 'M_FORBIDDEN') {
      return new AppFailure('INVALID_CREDENTIALS', stage === AuthType.Password ? 'the password was not accepted' : 'the confirmation was not accepted');
    }
    const { flows } = error.data as UiaState;
    if (!offersAlone(flows, stage)) {
      const supportedFlows = Array.isArray(flows)
        ? flows.map((flow: { stages?: unknown }) => (Array.isArray(flow.stages) ? flow.stages.join(' → ') : '?'))
        : [];
      return new AppFailure('UNSUPPORTED_LOGIN_FLOW', `the homeserver asks for another way of confirming than ${stage}`, { supportedFlows });
    }
    return new AppFailure('INVALID_CREDENTIALS', `the homeserver did not accept ${stage}`);
  }
  return matrixFailure(error, 'signing out the other sessions');
}
