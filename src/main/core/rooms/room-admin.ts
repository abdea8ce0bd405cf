import { EventType, KnownMembership, RoomStateEvent, type HistoryVisibility, type JoinRule, type MatrixClient, type Room } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { DirectoryRoom, RoomSettingsView } from '../../../shared/model/room-settings.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import { matrixFailure } from '../matrix-failure.ts';

const JOIN_RULES = new Set(['invite', 'public', 'knock', 'restricted']);
const VISIBILITIES = new Set(['shared', 'invited', 'joined', 'world_readable']);
const MAX_DIRECTORY_RESULTS = 50;

export interface RoomAdmin {
  settings(roomId: string): RoomSettingsView;
  setName(roomId: string, name: string): Promise<void>;
  setTopic(roomId: string, topic: string): Promise<void>;
  setJoinRule(roomId: string, rule: 'invite' | 'public'): Promise<void>;
  setHistoryVisibility(roomId: string, visibility: RoomSettingsView['historyVisibility']): Promise<void>;
  /** One way: encryption can never be switched off again. */
  enableEncryption(roomId: string): Promise<void>;
  invite(roomId: string, userId: string): Promise<void>;
  kick(roomId: string, userId: string, reason: string | undefined): Promise<void>;
  ban(roomId: string, userId: string, reason: string | undefined): Promise<void>;
  unban(roomId: string, userId: string): Promise<void>;
  setPowerLevel(roomId: string, userId: string, level: number): Promise<void>;
  directory(query: string, server: string | undefined): Promise<readonly DirectoryRoom[]>;
  /** Joins by alias or room ID (from the directory, or typed). */
  joinByAddress(address: string): Promise<{ roomId: string }>;
  attach(client: MatrixClient): void;
  detach(): void;
}

/**
 * Room settings, membership and roles, each checked against the room's power levels before it is
 * sent (the server checks again): an action the user may not take is refused with FORBIDDEN here,
 * and the settings view says which ones are allowed, so the UI offers only those.
 */
export function createRoomAdmin(): RoomAdmin {
  let client: MatrixClient | undefined;

  const joined = (roomId: string): { current: MatrixClient; room: Room; me: string } => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    const room = client.getRoom(roomId);
    if (room?.getMyMembership() !== KnownMembership.Join) throw new AppFailure('NOT_FOUND', 'not in this room');
    return { current: client, room, me: client.getSafeUserId() };
  };
  const mayState = (room: Room, me: string, type: string): boolean => room.currentState.maySendStateEvent(type, me);
  const require = (allowed: boolean, what: string): void => {
    if (!allowed) throw new AppFailure('FORBIDDEN', `you may not ${what} in this room`);
  };
  /** The SDK's level, Infinity for the creators of a version 12 room; a member it does not know has the default. */
  const levelOf = (room: Room, userId: string): number => {
    const known = room.getMember(userId)?.powerLevel;
    if (typeof known === 'number' && !Number.isNaN(known)) return known;
    const fallback: unknown = room.currentState.getStateEvents(EventType.RoomPowerLevels, '')?.getContent().users_default;
    return typeof fallback === 'number' ? fallback : 0;
  };
  /** Kick and ban need the room's level for them and a level above the target's. */
  const mayModerate = (room: Room, me: string, action: 'kick' | 'ban', target?: string): boolean => {
    const mine = levelOf(room, me);
    const required = room.currentState.getStateEvents(EventType.RoomPowerLevels, '')?.getContent()[action];
    const needed = typeof required === 'number' ? required : 50;
    return mine >= needed && (target === undefined || target === me || levelOf(room, target) < mine);
  };
  const send = async (action: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      throw matrixFailure(error, action);
    }
  };
  /** A state change, answered once this client's room state holds it: the settings read after it are current. */
  const sendState = async (action: string, room: Room, type: string, run: () => Promise<{ event_id: string }>): Promise<void> => {
    let eventId = '';
    await send(action, async () => ({ event_id: eventId } = await run()));
    await stateArrived(room, type, eventId);
  };

  return {
    settings(roomId) {
      const { room, me } = joined(roomId);
      const state = room.currentState;
      const content = (type: string): Record<string, unknown> => state.getStateEvents(type, '')?.getContent() ?? {};
      const joinRule = String(content(EventType.RoomJoinRules).join_rule ?? 'invite');
      const visibility = String(content(EventType.RoomHistoryVisibility).history_visibility ?? 'shared');
      const avatar = room.getMxcAvatarUrl();
      const topic = content(EventType.RoomTopic).topic;
      return {
        roomId,
        name: room.name,
        topic: typeof topic === 'string' ? topic.slice(0, 4096) : '',
        avatarMxc: avatar && parseMxcUri(avatar) ? avatar : null,
        alias: room.getCanonicalAlias(),
        joinRule: JOIN_RULES.has(joinRule) ? (joinRule as RoomSettingsView['joinRule']) : 'other',
        historyVisibility: VISIBILITIES.has(visibility) ? (visibility as RoomSettingsView['historyVisibility']) : 'shared',
        encrypted: room.hasEncryptionStateEvent(),
        myPowerLevel: Number.isFinite(levelOf(room, me)) ? levelOf(room, me) : 100,
        creator: levelOf(room, me) === Infinity,
        may: {
          setName: mayState(room, me, EventType.RoomName),
          setTopic: mayState(room, me, EventType.RoomTopic),
          setAvatar: mayState(room, me, EventType.RoomAvatar),
          setJoinRule: mayState(room, me, EventType.RoomJoinRules),
          setHistoryVisibility: mayState(room, me, EventType.RoomHistoryVisibility),
          enableEncryption: !room.hasEncryptionStateEvent() && mayState(room, me, EventType.RoomEncryption),
          invite: room.canInvite(me),
          kick: mayModerate(room, me, 'kick'),
          ban: mayModerate(room, me, 'ban'),
          changeRoles: mayState(room, me, EventType.RoomPowerLevels),
        },
      };
    },

    async setName(roomId, name) {
      const { current, room, me } = joined(roomId);
      require(mayState(room, me, EventType.RoomName), 'rename the room');
      await sendState('renaming the room', room, EventType.RoomName, () => current.setRoomName(roomId, name));
    },
    async setTopic(roomId, topic) {
      const { current, room, me } = joined(roomId);
      require(mayState(room, me, EventType.RoomTopic), 'change the topic');
      await sendState('changing the topic', room, EventType.RoomTopic, () => current.setRoomTopic(roomId, topic));
    },
    async setJoinRule(roomId, rule) {
      const { current, room, me } = joined(roomId);
      require(mayState(room, me, EventType.RoomJoinRules), 'change who can join');
      await sendState('changing who can join', room, EventType.RoomJoinRules, () =>
        current.sendStateEvent(roomId, EventType.RoomJoinRules, { join_rule: rule as JoinRule }, ''),
      );
    },
    async setHistoryVisibility(roomId, visibility) {
      const { current, room, me } = joined(roomId);
      require(mayState(room, me, EventType.RoomHistoryVisibility), 'change who can read the history');
      await sendState('changing who can read the history', room, EventType.RoomHistoryVisibility, () =>
        current.sendStateEvent(roomId, EventType.RoomHistoryVisibility, { history_visibility: visibility as HistoryVisibility }, ''),
      );
    },
    async enableEncryption(roomId) {
      const { current, room, me } = joined(roomId);
      if (room.hasEncryptionStateEvent()) return;
      require(mayState(room, me, EventType.RoomEncryption), 'turn on encryption');
      await sendState('turning on encryption', room, EventType.RoomEncryption, () =>
        current.sendStateEvent(roomId, EventType.RoomEncryption, { algorithm: 'm.megolm.v1.aes-sha2' }, ''),
      );
    },

    async invite(roomId, userId) {
      const { current, room, me } = joined(roomId);
      require(room.canInvite(me), 'invite people');
      const membership = room.getMember(userId)?.membership;
      if (membership === KnownMembership.Join) throw new AppFailure('BAD_REQUEST', 'already in the room');
      if (membership === KnownMembership.Ban) throw new AppFailure('FORBIDDEN', 'banned from this room: unban first');
      await send('inviting', () => current.invite(roomId, userId));
    },
    async kick(roomId, userId, reason) {
      const { current, room, me } = joined(roomId);
      require(userId !== me && mayModerate(room, me, 'kick', userId), 'remove this person');
      await send('removing the person', () => current.kick(roomId, userId, reason));
    },
    async ban(roomId, userId, reason) {
      const { current, room, me } = joined(roomId);
      require(userId !== me && mayModerate(room, me, 'ban', userId), 'ban this person');
      await send('banning the person', () => current.ban(roomId, userId, reason));
    },
    async unban(roomId, userId) {
      const { current, room, me } = joined(roomId);
      // Unbanning takes the ban level and the kick level (the spec's rule for lifting a ban).
      require(mayModerate(room, me, 'ban', userId) && mayModerate(room, me, 'kick', userId), 'unban this person');
      await send('unbanning the person', () => current.unban(roomId, userId));
    },
    async setPowerLevel(roomId, userId, level) {
      const { current, room, me } = joined(roomId);
      const mine = levelOf(room, me);
      // Nobody raises anyone above themselves, nor changes someone at or above their own level (but themselves).
      const allowed = mayState(room, me, EventType.RoomPowerLevels) && level <= mine && (userId === me || levelOf(room, userId) < mine);
      require(allowed, 'change this person’s role');
      await send('changing the role', () => current.setPowerLevel(roomId, userId, level));
    },

    async directory(query, server) {
      if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
      const current = client;
      try {
        const response = await current.publicRooms({
          limit: MAX_DIRECTORY_RESULTS,
          ...(server ? { server } : {}),
          ...(query.trim() ? { filter: { generic_search_term: query.trim() } } : {}),
        });
        return response.chunk.map((entry) => ({
          roomId: entry.room_id,
          name: (entry.name ?? entry.canonical_alias ?? entry.room_id).slice(0, 255),
          topic: typeof entry.topic === 'string' ? entry.topic.slice(0, 1000) : null,
          alias: entry.canonical_alias ?? null,
          avatarMxc: entry.avatar_url && parseMxcUri(entry.avatar_url) ? entry.avatar_url : null,
          memberCount: entry.num_joined_members ?? 0,
          joined: current.getRoom(entry.room_id)?.getMyMembership() === KnownMembership.Join,
        }));
      } catch (error) {
        throw matrixFailure(error, 'searching the room directory');
      }
    },
    async joinByAddress(address) {
      if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
      const current = client;
      try {
        const room = await current.joinRoom(address);
        return { roomId: room.roomId };
      } catch (error) {
        throw matrixFailure(error, 'joining the room');
      }
    },

    attach(next) {
      client = next;
    },
    detach() {
      client = undefined;
    },
  };
}

/** How long a state change may take to come back through sync before the command answers anyway. */
const STATE_ECHO_MS = 10_000;

/** Resolves once the room's state holds the event (or after a while: the server accepted it, sync is only slow). */
export function stateArrived(room: Room, type: string, eventId: string, stateKey = ''): Promise<void> {
  const has = (): boolean => room.currentState.getStateEvents(type, stateKey)?.getId() === eventId;
  if (has()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      room.off(RoomStateEvent.Events, check);
      resolve();
    };
    const check = (): void => {
      if (has()) done();
    };
    const timer = setTimeout(done, STATE_ECHO_MS);
    room.on(RoomStateEvent.Events, check);
  });
}
