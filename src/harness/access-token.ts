import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The harness's door: a random one-time token in the printed URL is exchanged, once, for an
 * HttpOnly cookie; the WebSocket bridge and every page request then need that cookie.
 */
export interface HarnessAccess {
  readonly oneTimeToken: string;
  /** Consumes the one-time token; returns the session cookie value, or undefined if the token is wrong or used. */
  redeem(token: string | null): string | undefined;
  isSession(cookieValue: string | undefined): boolean;
}

export function createHarnessAccess(): HarnessAccess {
  const oneTimeToken = randomBytes(32).toString('base64url');
  const session = randomBytes(32).toString('base64url');
  let redeemed = false;
  return {
    oneTimeToken,
    redeem(token) {
      if (redeemed || token === null || !constantTimeEqual(token, oneTimeToken)) return undefined;
      redeemed = true;
      return session;
    },
    isSession: (value) => value !== undefined && constantTimeEqual(value, session),
  };
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const SESSION_COOKIE = 'plenum_harness';

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
