import type { MatrixClient, MatrixEvent, Room } from 'matrix-js-sdk';
import type { ReplyTarget } from './timeline-item.ts';

/** Originals remembered across the open windows; the oldest are forgotten first. */
const MAX_REMEMBERED = 500;

export interface ReplyTargets {
  /** The original from the room's loaded timeline, else from the server (fetched once; 'loading' meanwhile). */
  get(client: MatrixClient, room: Room, eventId: string): ReplyTarget;
  clear(): void;
}

/**
 * A reply may answer a message far older than anything loaded: its original is fetched by ID
 * (`/rooms/{roomId}/event/{eventId}`, decrypted like any event), and `loaded` is called so the
 * windows show it. A refusal (not visible to this user, or gone) is remembered as unavailable.
 */
export function createReplyTargets(loaded: () => void): ReplyTargets {
  const remembered = new Map<string, ReplyTarget>();
  let generation = 0;

  return {
    get(client, room, eventId) {
      const local = room.findEventById(eventId);
      if (local) return local;
      const key = `${room.roomId} ${eventId}`;
      const known = remembered.get(key);
      if (known !== undefined) return known;
      if (remembered.size >= MAX_REMEMBERED) {
        const oldest = remembered.keys().next().value;
        if (oldest !== undefined) remembered.delete(oldest);
      }
      remembered.set(key, 'loading');
      const started = generation;
      const settle = (target: ReplyTarget): void => {
        // A fetch that outlived its session must not leave its event behind for the next one.
        if (started !== generation) return;
        remembered.set(key, target);
        loaded();
      };
      void client.fetchRoomEvent(room.roomId, eventId).then(
        async (raw) => {
          const event: MatrixEvent = client.getEventMapper()(raw);
          if (event.isBeingDecrypted()) await event.getDecryptionPromise()?.catch(() => undefined);
          settle(event);
        },
        () => settle('unavailable'),
      );
      return 'loading';
    },
    clear() {
      generation += 1;
      remembered.clear();
    },
  };
}
