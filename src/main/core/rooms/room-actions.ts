import { EventType, MatrixError, Preset, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { matrixFailure } from '../matrix-failure.ts';

export interface RoomActions {
  /** A new direct chat with one person: private, and end-to-end encrypted from its first event. */
  createDirect(userId: string): Promise<{ roomId: string }>;
  join(roomId: string): Promise<void>;
  leave(roomId: string): Promise<void>;
  create(options: { name: string; topic: string; encrypted: boolean; visibility: 'private' | 'public' }): Promise<{ roomId: string }>;
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
        // m.direct is how every client (and Plenum's room list) knows this is a direct chat.
        const direct = { ...((current.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>) };
        direct[userId] = [...new Set([...(Array.isArray(direct[userId]) ? direct[userId] : []), roomId])];
        await current.setAccountData(EventType.Direct, direct);
        return { roomId };
      } catch (error) {
        throw matrixFailure(error, 'creating the direct chat');
      }
    },
    async join(roomId) {
      try {
        await signedIn().joinRoom(roomId);
      } catch (error) {
        throw matrixFailure(error, 'joining the room');
      }
    },
    async leave(roomId) {
      try {
        await signedIn().leave(roomId);
      } catch (error) {
        throw matrixFailure(error, 'leaving the room');
      }
    },
    // SCAFFOLD: the rooms helper builds these two.
    create: async () => {
      throw new AppFailure('INTERNAL', 'not built yet');
    },
    setFavourite: async () => {
      throw new AppFailure('INTERNAL', 'not built yet');
    },
    attach: (current) => {
      client = current;
    },
    detach: () => {
      client = undefined;
    },
  };
}
