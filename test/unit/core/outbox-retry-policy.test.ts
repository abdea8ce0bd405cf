import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffMs, classifyFailure, MAX_UNEXPLAINED_ATTEMPTS, OutboxCondition } from '../../../src/main/core/outbox/retry-policy.ts';

const half = () => 0.5;

describe('the outbox’s retry policy', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(30, () => 1)).toBe(BACKOFF_CAP_MS);
  });

  it('waits as long as the server asks when rate limited (retry_after_ms or Retry-After)', () => {
    const limited = new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 4_321 }, 429);
    const outcome = classifyFailure(limited, 1, () => 0);
    expect(outcome).toEqual({ retry: true, code: 'RATE_LIMITED', delayMs: 4_321 });
    const header = new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'slow down' }, 429, undefined, undefined, new Headers({ 'Retry-After': '7' }));
    expect(classifyFailure(header, 1, () => 0)).toMatchObject({ retry: true, delayMs: 7_000 });
    // No hint from the server: the usual backoff.
    expect(classifyFailure(new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: '' }, 429), 3, () => 0)).toMatchObject({ delayMs: 2_000 });
  });

  it('retries network failures and server errors', () => {
    expect(classifyFailure(new ConnectionError('fetch failed'), 2, half)).toMatchObject({ retry: true, code: 'NETWORK' });
    expect(classifyFailure(new TypeError('fetch failed'), 1, half)).toMatchObject({ retry: true, code: 'NETWORK' });
    expect(classifyFailure(Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 1, half)).toMatchObject({ retry: true, code: 'NETWORK' });
    expect(classifyFailure(new MatrixError({ errcode: 'M_UNKNOWN', error: 'oops' }, 502), 1, half)).toMatchObject({ retry: true, code: 'SERVER_ERROR' });
  });

  it('stops at refusals no retry can change', () => {
    expect(classifyFailure(new MatrixError({ errcode: 'M_FORBIDDEN', error: 'not in room' }, 403), 1, half)).toEqual({ retry: false, code: 'FORBIDDEN' });
    expect(classifyFailure(new MatrixError({ errcode: 'M_TOO_LARGE', error: 'big' }, 413), 1, half)).toEqual({ retry: false, code: 'TOO_LARGE' });
    expect(classifyFailure(new MatrixError({ errcode: 'M_UNKNOWN_TOKEN', error: 'gone' }, 401), 1, half)).toEqual({ retry: false, code: 'M_UNKNOWN_TOKEN' });
    expect(classifyFailure(new MatrixError({}, 400), 1, half)).toEqual({ retry: false, code: 'HTTP_400' });
  });

  it('retries other failures (encryption) a few times only', () => {
    expect(classifyFailure(new Error('Cannot encrypt event in unconfigured room'), 1, half)).toMatchObject({ retry: true, code: 'ENCRYPTION' });
    expect(classifyFailure(new Error('still broken'), MAX_UNEXPLAINED_ATTEMPTS, half)).toEqual({ retry: false, code: 'ENCRYPTION' });
  });

  it('waits for a room the client does not know yet, and fails for a room it is not in', () => {
    expect(classifyFailure(new OutboxCondition('WAITING_FOR_ROOM', true), 1, half)).toMatchObject({ retry: true, code: 'WAITING_FOR_ROOM' });
    expect(classifyFailure(new OutboxCondition('NOT_IN_ROOM', false), 1, half)).toEqual({ retry: false, code: 'NOT_IN_ROOM' });
  });
});
