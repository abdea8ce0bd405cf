import { AuthType, MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
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

/** The session of an unfinished UIA answer that still offers the password stage; undefined otherwise. */
function uiaSession(error: unknown): string | undefined {
  if (!(error instanceof MatrixError) || error.httpStatus !== 401 || error.errcode) return undefined;
  const { session, flows } = error.data as UiaState;
  if (typeof session !== 'string' || !offersPasswordAlone(flows)) return undefined;
  return session;
}

function offersPasswordAlone(flows: unknown): boolean {
  return Array.isArray(flows) && flows.some((flow: { stages?: unknown }) => Array.isArray(flow.stages) && flow.stages.length === 1 && flow.stages[0] === AuthType.Password);
}

function deleteFailure(error: unknown): AppFailure {
  if (error instanceof MatrixError && error.httpStatus === 401) {
    // Synapse answers a wrong password with M_FORBIDDEN inside a 401 UIA answer.
    if (error.errcode === 'M_FORBIDDEN') return new AppFailure('INVALID_CREDENTIALS', 'the password was not accepted');
    const { flows } = error.data as UiaState;
    if (!offersPasswordAlone(flows)) {
      const supportedFlows = Array.isArray(flows)
        ? flows.map((flow: { stages?: unknown }) => (Array.isArray(flow.stages) ? flow.stages.join(' → ') : '?'))
        : [];
      return new AppFailure('UNSUPPORTED_LOGIN_FLOW', 'the homeserver asks for more than the password', { supportedFlows });
    }
    return new AppFailure('INVALID_CREDENTIALS', 'the homeserver did not accept the password');
  }
  return matrixFailure(error, 'signing out the other sessions');
}
