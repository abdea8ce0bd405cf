import type { AppError } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { ListPatch } from '../../shared/model/list.ts';
import type { TimelineItem, TimelinePatches, TimelineWindowView } from '../../shared/model/timeline.ts';

/** How the last change altered the list, so the view can keep its scroll position: a prepend must not jump. */
export type TimelineChange = 'load' | 'prepend' | 'append' | 'update' | 'reset';

const PAGE_SIZE = 40;

/**
 * One room's open timeline window: opened on start(), closed on dispose(). Patches for this window
 * are applied in order; a gap in their sequence numbers (a reconnect, a lost event) reopens the
 * window rather than guessing what was missed.
 */
export class TimelineModel {
  readonly roomId: string;
  #bridge: BridgeApi;
  #windowId: string | null = null;
  #seq = 0;
  #items = $state.raw<readonly TimelineItem[]>([]);
  #hasMoreBefore = $state(false);
  #loading = $state(true);
  #paginating = $state(false);
  #error = $state<AppError | null>(null);
  #readMarkerEventId = $state<string | null>(null);
  #lastChange = $state<TimelineChange>('load');
  /** Items appended by the last change (0 unless it was an append). */
  #appended = $state.raw<readonly TimelineItem[]>([]);
  #stop: Unsubscribe | undefined;
  #disposed = false;
  #lastRead: string | null = null;
  #openedBefore = false;

  constructor(bridge: BridgeApi, roomId: string) {
    this.#bridge = bridge;
    this.roomId = roomId;
  }

  get items(): readonly TimelineItem[] {
    return this.#items;
  }
  get hasMoreBefore(): boolean {
    return this.#hasMoreBefore;
  }
  /** True until the window first opened (or while it reopens after a gap). */
  get loading(): boolean {
    return this.#loading;
  }
  get paginating(): boolean {
    return this.#paginating;
  }
  get error(): AppError | null {
    return this.#error;
  }
  /** Where the fully-read marker was when the room was opened. */
  get readMarkerEventId(): string | null {
    return this.#readMarkerEventId;
  }
  get lastChange(): TimelineChange {
    return this.#lastChange;
  }
  get appended(): readonly TimelineItem[] {
    return this.#appended;
  }

  async start(): Promise<void> {
    this.#stop = this.#bridge.on('timeline.patch', (patches) => this.#onPatches(patches));
    await this.#open();
  }

  /** After the window failed to open: tries again. */
  async reload(): Promise<void> {
    this.#error = null;
    await this.#open();
  }

  dispose(): void {
    this.#disposed = true;
    this.#stop?.();
    this.#stop = undefined;
    this.#closeWindow();
  }

  /** Loads older events; does nothing while a page is on its way or when the beginning is reached. */
  async paginate(): Promise<void> {
    const windowId = this.#windowId;
    if (!windowId || this.#paginating || !this.#hasMoreBefore) return;
    this.#paginating = true;
    try {
      const result = await this.#bridge.invoke('timeline.paginate', { windowId, limit: PAGE_SIZE });
      if (windowId !== this.#windowId) return;
      if (result.ok) this.#hasMoreBefore = result.value.hasMoreBefore;
      else this.#error = result.error;
    } finally {
      this.#paginating = false;
    }
  }

  /** Tells the server the user has read up to this event; repeated calls for the same event are dropped. */
  async markRead(eventId: string): Promise<void> {
    if (eventId === this.#lastRead || !eventId.startsWith('$')) return;
    this.#lastRead = eventId;
    const result = await this.#bridge.invoke('timeline.markRead', { roomId: this.roomId, eventId });
    if (!result.ok && this.#lastRead === eventId) this.#lastRead = null;
  }

  async #open(): Promise<void> {
    this.#loading = true;
    const result = await this.#bridge.invoke('timeline.open', { roomId: this.roomId });
    if (this.#disposed) {
      if (result.ok) void this.#bridge.invoke('timeline.close', { windowId: result.value.windowId });
      return;
    }
    this.#loading = false;
    if (!result.ok) {
      this.#error = result.error;
      return;
    }
    this.#apply(result.value);
  }

  #apply(view: TimelineWindowView): void {
    const reopened = this.#openedBefore;
    this.#openedBefore = true;
    this.#windowId = view.windowId;
    this.#seq = view.seq;
    this.#error = null;
    this.#hasMoreBefore = view.hasMoreBefore;
    // The marker stays where it was when the room was first opened, so it does not move while read.
    if (!reopened) this.#readMarkerEventId = view.readMarkerEventId;
    this.#change(view.items, reopened ? 'reset' : 'load');
  }

  #onPatches(patches: TimelinePatches): void {
    if (patches.windowId !== this.#windowId) return;
    if (patches.seq <= this.#seq) return;
    if (patches.seq !== this.#seq + 1) {
      this.#reopen();
      return;
    }
    this.#seq = patches.seq;
    this.#hasMoreBefore = patches.hasMoreBefore;
    let items = this.#items;
    let kind: TimelineChange = 'update';
    for (const patch of patches.patches) {
      const next = applyPatch(items, patch);
      kind = strongest(kind, classify(items, next, patch));
      items = next;
    }
    this.#change(items, kind);
  }

  #change(items: readonly TimelineItem[], kind: TimelineChange): void {
    const before = this.#items;
    this.#appended = kind === 'append' ? items.slice(before.length) : [];
    this.#lastChange = kind;
    this.#items = items;
  }

  #reopen(): void {
    this.#closeWindow();
    void this.#open();
  }

  #closeWindow(): void {
    const windowId = this.#windowId;
    if (!windowId) return;
    this.#windowId = null;
    void this.#bridge.invoke('timeline.close', { windowId });
  }
}

function applyPatch(items: readonly TimelineItem[], patch: ListPatch<TimelineItem>): readonly TimelineItem[] {
  switch (patch.op) {
    case 'reset':
      return patch.items;
    case 'add':
      return [...items.filter((item) => item.id !== patch.item.id), patch.item];
    case 'update':
      return items.map((item) => (item.id === patch.item.id ? patch.item : item));
    case 'remove':
      return items.filter((item) => item.id !== patch.id);
  }
}

function classify(before: readonly TimelineItem[], after: readonly TimelineItem[], patch: ListPatch<TimelineItem>): TimelineChange {
  if (patch.op === 'add') return 'append';
  if (patch.op !== 'reset') return 'update';
  // Back-pagination arrives as a reset whose tail is the previous list.
  const offset = after.length - before.length;
  if (before.length > 0 && offset > 0 && before.every((item, index) => after[offset + index]?.id === item.id)) return 'prepend';
  return 'reset';
}

const RANK: Record<TimelineChange, number> = { update: 0, append: 1, prepend: 2, load: 3, reset: 4 };
function strongest(a: TimelineChange, b: TimelineChange): TimelineChange {
  if ((a === 'append' && b === 'prepend') || (a === 'prepend' && b === 'append')) return 'reset';
  return RANK[a] >= RANK[b] ? a : b;
}
