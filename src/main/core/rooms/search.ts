import { EventType, KnownMembership, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { DirectoryUser, SearchHit, SearchResults } from '../../../shared/model/search.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import { matrixFailure } from '../matrix-failure.ts';
import { stripReplyFallback } from '../timeline/reply-fallback.ts';

const MAX_TEXT = 300;
const MAX_USERS = 20;

interface RawHit {
  readonly rank?: number;
  readonly result?: { room_id?: unknown; event_id?: unknown; sender?: unknown; origin_server_ts?: unknown; content?: Record<string, unknown>; type?: unknown };
}

/**
 * Server-side message search (`POST /search`), newest first, in one room or all of them. The server
 * only sees the messages of unencrypted rooms: encrypted ones are counted, so the UI can say they
 * were not searched, rather than suggesting nothing matched there.
 */
export async function searchMessages(client: MatrixClient, term: string, roomId: string | null): Promise<SearchResults> {
  const joined = client.getRooms().filter((room) => room.getMyMembership() === KnownMembership.Join);
  if (roomId !== null && !joined.some((room) => room.roomId === roomId)) throw new AppFailure('NOT_FOUND', 'not in this room');
  const scope = roomId === null ? joined : joined.filter((room) => room.roomId === roomId);
  const encryptedRoomsSkipped = scope.filter((room) => room.hasEncryptionStateEvent()).length;
  let response: { search_categories: { room_events?: { results?: RawHit[]; count?: number } } };
  try {
    response = (await client.search({
      body: {
        search_categories: {
          room_events: {
            search_term: term,
            order_by: 'recent' as never,
            filter: { ...(roomId ? { rooms: [roomId] } : {}), types: [EventType.RoomMessage] },
          },
        },
      },
    })) as typeof response;
  } catch (error) {
    throw matrixFailure(error, 'searching messages');
  }
  const events = response.search_categories.room_events;
  const hits: SearchHit[] = [];
  for (const { result } of events?.results ?? []) {
    const hitRoomId = typeof result?.room_id === 'string' ? result.room_id : null;
    const eventId = typeof result?.event_id === 'string' ? result.event_id : null;
    const senderId = typeof result?.sender === 'string' ? result.sender : '';
    const body = result?.content?.body;
    if (!hitRoomId || !eventId?.startsWith('$') || typeof body !== 'string') continue;
    const room = client.getRoom(hitRoomId);
    const replied = typeof result?.content?.['m.relates_to'] === 'object';
    hits.push({
      roomId: hitRoomId,
      roomName: room?.name ?? hitRoomId,
      eventId,
      senderId,
      senderName: room?.getMember(senderId)?.name ?? senderId,
      text: (replied ? stripReplyFallback(body) : body).replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT),
      ts: typeof result?.origin_server_ts === 'number' ? result.origin_server_ts : 0,
    });
  }
  return { hits, total: typeof events?.count === 'number' ? events.count : hits.length, encryptedRoomsSkipped };
}

/** People in the server's user directory (those sharing a room with the user, or all, by the server's setting). */
export async function searchPeople(client: MatrixClient, term: string): Promise<readonly DirectoryUser[]> {
  try {
    const { results } = await client.searchUserDirectory({ term, limit: MAX_USERS });
    return results
      .filter((user) => user.user_id !== client.getUserId())
      .map((user) => ({
        userId: user.user_id,
        name: (user.display_name || user.user_id).slice(0, 255),
        avatarMxc: user.avatar_url && parseMxcUri(user.avatar_url) ? user.avatar_url : null,
      }));
  } catch (error) {
    throw matrixFailure(error, 'searching people');
  }
}
