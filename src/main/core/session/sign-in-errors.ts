import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';

/**
 * Turns what matrix-js-sdk throws during sign-in into a typed failure the UI can explain.
 * Messages carry no secrets; the renderer translates the code, the message is for logs and tests.
 */
export function signInFailure(error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  if (error instanceof MatrixError) {
    if (error.errcode === 'M_FORBIDDEN' || error.errcode === 'M_INVALID_USERNAME' || error.errcode === 'M_USER_DEACTIVATED') {
      return new AppFailure('INVALID_CREDENTIALS', `the homeserver refused the sign-in (${error.errcode})`);
    }
    return new AppFailure('INTERNAL', `the homeserver answered ${error.errcode ?? error.httpStatus ?? 'an error'}`);
  }
  if (error instanceof ConnectionError || error instanceof TypeError) {
    return new AppFailure('NETWORK', 'the homeserver could not be reached');
  }
  return new AppFailure('INTERNAL', 'sign-in failed unexpectedly');
}
