import { ConnectionError, HTTPError, MatrixError, SyncState } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { toSyncStatus } from '../../../src/main/core/session/sync-status.ts';

/** The SDK's sync states and errors, as SyncApi emits them, reduced to the renderer's status. */
describe('toSyncStatus', () => {
  it('is connecting until the server has answered, then syncing', () => {
    expect(toSyncStatus(SyncState.Prepared, { fromCache: true })).toEqual({ state: 'connecting' });
    expect(toSyncStatus(SyncState.Prepared, {})).toEqual({ state: 'syncing' });
    expect(toSyncStatus(SyncState.Syncing, {})).toEqual({ state: 'syncing' });
    // A probe answered after an outage; the catch-up /sync is still on its way.
    expect(toSyncStatus(SyncState.Catchup, { catchingUp: true })).toEqual({ state: 'connecting' });
    expect(toSyncStatus(SyncState.Stopped)).toEqual({ state: 'stopped' });
  });

  it('is offline while the server cannot be reached, however often a probe fails', () => {
    const refused = new ConnectionError('fetch failed', new TypeError('ECONNREFUSED'));
    expect(toSyncStatus(SyncState.Reconnecting, { error: refused })).toEqual({ state: 'offline' });
    // SyncApi reports ERROR on the first failed keep-alive probe: that is still just offline.
    expect(toSyncStatus(SyncState.Error, { error: refused })).toEqual({ state: 'offline' });
    const timedOut = Object.assign(new Error('The operation timed out'), { name: 'TimeoutError' });
    expect(toSyncStatus(SyncState.Error, { error: timedOut })).toEqual({ state: 'offline' });
  });

  it('is an error, with a reason for support, when the server answers with one', () => {
    expect(toSyncStatus(SyncState.Error, { error: new MatrixError({ errcode: 'M_UNKNOWN_TOKEN', error: 'gone' }, 401) })).toEqual({
      state: 'error',
      reason: 'M_UNKNOWN_TOKEN',
    });
    // A reverse proxy in front of a stopped homeserver: an HTTP status without a Matrix body.
    expect(toSyncStatus(SyncState.Error, { error: new HTTPError('Server returned 502 error', 502) })).toEqual({ state: 'error', reason: 'HTTP_502' });
    expect(toSyncStatus(SyncState.Error, { error: new RangeError('bug') })).toEqual({ state: 'error', reason: 'RangeError' });
    expect(toSyncStatus(SyncState.Error, {})).toEqual({ state: 'error', reason: 'unknown' });
    // Before the third failed /sync in a row the SDK still says RECONNECTING, whatever the cause.
    expect(toSyncStatus(SyncState.Reconnecting, { error: new HTTPError('Server returned 500 error', 500) })).toEqual({ state: 'offline' });
  });
});
