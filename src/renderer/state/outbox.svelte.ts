import type { AppError } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { ListPatches } from '../../shared/model/list.ts';
import type { OutboxItem } from '../../shared/model/outbox.ts';

/**
 * This device's messages on their way out (the local echoes), for every room: outbox.list, then
 * outbox.patch events; a gap in the sequence re-reads the list.
 */
export class OutboxModel {
  #bridge: BridgeApi;
  #items = $state.raw<readonly OutboxItem[]>([]);
  #seq = -1;
  #stop: Unsubscribe | undefined;
  #reading: Promise<void> | null = null;

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  get items(): readonly OutboxItem[] {
    return this.#items;
  }

  /** A room's echoes, oldest first, without those whose event the timeline already shows. */
  forRoom(roomId: string, shownEventIds: ReadonlySet<string>): OutboxItem[] {
    return this.#items
      .filter((item) => item.roomId === roomId && isNewMessage(item) && !(item.eventId && shownEventIds.has(item.eventId)))
      .toSorted((a, b) => a.createdAt - b.createdAt);
  }

  /** The room's unsent edits, reactions and deletions, by the event each changes, oldest first. */
  changesByTarget(roomId: string): ReadonlyMap<string, readonly OutboxItem[]> {
    // A fresh map per call, read inside $derived: its own reactivity would be wasted.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const byTarget = new Map<string, OutboxItem[]>();
    for (const item of this.#items.toSorted((a, b) => a.createdAt - b.createdAt)) {
      // A sent edit still shows until the timeline has it (the outbox drops it then): no flicker back to the old text.
      if (item.roomId !== roomId || isNewMessage(item) || !item.relation || item.relation.type === 'thread' || (item.state === 'sent' && item.relation.type !== 'edit')) continue;
      const list = byTarget.get(item.relation.eventId) ?? [];
      list.push(item);
      byTarget.set(item.relation.eventId, list);
    }
    return byTarget;
  }

  async start(): Promise<void> {
    this.#stop = this.#bridge.on('outbox.patch', (patches) => this.#onPatches(patches));
    await this.#read();
  }

  dispose(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  async retry(localId: string): Promise<AppError | null> {
    const result = await this.#bridge.invoke('messages.retry', { localId });
    return result.ok ? null : result.error;
  }

  async discard(localId: string): Promise<AppError | null> {
    const result = await this.#bridge.invoke('messages.discard', { localId });
    return result.ok ? null : result.error;
  }

  #read(): Promise<void> {
    this.#reading ??= (async () => {
      try {
        const result = await this.#bridge.invoke('outbox.list', {});
        if (result.ok) {
          this.#seq = result.value.seq;
          this.#items = result.value.items;
        }
      } finally {
        this.#reading = null;
      }
    })();
    return this.#reading;
  }

  #onPatches(patches: ListPatches<OutboxItem>): void {
    if (this.#reading) return void this.#reading.then(() => this.#onPatches(patches));
    if (patches.seq <= this.#seq) return;
    if (patches.seq !== this.#seq + 1) return void this.#read();
    this.#seq = patches.seq;
    let items = this.#items;
    for (const patch of patches.patches) {
      if (patch.op === 'reset') items = patch.items;
      else if (patch.op === 'add') items = [...items.filter((item) => item.localId !== patch.item.localId), patch.item];
      else if (patch.op === 'update') items = items.map((item) => (item.localId === patch.item.localId ? patch.item : item));
      else items = items.filter((item) => item.localId !== patch.id);
    }
    this.#items = items;
  }
}

/** A message of its own in the timeline (a reply too), rather than a change to another one. */
const isNewMessage = (item: OutboxItem): boolean => item.relation === null || item.relation.type === 'reply';
/* A thread reply (relation 'thread') is neither: its panel shows its echo. */
