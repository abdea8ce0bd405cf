import { ConnectionError, MatrixError, SyncState } from 'matrix-js-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReconnectPacer } from '../../../src/main/core/session/sync-loop.ts';

const refused = { error: new ConnectionError('fetch failed') };
/** Jitter pinned to its upper end, so each step waits exactly its nominal length. */
const noJitter = (): number => 1;

describe('createReconnectPacer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  /** Feeds the pacer failures as the SDK reports them and records when it probes. */
  function rig(steps = [500, 1_000, 2_000]) {
    const probes: number[] = [];
    const start = Date.now();
    const pacer = createReconnectPacer(
      () => {
        probes.push(Date.now() - start);
        return true;
      },
      steps,
      noJitter,
    );
    return { pacer, probes };
  }

  it('probes after growing steps while the server stays away, then leaves the pace to the SDK', () => {
    const { pacer, probes } = rig();
    pacer.observe(SyncState.Reconnecting, refused); // the /sync failed
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10_000);
      pacer.observe(SyncState.Error, refused); // each probe fails
    }
    expect(probes).toEqual([500, 10_000 + 1_000, 20_000 + 2_000]);
  });

  it('waits between half and the whole of a step', () => {
    const probes: number[] = [];
    const pacer = createReconnectPacer(() => probes.push(Date.now()) > 0, [1_000], () => 0);
    const start = Date.now();
    pacer.observe(SyncState.Reconnecting, refused);
    vi.advanceTimersByTime(499);
    expect(probes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(probes).toEqual([start + 500]);
  });

  it('starts over after a successful sync, and waits on a probe that answered (catch-up)', () => {
    const { pacer, probes } = rig();
    pacer.observe(SyncState.Reconnecting, refused);
    vi.advanceTimersByTime(500);
    pacer.observe(SyncState.Error, refused);
    pacer.observe(SyncState.Catchup, { catchingUp: true });
    vi.advanceTimersByTime(5_000);
    expect(probes).toEqual([500]);
    pacer.observe(SyncState.Syncing, {});
    pacer.observe(SyncState.Reconnecting, refused);
    vi.advanceTimersByTime(500);
    expect(probes).toEqual([500, 5_500 + 500]);
  });

  it('ignores replayed saved state, which says nothing about the connection', () => {
    const { pacer, probes } = rig();
    pacer.observe(SyncState.Error, refused);
    pacer.observe(SyncState.Prepared, { fromCache: true });
    vi.advanceTimersByTime(500);
    expect(probes).toEqual([500]);
  });

  it('never probes for a loop the SDK has ended: an invalid token, a stop, a disposal', () => {
    const { pacer, probes } = rig();
    pacer.observe(SyncState.Error, { error: new MatrixError({ errcode: 'M_UNKNOWN_TOKEN', error: 'gone' }, 401) });
    pacer.retryNow();
    pacer.observe(SyncState.Reconnecting, refused);
    pacer.observe(SyncState.Stopped);
    pacer.retryNow();
    pacer.observe(SyncState.Reconnecting, refused);
    pacer.dispose();
    pacer.retryNow();
    vi.advanceTimersByTime(60_000);
    expect(probes).toEqual([]);
  });

  it('retryNow() probes at once when offline, once per failure, and restarts the steps', () => {
    const { pacer, probes } = rig();
    pacer.retryNow(); // online: nothing to do
    expect(probes).toEqual([]);
    pacer.observe(SyncState.Reconnecting, refused);
    vi.advanceTimersByTime(100);
    pacer.retryNow();
    pacer.retryNow(); // our probe is still under way
    expect(probes).toEqual([100]);
    vi.advanceTimersByTime(10_000); // the step it replaced does not fire as well
    expect(probes).toEqual([100]);
    pacer.observe(SyncState.Error, refused); // that probe failed: the steps begin again from the first
    vi.advanceTimersByTime(500);
    expect(probes).toEqual([100, 10_100 + 500]);
  });
});
