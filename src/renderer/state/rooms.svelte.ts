import { getContext, setContext } from 'svelte';
import type { AppError, Result } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { ListPatches } from '../../shared/model/list.ts';
import type { RoomSummary } from '../../shared/model/rooms.ts';
import { applyRoomPatches, emptyRooms, emptySet, roomsById, withItem } from './room-patches.ts';
import { buildSections, type RoomSection, type SectionId } from './room-sections.ts';

export type { RoomSection, SectionId };

export interface NewRoom {
  readonly name: string;
  readonly topic: string;
  readonly encrypted: boolean;
  readonly visibility: 'private' | 'public';
}

/** What an action reports back to the view: nothing on success, else the error to explain. */
export type ActionOutcome = { readonly ok: true } | { readonly ok: false; readonly error: AppError };
/** `listed`: whether the server put a public room in its directory (many allow only admins to). */
export type CreateOutcome = { readonly ok: true; readonly listed: boolean } | { readonly ok: false; readonly error: AppError };

/**
 * The room list as the sidebar shows it: the core's rows (a snapshot, then numbered patches),
 * grouped into sections, filtered, with the open room and the actions on rooms.
 */
export class RoomsModel {
  #bridge: BridgeApi;
  // Initialised here (then set by the constructor) because the derived sections below read it.
  #userId = '';
  #rooms = $state.raw<ReadonlyMap<string, RoomSummary>>(emptyRooms());
  #loaded = $state(false);
  #filter = $state('');
  #selectedId = $state<string | null>(null);
  #collapsed = $state.raw<ReadonlySet<SectionId>>(emptySet());
  #busy = $state.raw<ReadonlySet<string>>(emptySet());
  #sections = $derived(buildSections(this.#rooms.values(), this.#filter, this.#userId));
  #seq = 0;
  /** Patches that arrived while the snapshot was on its way; applied after it in order. */
  #pending: ListPatches<RoomSummary>[] | null = null;
  /** A room just created or joined: opened as soon as its row arrives. */
  #openWhenListed: string | null = null;
  #stops: Unsubscribe[] = [];
  #disposed = false;

  /** `reopen`: a room to open once the list has it (the one open before the window was made again). */
  constructor(bridge: BridgeApi, userId: string, reopen: string | null = null) {
    this.#bridge = bridge;
    this.#userId = userId;
    this.#openWhenListed = reopen;
  }

  get loaded(): boolean {
    return this.#loaded;
  }
  /** The signed-in user. */
  get userId(): string {
    return this.#userId;
  }

  get rooms(): readonly RoomSummary[] {
    return [...this.#rooms.values()];
  }
  get sections(): readonly RoomSection[] {
    return this.#sections;
  }
  /** The rooms in the order the sidebar shows them, skipping collapsed sections unless a filter is on. */
  get visibleRooms(): readonly RoomSummary[] {
    return this.#sections.flatMap((section) => (this.isCollapsed(section.id) ? [] : section.rooms));
  }
  get filter(): string {
    return this.#filter;
  }
  set filter(value: string) {
    this.#filter = value;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  get selected(): RoomSummary | null {
    return this.#selectedId === null ? null : (this.#rooms.get(this.#selectedId) ?? null);
  }

  room(id: string): RoomSummary | undefined {
    return this.#rooms.get(id);
  }
  isBusy(roomId: string): boolean {
    return this.#busy.has(roomId);
  }
  /** A filter shows every match, so collapsing never hides a search result. */
  isCollapsed(section: SectionId): boolean {
    return this.#filter.trim() === '' && this.#collapsed.has(section);
  }
  toggleSection(section: SectionId): void {
    this.#collapsed = withItem(this.#collapsed, section, !this.#collapsed.has(section));
  }

  select(roomId: string | null): void {
    this.#selectedId = roomId !== null && this.#rooms.has(roomId) ? roomId : null;
  }

  /** Shows the room now, or as soon as the list has it (just joined, not synced yet). */
  open(roomId: string): void {
    this.#open(roomId);
  }

  /** Alt+ArrowUp/Down: the previous or next room in the sidebar's order, wrapping around. */
  selectAdjacent(step: 1 | -1): void {
    const rooms = this.visibleRooms;
    if (rooms.length === 0) return;
    const index = rooms.findIndex((room) => room.id === this.#selectedId);
    const next = index === -1 ? (step === 1 ? 0 : rooms.length - 1) : (index + step + rooms.length) % rooms.length;
    this.#selectedId = rooms[next]?.id ?? null;
  }

  async start(): Promise<void> {
    this.#stops.push(this.#bridge.on('rooms.patch', (batch) => this.#receive(batch)));
    await this.#reload();
  }

  dispose(): void {
    this.#disposed = true;
    for (const stop of this.#stops.splice(0)) stop();
  }

  acceptInvite(roomId: string): Promise<ActionOutcome> {
    return this.#act(roomId, async () => {
      const result = await this.#bridge.invoke('rooms.join', { roomId });
      if (result.ok) this.#open(roomId);
      return result;
    });
  }

  declineInvite(roomId: string): Promise<ActionOutcome> {
    return this.#act(roomId, () => this.#bridge.invoke('rooms.leave', { roomId }));
  }

  leave(roomId: string): Promise<ActionOutcome> {
    return this.#act(roomId, () => this.#bridge.invoke('rooms.leave', { roomId }));
  }

  setFavourite(roomId: string, favourite: boolean): Promise<ActionOutcome> {
    return this.#act(roomId, () => this.#bridge.invoke('rooms.setFavourite', { roomId, favourite }));
  }

  async createDirect(userId: string): Promise<ActionOutcome> {
    const result = await this.#bridge.invoke('rooms.createDirect', { userId: userId.trim() });
    if (!result.ok) return result;
    this.#open(result.value.roomId);
    return { ok: true };
  }

  async create(room: NewRoom): Promise<CreateOutcome> {
    const result = await this.#bridge.invoke('rooms.create', { ...room, name: room.name.trim(), topic: room.topic.trim() });
    if (!result.ok) return result;
    this.#open(result.value.roomId);
    return { ok: true, listed: result.value.listed };
  }

  async #act(roomId: string, run: () => Promise<Result<unknown>>): Promise<ActionOutcome> {
    this.#busy = withItem(this.#busy, roomId, true);
    try {
      const result = await run();
      return result.ok ? { ok: true } : result;
    } finally {
      this.#busy = withItem(this.#busy, roomId, false);
    }
  }

  /** Opens the room now if its row is here, else when it arrives (a new room's row follows its creation). */
  #open(roomId: string): void {
    if (this.#rooms.has(roomId)) {
      this.#selectedId = roomId;
      this.#openWhenListed = null;
    } else {
      this.#openWhenListed = roomId;
    }
  }

  async #reload(): Promise<void> {
    this.#pending = [];
    const snapshot = await this.#bridge.invoke('rooms.list', {});
    if (this.#disposed) return;
    const queued = this.#pending;
    this.#pending = null;
    if (!snapshot.ok) {
      // Nothing to show yet; the next patch finds a gap and tries again.
      this.#loaded = true;
      return;
    }
    this.#seq = snapshot.value.seq;
    this.#commit(roomsById(snapshot.value.items));
    this.#loaded = true;
    for (const batch of queued) this.#receive(batch);
  }

  #receive(batch: ListPatches<RoomSummary>): void {
    if (this.#pending) {
      this.#pending.push(batch);
      return;
    }
    if (batch.seq <= this.#seq) return;
    if (batch.seq !== this.#seq + 1) {
      void this.#reload();
      return;
    }
    this.#seq = batch.seq;
    this.#commit(applyRoomPatches(this.#rooms, batch.patches));
  }

  #commit(rooms: ReadonlyMap<string, RoomSummary>): void {
    this.#rooms = rooms;
    if (this.#selectedId !== null && !rooms.has(this.#selectedId)) this.#selectedId = null;
    if (this.#openWhenListed !== null && rooms.has(this.#openWhenListed)) {
      this.#selectedId = this.#openWhenListed;
      this.#openWhenListed = null;
    }
  }
}

const roomsKey = Symbol('rooms');
/** The workspace's room list, for views deep inside it (the composer's #-autocomplete). */
export const provideRooms = (rooms: RoomsModel): RoomsModel => setContext(roomsKey, rooms);
export const useRooms = (): RoomsModel | null => getContext<RoomsModel | undefined>(roomsKey) ?? null;
