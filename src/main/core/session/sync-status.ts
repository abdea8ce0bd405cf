import { SyncState } from 'matrix-js-sdk';
import type { SyncStatus } from '../../../shared/model/session.ts';

/** The SDK's sync states, reduced to the four the UI's quiet status indicator shows. */
export function toSyncStatus(state: SyncState): SyncStatus {
  switch (state) {
    case SyncState.Prepared:
    case SyncState.Syncing:
    case SyncState.Catchup:
      return { state: 'syncing' };
    case SyncState.Reconnecting:
      return { state: 'offline' };
    case SyncState.Error:
      return { state: 'error' };
    case SyncState.Stopped:
      return { state: 'stopped' };
  }
}
