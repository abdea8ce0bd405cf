import type { OutboxRow } from './outbox-store.ts';

/** One sender per room with unsent messages: order is kept within a room, rooms don't wait for each other. */
export interface RoomQueues {
  /** Starts the room's sender if it is not running, or wakes it from a wait. */
  kick(roomId: string): void;
  /** Stops every sender; resolves when their current attempts have ended, or after a grace period. */
  stop(): Promise<void>;
}

export interface RoomQueueDeps {
  /** The room's oldest unsent row, read from the store each time: the store is the truth, not memory. */
  head(roomId: string): OutboxRow | undefined;
  /** One attempt; it records the outcome (sent, failed, or queued with a time to try again). */
  attempt(row: OutboxRow): Promise<void>;
  now(): number;
  onError(error: unknown): void;
}

/** How long stop() waits for attempts under way (an encryption may be sharing keys) before it lets go. */
const STOP_GRACE_MS = 5_000;

export function createRoomQueues(deps: RoomQueueDeps): RoomQueues {
  const running = new Map<string, { wake: () => void; done: Promise<void> }>();
  let stopped = false;

  async function drain(roomId: string, queue: { wake: () => void }): Promise<void> {
    // Let the caller (a command handler, say) finish its turn first.
    await Promise.resolve();
    while (!stopped) {
      const row = deps.head(roomId);
      // A failed message holds back the ones behind it, so the room's order survives a retry.
      if (!row || row.state === 'failed') {
        // In the same turn as the read: a message queued after this sees no sender and starts one.
        running.delete(roomId);
        return;
      }
      const wait = row.nextAttemptAt - deps.now();
      if (wait > 0) await sleep(queue, wait);
      else await deps.attempt(row);
    }
  }

  return {
    kick(roomId) {
      if (stopped) return;
      const existing = running.get(roomId);
      if (existing) return existing.wake();
      const queue = { wake: () => {}, done: Promise.resolve() };
      running.set(roomId, queue);
      queue.done = drain(roomId, queue)
        .catch(deps.onError)
        .finally(() => {
          if (running.get(roomId) === queue) running.delete(roomId);
        });
    },
    async stop() {
      stopped = true;
      const queues = [...running.values()];
      for (const queue of queues) queue.wake();
      await Promise.race([Promise.allSettled(queues.map((queue) => queue.done)), delay(STOP_GRACE_MS)]);
    },
  };
}

/** Sleeps `ms`, or until the queue is woken. */
function sleep(queue: { wake: () => void }, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      queue.wake = () => {};
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    queue.wake = done;
  });
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
