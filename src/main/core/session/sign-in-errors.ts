import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';

/**
 * Turns what matrix-js-sdk throws during sign-in into a typed failure the UI can explain.
 * Messages carry no secrets; the renderer translates the code, the message is for logs and tests.
 */
export function signInFailure(error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  if (error instanceof MatrixError) {
    switch (error.errcode) {
      // Synapse answers M_FORBIDDEN for an unknown user too, so as not to reveal which accounts exist.
      case 'M_FORBIDDEN':
      case 'M_INVALID_USERNAME':
        return new AppFailure('INVALID_CREDENTIALS', `the homeserver refused the sign-in (${error.errcode})`);
      case 'M_USER_DEACTIVATED':
        return new AppFailure('USER_DEACTIVATED', 'this account has been deactivated');
      case 'M_LIMIT_EXCEEDED': {
        const retryAfterMs = retryAfter(error);
        return new AppFailure('RATE_LIMITED', 'too many attempts', retryAfterMs === undefined ? undefined : { retryAfterMs });
      }
    }
    return new AppFailure('INTERNAL', `the homeserver answered ${error.errcode ?? error.httpStatus ?? 'an error'}`);
  }
  if (error instanceof ConnectionError || error instanceof TypeError) {
    return new AppFailure('NETWORK', 'the homeserver could not be reached');
  }
  return new AppFailure('INTERNAL', 'sign-in failed unexpectedly');
}

function retryAfter(error: MatrixError): number | undefined {
  const fromBody = (error.data as { retry_after_ms?: unknown }).retry_after_ms;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0) return fromBody;
  const header = Number(error.httpHeaders?.get('Retry-After'));
  return Number.isFinite(header) && header >= 0 ? header * 1000 : undefined;
}
