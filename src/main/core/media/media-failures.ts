/**
 * How media failures reach the renderer. Messages name what went wrong, never a URL, a token or a
 * body: they are shown to users and end up in logs.
 */
import { AppFailure, type ErrorCode } from '../../../shared/ipc/result.ts';

export const MEDIA_NOT_FOUND_CODE: ErrorCode = 'NOT_FOUND';
export const MEDIA_TOO_LARGE_CODE: ErrorCode = 'TOO_LARGE';

export const invalidMxc = (): AppFailure => new AppFailure('BAD_REQUEST', 'not a valid mxc:// URI');
export const mediaNotFound = (): AppFailure => new AppFailure(MEDIA_NOT_FOUND_CODE, 'media not found');
export const mediaTooLarge = (limit: number): AppFailure => new AppFailure(MEDIA_TOO_LARGE_CODE, `media is larger than ${limit} bytes`);
export const integrityFailure = (): AppFailure => new AppFailure('BAD_REQUEST', 'attachment integrity check failed');

const AUTH_ERRCODES: ReadonlySet<string> = new Set(['M_FORBIDDEN', 'M_UNKNOWN_TOKEN', 'M_MISSING_TOKEN', 'M_USER_LOCKED', 'M_USER_SUSPENDED']);
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** The failure for a non-2xx answer from the homeserver, given its status and Matrix errcode. */
export function failureForResponse(status: number, errcode: string | undefined, limit: number): AppFailure {
  // Servers before Matrix 1.11 (or with authenticated media off at a proxy) answer the v1 paths so.
  if (errcode === 'M_UNRECOGNIZED') return new AppFailure('INTERNAL', 'the homeserver does not support authenticated media');
  if (errcode === 'M_NOT_FOUND' || (status === 404 && errcode === undefined)) return mediaNotFound();
  if (errcode === 'M_TOO_LARGE' || status === 413) return mediaTooLarge(limit);
  if (status === 401 || status === 403 || (errcode !== undefined && AUTH_ERRCODES.has(errcode))) {
    return new AppFailure('FORBIDDEN', 'the homeserver refused access to this media');
  }
  if (TRANSIENT_STATUSES.has(status) || errcode === 'M_LIMIT_EXCEEDED') {
    return new AppFailure('NETWORK', `the homeserver is temporarily unable to serve media (HTTP ${status})`);
  }
  if (status === 400) return new AppFailure('BAD_REQUEST', `the homeserver refused the media request${errcode ? ` (${errcode})` : ''}`);
  return new AppFailure('INTERNAL', `unexpected answer from the homeserver (HTTP ${status}${errcode ? `, ${errcode}` : ''})`);
}

/** The `errcode` of a Matrix error body, if it is one; anything else is ignored. */
export function matrixErrcode(body: Uint8Array): string | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    const errcode = (parsed as { errcode?: unknown } | null)?.errcode;
    // Echoed into messages, so only the spec's shape of errcode gets through.
    return typeof errcode === 'string' && /^[A-Z][A-Z0-9_.]{0,63}$/.test(errcode) ? errcode : undefined;
  } catch {
    return undefined;
  }
}
