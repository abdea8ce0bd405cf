import { ClientEvent, EventType, KnownMembership, MatrixError, RoomEvent, Preset, Visibility, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { matrixFailure } from '../matrix-failure.ts';

/** The tag every Matrix client reads as "favourite"; it follows the account to every device. */
export const FAVOURITE_TAG = 'm.favourite';

export interface RoomActions {
  /** A new direct chat with one person: private, and end-to-end encrypted from its first event. */
  createDirect(userId: string): Promise<{ roomId: string }>;
  join(roomId: string): Promise<void>;
  leave(roomId: string): Promise<void>;
  /** `listed`: a public room is in the server's directory (servers may refuse, see below); private rooms never are. */
  /** `initialState`: more state from its first event, such as the space it belongs to. */
  create(options: {
    name: string;
    topic: string;
    encrypted: boolean;
    visibility: 'private' | 'public';
    initialState?: readonly { type: string; state_key: string; content: Record<string, unknown> }[];
  }): Promise<{ roomId: string; listed: boolean }>;
  setFavourite(roomId: string, favourite: boolean): Promise<void>;
  attach(client: MatrixClient): void;
  detach(): void;
}

export function createRoomActions(): RoomActions {
  let client: MatrixClient | undefined;
  const signedIn = (): MatrixClient => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return client;
  };

  return {
    async createDirect(userId) {
      const current = signedIn();
      // An invite to a mistyped ID succeeds on Synapse and leaves an empty chat: ask first. A server
      // that hides profiles (403) gets the benefit of the doubt.
      await current.getProfileInfo(userId).catch((error: unknown) => {
        if (error instanceof MatrixError && error.httpStatus === 404) throw new AppFailure('NOT_FOUND', 'no such user');
      });
      try {
        const { room_id: roomId } = await current.createRoom({
          preset: Preset.TrustedPrivateChat,
          is_direct: true,
          invite: [userId],
          // Encrypted from the start, not switched on later: no event of this chat is ever in the clear.
          initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
        });
        await recordDirect(current, userId, roomId);
        return { roomId };
      } catch (error) {
        throw matrixFailure(error, 'creating the direct chat');
      }
    },
    async join(roomId) {
      const current = signedIn();
      // An invite to a direct chat says so in our member event; accepting it records the chat in
      // m.direct, as the inviter's client did, so it is listed under direct messages on this side too.
      const invite = current.getRoom(roomId)?.getMember(current.getUserId() ?? '')?.events.member;
      const inviter = invite?.getContent().is_direct === true ? invite.getSender() : undefined;
      try {
        await current.joinRoom(roomId);
      } catch (error) {
        throw matrixFailure(error, 'joining the room');
      }
      if (inviter) await recordDirect(current, inviter, roomId).catch(() => undefined);
    },
    async leave(roomId) {
      try {
        await signedIn().leave(roomId);
      } catch (error) {
        throw matrixFailure(error, 'leaving the room');
      }
    },
    async create({ name, topic, encrypted, visibility, initialState = [] }) {
      const isPublic = visibility === 'public';
      const current = signedIn();
      try {
        const { room_id: roomId } = await current.createRoom({
          name,
          ...(topic ? { topic } : {}),
          // private_chat: invite-only with shared history; public_chat: anyone may join.
          preset: isPublic ? Preset.PublicChat : Preset.PrivateChat,
          visibility: isPublic ? Visibility.Public : Visibility.Private,
          // In the initial state, so the room's first message can never be sent in the clear.
          initial_state: [
            ...(encrypted ? [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] : []),
            ...initialState,
          ],
        });
        const listed = isPublic && (await ensureListed(current, roomId));
        // What the user does next (invite someone, add it to a space) needs the room in this client.
        await roomArrived(current, roomId);
        return { roomId, listed };
      } catch (error) {
        throw matrixFailure(error, 'creating the room');
      }
    },
    async setFavourite(roomId, favourite) {
      const current = signedIn();
      // The server would tag any ID at all; a tag on a room the user is not in is clutter nobody sees.
      if (favourite && !current.getRoom(roomId)) throw new AppFailure('NOT_FOUND', 'not a room of this account');
      try {
        if (favourite) await current.setRoomTag(roomId, FAVOURITE_TAG, {});
        else await current.deleteRoomTag(roomId, FAVOURITE_TAG);
      } catch (error) {
        // Removing a tag that is already gone is what the user wanted.
        if (!favourite && error instanceof MatrixError && error.httpStatus === 404) return;
        throw matrixFailure(error, favourite ? 'marking the room as favourite' : 'removing the favourite mark');
      }
    },
    attach: (current) => {
      client = current;
    },
    detach: () => {
      client = undefined;
    },
  };
}

/**
 * Synapse creates a "public" room but leaves it out of the directory, without an error, when its
 * room_list_publication_rules do not allow this user to publish (the default lets only admins).
 * So the listing is checked, and asked for once more, rather than assumed.
 */
export async function ensureListed(client: MatrixClient, roomId: string): Promise<boolean> {
  try {
    if ((await client.getRoomDirectoryVisibility(roomId)).visibility === Visibility.Public) return true;
    await client.setRoomDirectoryVisibility(roomId, Visibility.Public);
    return true;
  } catch {
    // The room exists and anyone may join it; only its listing was refused.
    return false;
  }
}

/** How long a new room may take to come through sync before the command answers anyway. */
const ROOM_ECHO_MS = 10_000;

/** Resolves once this client holds the room as joined (or after a while: the server made it, sync is only slow). */
function roomArrived(client: MatrixClient, roomId: string): Promise<void> {
  const joined = (): boolean => client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
  if (joined()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      client.off(ClientEvent.Room, check);
      client.off(RoomEvent.MyMembership, check);
      resolve();
    };
    const check = (): void => {
      if (joined()) done();
    };
    const timer = setTimeout(done, ROOM_ECHO_MS);
    client.on(ClientEvent.Room, check);
    client.on(RoomEvent.MyMembership, check);
  });
}

/** m.direct is how every client (and Plenum's room list) knows a room is a direct chat with someone. */
async function recordDirect(client: MatrixClient, userId: string, roomId: string): Promise<void> {
  const direct = { ...((client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>) };
  direct[userId] = [...new Set([...(Array.isArray(direct[userId]) ? direct[userId] : []), roomId])];
  await client.setAccountData(EventType.Direct, direct);
}
