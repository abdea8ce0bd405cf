import type { MatrixClient } from 'matrix-js-sdk';
import type { ListPatch, ListSnapshot } from '../../../shared/model/list.ts';
import type { RoomSummary } from '../../../shared/model/rooms.ts';
import type { EventHub } from '../event-hub.ts';
import { directRoomIds, summariseRoom } from './room-summary.ts';

export interface RoomListProjection {
  snapshot(): ListSnapshot<RoomSummary>;
  /** Recomputes from the client's rooms and emits what changed as one numbered batch of patches. */
  refresh(client: MatrixClient): void;
  /** Signed out: the list empties. */
  clear(): void;
}

/**
 * The room list the renderer shows. Rows are compared by their JSON so that only rooms whose
 * visible summary changed travel over the bridge; ordering is the renderer's business.
 */
export function createRoomListProjection(hub: EventHub): RoomListProjection {
  const rows = new Map<string, { summary: RoomSummary; json: string }>();
  let seq = 0;

  const publish = (patches: ListPatch<RoomSummary>[]): void => {
    if (patches.length === 0) return;
    seq += 1;
    hub.emit('rooms.patch', { seq, patches });
  };

  return {
    snapshot: () => ({ seq, items: [...rows.values()].map((row) => row.summary) }),

    refresh(client) {
      const direct = directRoomIds(client);
      const seen = new Set<string>();
      const patches: ListPatch<RoomSummary>[] = [];
      for (const room of client.getRooms()) {
        const summary = summariseRoom(client, room, direct);
        if (!summary) continue;
        seen.add(summary.id);
        const json = JSON.stringify(summary);
        const before = rows.get(summary.id);
        if (before?.json === json) continue;
        rows.set(summary.id, { summary, json });
        patches.push(before ? { op: 'update', item: summary } : { op: 'add', item: summary });
      }
      for (const id of rows.keys()) {
        if (seen.has(id)) continue;
        rows.delete(id);
        patches.push({ op: 'remove', id });
      }
      publish(patches);
    },

    clear() {
      if (rows.size === 0) return;
      rows.clear();
      publish([{ op: 'reset', items: [] }]);
    },
  };
}
