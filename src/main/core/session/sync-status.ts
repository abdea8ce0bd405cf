import { SyncState } from 'matrix-js-sdk';
import type { ISyncStateData } from 'matrix-js-sdk/lib/sync.js';
import type { SyncStatus } from '../../../shared/model/session.ts';

/**
 * The SDK's sync states, reduced to what the UI's quiet status indicator shows. State replayed from
 * the local cache is not "up to date": until the server has answered, the status stays connecting.
 */
export function toSyncStatus(state: SyncState, data?: ISyncStateData | null): SyncStatus {
  switch (state) {
    case SyncState.Prepared:
      return data?.fromCache ? { state: 'connecting' } : { state: 'syncing' };
    case SyncState.Syncing:
    case SyncState.Catchup:
      return { state: 'syncing' };
    case SyncState.Reconnecting:
      return { state: 'offline' };
    case SyncState.Error:
      return { state: 'error', reason: (data?.error as { errcode?: string } | undefined)?.errcode ?? data?.error?.name ?? 'unknown' };
    case SyncState.Stopped:
      return { state: 'stopped' };
  }
}
