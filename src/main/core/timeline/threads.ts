import { Direction, KnownMembership, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { ThreadView } from '../../../shared/model/timeline.ts';
import { matrixFailure } from '../matrix-failure.ts';
import { toTimelineItem, type ProjectionContext } from './timeline-item.ts';

/** A thread longer than this shows its newest replies only (the panel says how many there are in all). */
const MAX_REPLIES = 500;

/**
 * One thread, for its panel: the replies the server has (`/relations/{root}/m.thread`, decrypted
 * like any event) together with those this client just received, oldest first.
 */
export async function threadView(client: MatrixClient, roomId: string, rootId: string, context: ProjectionContext): Promise<ThreadView> {
  const room = client.getRoom(roomId);
  if (room?.getMyMembership() !== KnownMembership.Join) throw new AppFailure('NOT_FOUND', 'not in this room');
  let fetched: { originalEvent?: MatrixEvent | null; events: MatrixEvent[] };
  try {
    fetched = await client.relations(roomId, rootId, 'm.thread', null, { dir: Direction.Backward, limit: MAX_REPLIES });
  } catch (error) {
    throw matrixFailure(error, 'loading the thread');
  }
  const local = room.relations.getChildEventsForEvent(rootId, 'm.thread', 'm.room.message')?.getRelations() ?? [];
  const byId = new Map<string, MatrixEvent>();
  for (const event of [...fetched.events, ...local]) {
    const id = event.getId();
    if (id && !byId.has(id)) byId.set(id, event);
  }
  const replies = [...byId.values()];
  await Promise.all(replies.map((event) => (event.isBeingDecrypted() ? event.getDecryptionPromise()?.catch(() => undefined) : undefined)));
  const root = room.findEventById(rootId) ?? fetched.originalEvent ?? null;
  return {
    roomId,
    root: root ? toTimelineItem(room, root, context) : null,
    replies: replies
      .toSorted((a, b) => a.getTs() - b.getTs())
      .slice(-MAX_REPLIES)
      .map((event) => toTimelineItem(room, event, context)),
  };
}
