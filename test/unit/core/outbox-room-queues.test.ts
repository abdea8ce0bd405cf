import { describe, expect, it, vi } from 'vitest';
import type { OutboxState } from '../../../src/shared/model/outbox.ts';
import type { OutboxRow } from '../../../src/main/core/outbox/outbox-store.ts';
import { createRoomQueues } from '../../../src/main/core/outbox/room-queues.ts';

interface FakeRow {
  roomId: string;
  txnId: string;
  state: OutboxState;
  nextAttemptAt: number;
}

/** Rows in insertion order, as the store keeps them; attempts resolve when the test says so. */
function fakeOutbox(rows: FakeRow[]) {
  const started: string[] = [];
  const pending = new Map<string, (state: OutboxState) => void>();
  const queues = createRoomQueues({
    head: (roomId) => rows.find((row) => row.roomId === roomId && row.state !== 'sent') as unknown as OutboxRow | undefined,
    attempt: (row) =>
      new Promise<void>((done) => {
        started.push(row.txnId);
        pending.set(row.txnId, (state) => {
          const stored = rows.find((r) => r.txnId === row.txnId);
          if (stored) stored.state = state;
          done();
        });
      }),
    now: () => Date.now(),
    onError: (error) => {
      throw error;
    },
  });
  const finish = async (txnId: string, state: OutboxState = 'sent'): Promise<void> => {
    await vi.waitFor(() => expect(pending.has(txnId)).toBe(true));
    pending.get(txnId)?.(state);
    pending.delete(txnId);
  };
  return { queues, started, finish };
}

const row = (roomId: string, txnId: string, nextAttemptAt = 0): FakeRow => ({ roomId, txnId, state: 'queued', nextAttemptAt });

describe('the outbox’s room queues', () => {
  it('sends one message at a time per room, in order, and rooms side by side', async () => {
    const { queues, started, finish } = fakeOutbox([row('!a', 'a1'), row('!b', 'b1'), row('!a', 'a2')]);
    queues.kick('!a');
    queues.kick('!b');
    await vi.waitFor(() => expect(started).toEqual(['a1', 'b1']));
    await finish('a1');
    await vi.waitFor(() => expect(started).toEqual(['a1', 'b1', 'a2']));
    await finish('a2');
    await finish('b1');
    await queues.stop();
  });

  it('holds a room behind a failed message until it is kicked again', async () => {
    const rows = [row('!a', 'a1'), row('!a', 'a2')];
    const { queues, started, finish } = fakeOutbox(rows);
    queues.kick('!a');
    await finish('a1', 'failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual(['a1']);
    // Discarded: the next one goes.
    rows.splice(0, 1);
    queues.kick('!a');
    await finish('a2');
    expect(started).toEqual(['a1', 'a2']);
    await queues.stop();
  });

  it('waits until a message is due, and a kick wakes it early', async () => {
    const rows = [row('!a', 'a1', Date.now() + 60_000)];
    const { queues, started, finish } = fakeOutbox(rows);
    queues.kick('!a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([]);
    rows[0] = { ...rows[0], nextAttemptAt: 0 } as FakeRow;
    queues.kick('!a');
    await finish('a1');
    await queues.stop();
  });

  it('starts nothing once stopped', async () => {
    const { queues, started } = fakeOutbox([row('!a', 'a1')]);
    await queues.stop();
    queues.kick('!a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([]);
  });
});
