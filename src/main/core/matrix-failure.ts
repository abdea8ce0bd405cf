import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { AppFailure } from '../../shared/ipc/result.ts';

/** A homeserver's refusal, as the UI can explain it; messages carry the errcode, never content. */
export function matrixFailure(error: unknown, action: string): AppFailure {
  if (error instanceof AppFailure) return error;
  if (error instanceof MatrixError) {
    switch (error.errcode) {
      case 'M_FORBIDDEN':
        return new AppFailure('FORBIDDEN', `${action}: not allowed`);
      case 'M_NOT_FOUND':
      case 'M_UNKNOWN':
        return error.httpStatus === 404 ? new AppFailure('NOT_FOUND', `${action}: not found`) : new AppFailure('INTERNAL', `${action}: ${error.errcode}`);
      case 'M_LIMIT_EXCEEDED': {
        const wait = (error.data as { retry_after_ms?: unknown }).retry_after_ms;
        return new AppFailure('RATE_LIMITED', `${action}: rate limited`, typeof wait === 'number' ? { retryAfterMs: wait } : undefined);
      }
      case 'M_INVALID_PARAM':
      case 'M_BAD_JSON':
        return new AppFailure('BAD_REQUEST', `${action}: ${error.errcode}`);
    }
    return new AppFailure('INTERNAL', `${action}: ${error.errcode ?? `HTTP ${error.httpStatus ?? '?'}`}`);
  }
  if (error instanceof ConnectionError || error instanceof TypeError) return new AppFailure('NETWORK', `${action}: homeserver unreachable`);
  return new AppFailure('INTERNAL', `${action}: unexpected error`);
}
