import { ConnectionError, HTTPError, MatrixError, safeGetRetryAfterMs } from 'matrix-js-sdk';

/** What to do after an attempt failed: try again after `delayMs`, or stop with a code the UI explains. */
export type AttemptOutcome = { readonly retry: true; readonly code: string; readonly delayMs: number } | { readonly retry: false; readonly code: string };

/** A condition found before sending, not an error from the server (outbox/message-sender.ts). */
export class OutboxCondition extends Error {
  constructor(
    readonly code: 'WAITING_FOR_ROOM' | 'NOT_IN_ROOM' | 'ENCRYPTION_UNAVAILABLE' | 'TOO_LARGE' | 'FILE_MISSING',
    readonly retry: boolean,
  ) {
    super(code);
    this.name = 'OutboxCondition';
  }
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;
/** While the room is not in the client yet; a sync that brings it wakes the sender earlier. */
export const ROOM_WAIT_MS = 30_000;
/** Errors that are not the network's nor the server's (encryption, mostly) stop after this many tries. */
export const MAX_UNEXPLAINED_ATTEMPTS = 8;
/**
 * Synapse remembers a transaction ID for 24 hours (event_txn_id_device_id, cleaned up after a day):
 * beyond that a resend of a message that may have arrived could arrive twice. Automatic retries stop
 * short of it; the user may still retry by hand.
 */
export const DEDUPE_WINDOW_MS = 23 * 60 * 60 * 1000;

/** 1 s, 2 s, 4 s … capped at a minute, with jitter so that clients cut off together do not return together. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Classifies a failed attempt; `failures` counts this one. */
export function classifyFailure(error: unknown, failures: number, random: () => number = Math.random): AttemptOutcome {
  if (error instanceof OutboxCondition) {
    return error.retry ? { retry: true, code: error.code, delayMs: ROOM_WAIT_MS } : { retry: false, code: error.code };
  }
  if (error instanceof HTTPError && error.httpStatus !== undefined) return classifyHttp(error, failures, random);
  if (isNetworkError(error)) return { retry: true, code: 'NETWORK', delayMs: backoffMs(failures, random) };
  if (failures >= MAX_UNEXPLAINED_ATTEMPTS) return { retry: false, code: 'ENCRYPTION' };
  return { retry: true, code: 'ENCRYPTION', delayMs: backoffMs(failures, random) };
}

function classifyHttp(error: HTTPError, failures: number, random: () => number): AttemptOutcome {
  const status = error.httpStatus ?? 0;
  const errcode = error instanceof MatrixError ? error.errcode : undefined;
  if (status === 429 || errcode === 'M_LIMIT_EXCEEDED') {
    // The server says when: retry_after_ms in the body (Synapse), or a Retry-After header (spec ≥ 1.10).
    const fallback = backoffMs(failures, random);
    const serverMs = safeGetRetryAfterMs(error, fallback);
    // A little on top, so the retry lands after the server's window rather than on its edge.
    return { retry: true, code: 'RATE_LIMITED', delayMs: Math.min(serverMs, DEDUPE_WINDOW_MS) + Math.round(random() * 250) };
  }
  if (status >= 500 || status === 408) return { retry: true, code: 'SERVER_ERROR', delayMs: backoffMs(failures, random) };
  if (status === 413 || errcode === 'M_TOO_LARGE') return { retry: false, code: 'TOO_LARGE' };
  if (errcode === 'M_FORBIDDEN') return { retry: false, code: 'FORBIDDEN' };
  return { retry: false, code: errcode ?? `HTTP_${status}` };
}

/** No answer at all: refused, reset, unresolvable, or cut off by our own deadline. */
function isNetworkError(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (!(error instanceof Error)) return false;
  return error.name === 'AbortError' || error.name === 'TimeoutError' || (error instanceof TypeError && /fetch/i.test(error.message));
}
