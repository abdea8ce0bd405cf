import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { signInFailure } from '../../../src/main/core/session/sign-in-errors.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';

/** The SDK's own error objects, as it builds them from a server's answer, mapped to the UI's codes. */
describe('signInFailure', () => {
  it.each([
    [{ errcode: 'M_FORBIDDEN', error: 'Invalid username or password' }, 403, 'INVALID_CREDENTIALS'],
    [{ errcode: 'M_INVALID_USERNAME', error: 'bad' }, 400, 'INVALID_CREDENTIALS'],
    [{ errcode: 'M_USER_DEACTIVATED', error: 'This account has been deactivated' }, 403, 'USER_DEACTIVATED'],
    [{ errcode: 'M_UNKNOWN', error: 'boom' }, 500, 'INTERNAL'],
  ])('%j (HTTP %i) → %s', (body, status, code) => {
    expect(signInFailure(new MatrixError(body, status)).code).toBe(code);
  });

  it('carries the wait time of a rate limit, from the body or the Retry-After header', () => {
    const fromBody = signInFailure(new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'slow', retry_after_ms: 2500 }, 429));
    expect(fromBody).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 2500 } });
    const fromHeader = signInFailure(
      new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'slow' }, 429, undefined, undefined, new Headers({ 'Retry-After': '7' })),
    );
    expect(fromHeader).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 7000 } });
  });

  it('reports connection failures as NETWORK and passes typed failures through', () => {
    expect(signInFailure(new ConnectionError('fetch failed')).code).toBe('NETWORK');
    const typed = new AppFailure('UNSUPPORTED_LOGIN_FLOW', 'no passwords');
    expect(signInFailure(typed)).toBe(typed);
    expect(signInFailure(new Error('weird')).code).toBe('INTERNAL');
  });
});
