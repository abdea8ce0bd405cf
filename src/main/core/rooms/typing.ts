import { EventType, RoomMemberEvent, type MatrixClient, type MatrixEvent, type RoomMember } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { TypingView } from '../../../shared/model/rooms.ts';
import type { EventHub } from '../event-hub.ts';
import { matrixFailure } from '../matrix-failure.ts';

/** How long the server shows us as typing after one notice (the spec lets the client choose). */
export const TYPING_TIMEOUT_MS = 30_000;
/** A notice is renewed once this much of its timeout has passed, so it never lapses mid-sentence. */
export const TYPING_RENEW_AFTER_MS = 20_000;

export interface TypingNotices {
  /**
   * The renderer calls this on every burst of keystrokes (true) and on send or blur (false); only a
   * change of state, or a notice about to lapse, reaches the server.
   */
  setTyping(roomId: string, typing: boolean): Promise<void>;
  attach(client: MatrixClient): void;
  detach(): void;
}

type SendTyping = (roomId: string, typing: boolean, timeoutMs: number) => Promise<unknown>;

/** Decides which typing calls become requests; separate from the client so its timing can be tested alone. */
export function createTypingThrottle(send: SendTyping, now: () => number = Date.now) {
  // When our last "typing" notice left, per room; absent means the server shows us as not typing.
  const sentAt = new Map<string, number>();
  return {
    async set(roomId: string, typing: boolean): Promise<void> {
      const last = sentAt.get(roomId);
      const showing = last !== undefined && now() - last < TYPING_TIMEOUT_MS;
      if (typing && showing && now() - last < TYPING_RENEW_AFTER_MS) return;
      if (!typing && !showing) {
        sentAt.delete(roomId);
        return;
      }
      if (typing) sentAt.set(roomId, now());
      else sentAt.delete(roomId);
      try {
        await send(roomId, typing, TYPING_TIMEOUT_MS);
      } catch (error) {
        // Unsure what the server shows: the next call tries again rather than trusting this one.
        if (typing) sentAt.delete(roomId);
        else sentAt.set(roomId, now() - TYPING_RENEW_AFTER_MS);
        throw error;
      }
    },
    clear: () => sentAt.clear(),
  };
}

/**
 * Typing notices both ways: ours (throttled, see above) and who else is typing, from the m.typing
 * events of each sync, as `typing.changed` for the renderer.
 */
export function createTypingNotices(hub: EventHub): TypingNotices {
  let client: MatrixClient | undefined;
  // The last list sent per room, so a sync that changes nothing visible sends nothing.
  const shown = new Map<string, string>();
  const throttle = createTypingThrottle((roomId, typing, timeoutMs) => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return client.sendTyping(roomId, typing, timeoutMs);
  });

  // The SDK reports typing per room member, with the room's whole m.typing event; its user list is
  // the truth (members not loaded yet, with lazy loading, are in it too).
  const onTyping = (event: MatrixEvent, member: RoomMember): void => {
    const current = client;
    if (!current || event.getType() !== EventType.Typing) return;
    const ids: unknown = event.getContent().user_ids;
    const me = current.getUserId();
    const room = current.getRoom(member.roomId);
    const users = (Array.isArray(ids) ? ids : [])
      .filter((id): id is string => typeof id === 'string' && id !== me)
      .map((id) => ({ id, name: room?.getMember(id)?.name || current.getUser(id)?.displayName || id }));
    const view: TypingView = { roomId: member.roomId, users };
    const json = JSON.stringify(users);
    if ((shown.get(member.roomId) ?? '[]') === json) return;
    shown.set(member.roomId, json);
    hub.emit('typing.changed', view);
  };

  return {
    async setTyping(roomId, typing) {
      try {
        await throttle.set(roomId, typing);
      } catch (error) {
        throw matrixFailure(error, 'sending a typing notice');
      }
    },
    attach(next) {
      // Called after every sync: only a new client changes anything.
      if (client === next) return;
      client?.off(RoomMemberEvent.Typing, onTyping);
      client = next;
      next.on(RoomMemberEvent.Typing, onTyping);
    },
    detach() {
      client?.off(RoomMemberEvent.Typing, onTyping);
      client = undefined;
      throttle.clear();
      // Whoever was typing is no longer shown as such once the session is gone.
      for (const [roomId, json] of shown) if (json !== '[]') hub.emit('typing.changed', { roomId, users: [] });
      shown.clear();
    },
  };
}
