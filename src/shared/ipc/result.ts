/**
 * The one error shape that crosses the bridge. Electron's IPC keeps only an Error's message, so
 * failures travel as data (`Result`) rather than as thrown errors.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'FORBIDDEN',
  'NOT_SIGNED_IN',
  'ALREADY_SIGNED_IN',
  'NETWORK',
  'NOT_A_MATRIX_SERVER',
  'INVALID_CREDENTIALS',
  'USER_DEACTIVATED',
  'RATE_LIMITED',
  'UNSUPPORTED_LOGIN_FLOW',
  /** The server only offers the OAuth 2.0 sign-in of Matrix 1.15 (MSC3861), which Plenum does not do yet. */
  'OAUTH_NOT_SUPPORTED',
  /** Single sign-on: the user cancelled in Plenum (the browser cannot tell Plenum it was cancelled there). */
  'SSO_CANCELLED',
  /** Single sign-on: no answer came back from the browser in time. */
  'SSO_TIMEOUT',
  /** Single sign-on: an answer came back that Plenum did not ask for (its state differs); nothing was used. */
  'SSO_STATE_MISMATCH',
  /** Single sign-on: the system browser could not be opened. */
  'BROWSER_UNAVAILABLE',
  'KEYCHAIN_UNAVAILABLE',
  'NOT_FOUND',
  'TOO_LARGE',
  /** A setting or choice the institution's managed policy fixes (see src/shared/policy/policy-schema.ts). */
  'POLICY_LOCKED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Facts the UI needs to explain some failures; never secrets. */
export interface ErrorDetails {
  /** RATE_LIMITED: how long the server asks to wait. */
  readonly retryAfterMs?: number;
  /** UNSUPPORTED_LOGIN_FLOW: the login types the server does offer. */
  readonly supportedFlows?: readonly string[];
}

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: ErrorDetails): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** Thrown inside main by handlers that want a specific code to reach the renderer. */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  // Plain fields rather than parameter properties, so Node can run this file by stripping types.
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
