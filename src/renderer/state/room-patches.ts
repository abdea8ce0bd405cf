import type { ListPatch } from '../../shared/model/list.ts';
import type { RoomSummary } from '../../shared/model/rooms.ts';

/*
 * Copy-on-write helpers for the rooms model: it keeps its collections in $state.raw and replaces
 * them whole, so a patch batch is one reactive update however many rows it touches.
 */

export function roomsById(items: readonly RoomSummary[]): ReadonlyMap<string, RoomSummary> {
  return new Map(items.map((room) => [room.id, room]));
}

export function applyRoomPatches(rooms: ReadonlyMap<string, RoomSummary>, patches: readonly ListPatch<RoomSummary>[]): ReadonlyMap<string, RoomSummary> {
  const next = new Map(rooms);
  for (const patch of patches) {
    switch (patch.op) {
      case 'reset':
        next.clear();
        for (const room of patch.items) next.set(room.id, room);
        break;
      case 'add':
      case 'update':
        next.set(patch.item.id, patch.item);
        break;
      case 'remove':
        next.delete(patch.id);
        break;
    }
  }
  return next;
}

export function withItem<T>(set: ReadonlySet<T>, item: T, present: boolean): ReadonlySet<T> {
  const next = new Set(set);
  if (present) next.add(item);
  else next.delete(item);
  return next;
}

export const emptySet = <T>(): ReadonlySet<T> => new Set<T>();
export const emptyRooms = (): ReadonlyMap<string, RoomSummary> => new Map();
