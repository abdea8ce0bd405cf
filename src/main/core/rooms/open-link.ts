import type { MatrixClient } from 'matrix-js-sdk';
import type { MatrixLink } from '../../../shared/links/matrix-link.ts';
import type { EventHub } from '../event-hub.ts';
import type { Logger } from '../ports.ts';
import { directRoomIds } from './room-summary.ts';

export interface LinkOpener {
  /** Shows the room, or the direct chat with the person, that a deep link names; see below for what else happens. */
  open(link: MatrixLink): Promise<void>;
  /** A session is synced: a link that arrived before (the app was launched by it) is opened now. */
  synced(client: MatrixClient): void;
  detach(): void;
}

/**
 * Deep links from the OS (protocol launches, the second instance) and from permalinks in messages.
 * Only rooms the user is in (or invited to) and existing direct chats are opened; joining a room or
 * starting a chat because a link said so is left to the user, in the UI, never done by the link.
 */
export function createLinkOpener(hub: EventHub, logger: Logger): LinkOpener {
  let client: MatrixClient | null = null;
  let waiting: MatrixLink | null = null;

  const unavailable = (reason: 'notJoined' | 'notFound' | 'noDirectChat'): void => hub.emit('navigation.linkUnavailable', { reason });

  async function resolve(current: MatrixClient, link: MatrixLink): Promise<void> {
    if (link.kind === 'user') {
      const direct = [...directRoomIds(current)].find(([roomId, partner]) => partner === link.userId && current.getRoom(roomId)?.getMyMembership() === 'join');
      if (direct) hub.emit('navigation.openRoom', { roomId: direct[0], eventId: null });
      else unavailable('noDirectChat');
      return;
    }
    let roomId: string;
    if (link.kind === 'alias') {
      try {
        roomId = (await current.getRoomIdForAlias(link.alias)).room_id;
      } catch {
        unavailable('notFound');
        return;
      }
    } else {
      roomId = link.roomId;
    }
    const membership = current.getRoom(roomId)?.getMyMembership();
    if (membership === 'join' || membership === 'invite') hub.emit('navigation.openRoom', { roomId, eventId: link.eventId ?? null });
    else unavailable('notJoined');
  }

  return {
    async open(link) {
      if (!client) {
        // Launched by the link: it waits for the session (the last one wins, as the user clicked it last).
        waiting = link;
        return;
      }
      await resolve(client, link).catch(() => logger.warn('a deep link could not be opened', { kind: link.kind }));
    },
    synced(next) {
      client = next;
      const link = waiting;
      waiting = null;
      if (link) void this.open(link);
    },
    detach() {
      client = null;
      waiting = null;
    },
  };
}
