import { EventType, type MatrixClient, type Room } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { matrixFailure } from '../matrix-failure.ts';

export interface ReadMarkers {
  /**
   * The user has seen the room up to `eventId`: moves their read receipt (m.read) and fully-read
   * marker (m.fully_read) there in one request. Never moves either backwards; an event at or
   * before both is a no-op, so the renderer may call this whenever the newest rows come into view.
   */
  markRead(roomId: string, eventId: string): Promise<void>;
  attach(client: MatrixClient): void;
  detach(): void;
}

export function createReadMarkers(): ReadMarkers {
  let client: MatrixClient | undefined;
  // What was last asked for per room, so repeated or older calls cost no requests while the
  // server's receipt has not come back through sync yet.
  const lastSent = new Map<string, string>();

  return {
    async markRead(roomId, eventId) {
      const current = client;
      const userId = current?.getUserId();
      const room = current?.getRoom(roomId);
      if (!current || !userId || !room) throw new AppFailure('NOT_FOUND', 'no such room in this session');
      const event = room.findEventById(eventId);
      if (!event || event.status !== null) throw new AppFailure('NOT_FOUND', 'no such event in this room');
      // What we asked for last counts as well: the server's echo of it may still be on its way.
      const asked = lastSent.get(roomId) ?? null;
      if (asked !== null && isAtOrAfter(room, asked, eventId)) return;

      const receiptBehind = !isAtOrAfter(room, room.getEventReadUpTo(userId, true), eventId);
      const fullyRead = fullyReadEventId(room);
      const markerBehind = !isAtOrAfter(room, fullyRead, eventId);
      if (!receiptBehind && !markerBehind) return;
      lastSent.set(roomId, eventId);
      try {
        // The marker stays where it is when another device already moved it further.
        await current.setRoomReadMarkers(roomId, markerBehind ? eventId : (fullyRead ?? eventId), receiptBehind ? event : undefined);
      } catch (error) {
        lastSent.delete(roomId);
        throw matrixFailure(error, 'marking as read');
      }
    },
    attach(next) {
      if (client !== next) lastSent.clear();
      client = next;
    },
    detach() {
      client = undefined;
      lastSent.clear();
    },
  };
}

/**
 * True when `marker` is the event or later in the room's timeline. Unknown order (the marker's
 * event is not loaded, hence older than anything shown) counts as before.
 */
function isAtOrAfter(room: Room, marker: string | null, eventId: string): boolean {
  if (marker === null) return false;
  if (marker === eventId) return true;
  const order = room.getUnfilteredTimelineSet().compareEventOrdering(marker, eventId);
  return order !== null && order > 0;
}

function fullyReadEventId(room: Room): string | null {
  const eventId: unknown = room.getAccountData(EventType.FullyRead)?.getContent().event_id;
  return typeof eventId === 'string' ? eventId : null;
}
