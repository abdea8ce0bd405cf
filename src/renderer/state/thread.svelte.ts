import { SvelteMap } from 'svelte/reactivity';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { ThreadView } from '../../shared/model/timeline.ts';

/** How long the panel waits after a change in the room before it reads the thread again. */
const REFRESH_DELAY_MS = 150;

/**
 * The open thread panel's contents: `threads.get` when it opens, and again whenever the room's
 * timeline or this device's outbox changes (a reply arrived, or one of ours was sent).
 */
export class ThreadModel {
  readonly roomId: string;
  readonly rootId: string;
  #bridge: BridgeApi;
  #view = $state.raw<ThreadView | null>(null);
  #failed = $state(false);
  #stops: Unsubscribe[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(bridge: BridgeApi, roomId: string, rootId: string) {
    this.#bridge = bridge;
    this.roomId = roomId;
    this.rootId = rootId;
  }

  get view(): ThreadView | null {
    return this.#view;
  }
  get failed(): boolean {
    return this.#failed;
  }

  start(): void {
    const soon = (): void => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
    };
    this.#stops = [this.#bridge.on('timeline.patch', soon), this.#bridge.on('outbox.patch', soon)];
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const result = await this.#bridge.invoke('threads.get', { roomId: this.roomId, rootId: this.rootId });
    if (this.#disposed) return;
    this.#failed = !result.ok;
    if (result.ok) {
      this.#view = result.value;
      const newest = result.value.replies.at(-1);
      if (newest) markThreadSeen(this.rootId, newest.ts);
    }
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    for (const stop of this.#stops) stop();
  }
}

/**
 * When the user last read each thread (the newest reply's time), for "new replies" on its summary.
 * In memory for this run of the app: threaded read receipts (MSC3771) are to carry it across devices.
 */
const seen = new SvelteMap<string, number>();
const MAX_SEEN = 1000;

export function markThreadSeen(rootId: string, ts: number): void {
  if ((seen.get(rootId) ?? 0) >= ts) return;
  if (seen.size >= MAX_SEEN) {
    const oldest = seen.keys().next().value;
    if (oldest !== undefined) seen.delete(oldest);
  }
  seen.set(rootId, ts);
}

/** Replies newer than what was read (or never opened). */
export const threadHasNew = (rootId: string, latestTs: number): boolean => latestTs > (seen.get(rootId) ?? 0);
