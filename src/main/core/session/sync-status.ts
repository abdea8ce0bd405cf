import { SyncState } from 'matrix-js-sdk';
import type { ISyncStateData } from 'matrix-js-sdk/lib/sync.js';
import type { SyncStatus } from '../../../shared/model/session.ts';

/**
 * The SDK's sync states, reduced to what the UI's quiet status indicator shows. State replayed from
 * the local cache is not "up to date": until the server has answered, the status stays connecting.
 *
 * The SDK reports ERROR as soon as one connectivity probe fails (and after three failed /sync
 * requests), whatever the cause. A server that cannot be reached at all is `offline` — the sync loop
 * keeps probing and recovers by itself — while `error` is kept for a server that answered with an
 * error (an HTTP status or a Matrix errcode), which the user or an administrator may have to act on.
 */
export function toSyncStatus(state: SyncState, data?: ISyncStateData | null): SyncStatus {
  switch (state) {
    case SyncState.Prepared:
      return data?.fromCache ? { state: 'connecting' } : { state: 'syncing' };
    case SyncState.Syncing:
      return { state: 'syncing' };
    case SyncState.Catchup:
      // The server answers again; the /sync that fetches what was missed has not returned yet.
      return { state: 'connecting' };
    case SyncState.Reconnecting:
      return { state: 'offline' };
    case SyncState.Error: {
      const reason = failureReason(data?.error);
      return reason === null ? { state: 'offline' } : { state: 'error', reason };
    }
    case SyncState.Stopped:
      return { state: 'stopped' };
  }
}

/** No answer at all: refused, reset, unresolvable, or timed out by the SDK's own deadline. */
const UNREACHABLE = new Set(['ConnectionError', 'AbortError', 'TimeoutError']);

/** The server's errcode, else its HTTP status, else the kind of failure; null when nothing answered. */
function failureReason(error: unknown): string | null {
  if (!(error instanceof Error)) return 'unknown';
  const { errcode, httpStatus } = error as { errcode?: unknown; httpStatus?: unknown };
  if (typeof errcode === 'string' && errcode) return errcode;
  if (typeof httpStatus === 'number') return `HTTP_${httpStatus}`;
  return UNREACHABLE.has(error.name) ? null : error.name;
}
