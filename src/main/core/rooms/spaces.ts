import { EventType, KnownMembership, Preset, RoomType, Visibility, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import type { SpaceChildView, SpaceDirectoryPage, SpaceSummary } from '../../../shared/model/spaces.ts';
import { matrixFailure } from '../matrix-failure.ts';
import { stateArrived } from './room-admin.ts';
import { ensureListed } from './room-actions.ts';

const DIRECTORY_PAGE = 50;
const MAX_VIA = 10;
const ROOM_ID = /^![^\s:]+(?::\S+)?$/;
const JOIN_RULES = new Set(['public', 'restricted', 'invite', 'knock']);

/** The row a space adds to its room-list summary; null for every other room. */
export function spaceSummary(room: Room, userId: string): SpaceSummary | null {
  if (room.getType() !== RoomType.Space) return null;
  return {
    children: orderedChildren(room.currentState.getStateEvents(EventType.SpaceChild)),
    mayManageRooms: room.getMyMembership() === KnownMembership.Join && room.currentState.maySendStateEvent(EventType.SpaceChild, userId),
  };
}

interface ChildLink {
  readonly roomId: string;
  readonly order: string | null;
  readonly ts: number;
}

/**
 * A space's rooms in the spec's order: by `order` (printable ASCII, at most 50 characters, else
 * ignored), those without one after; then by when they were added; then by ID. A child event
 * without servers to join through (`via`) has been removed from the space.
 */
export function orderedChildren(events: readonly MatrixEvent[]): string[] {
  const links: ChildLink[] = [];
  for (const event of events) {
    const roomId = event.getStateKey() ?? '';
    const content = event.getContent();
    if (!ROOM_ID.test(roomId) || viaOf(content).length === 0) continue;
    const order: unknown = content.order;
    const valid = typeof order === 'string' && order.length <= 50 && /^[\x20-\x7E]*$/.test(order);
    links.push({ roomId, order: valid ? order : null, ts: event.getTs() });
  }
  return links.sort(compareLinks).map((link) => link.roomId);
}

function compareLinks(a: ChildLink, b: ChildLink): number {
  if (a.order !== null && b.order !== null && a.order !== b.order) return a.order < b.order ? -1 : 1;
  if ((a.order === null) !== (b.order === null)) return a.order === null ? 1 : -1;
  return a.ts - b.ts || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0);
}

/** The servers a child event names to join through: strings only, a few at most (it is network input). */
function viaOf(content: Record<string, unknown>): string[] {
  const via: unknown = content.via;
  if (!Array.isArray(via)) return [];
  return via.filter((server): server is string => typeof server === 'string' && server.length > 0 && server.length <= 255).slice(0, MAX_VIA);
}

export interface SpaceActions {
  /** A new space: private (by invitation) or public (anyone may join, listed in the directory if the server allows). */
  create(options: { name: string; topic: string; visibility: 'private' | 'public' }): Promise<{ spaceId: string; listed: boolean }>;
  /** One page of the space's rooms and subspaces as the server knows them, joined or not. */
  directory(spaceId: string, page: string | undefined): Promise<SpaceDirectoryPage>;
  /** Joins one of the space's rooms, through the servers the space names for it. */
  joinRoom(spaceId: string, roomId: string): Promise<void>;
  /** Puts rooms this user is in into the space; refused (FORBIDDEN) without the space's level for it. */
  addRooms(spaceId: string, roomIds: readonly string[]): Promise<void>;
  /** Lists a room just created for the space (the client may not have synced it yet, so it is not looked up). */
  addCreatedRoom(spaceId: string, roomId: string): Promise<void>;
  removeRoom(spaceId: string, roomId: string): Promise<void>;
  /** What a new room needs to belong to the space from its first event; FORBIDDEN if this user may not add rooms to it. */
  newRoomInSpace(spaceId: string, membersOnly: boolean): { initialState: { type: string; state_key: string; content: Record<string, unknown> }[] };
  attach(client: MatrixClient): void;
  detach(): void;
}

/** `changed`: the room list is recomputed, so a changed space already shows as changed when a command answers. */
export function createSpaceActions(changed: () => void): SpaceActions {
  let client: MatrixClient | undefined;
  const signedIn = (): MatrixClient => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return client;
  };
  const joinedSpace = (spaceId: string): { current: MatrixClient; space: Room } => {
    const current = signedIn();
    const space = current.getRoom(spaceId);
    if (space?.getMyMembership() !== KnownMembership.Join || space.getType() !== RoomType.Space) throw new AppFailure('NOT_FOUND', 'not a space of this account');
    return { current, space };
  };
  const managedSpace = (spaceId: string): { current: MatrixClient; space: Room } => {
    const found = joinedSpace(spaceId);
    if (!found.space.currentState.maySendStateEvent(EventType.SpaceChild, found.current.getSafeUserId())) {
      throw new AppFailure('FORBIDDEN', 'you may not change the rooms of this space');
    }
    return found;
  };
  /** The child link, sent and then seen in this client's state, so the room list already shows it when the command answers. */
  const link = async (current: MatrixClient, space: Room, roomId: string, content: Record<string, unknown>, action: string): Promise<void> => {
    let eventId: string;
    try {
      // The SDK types state content per known event type; a space child's content is plain JSON.
      ({ event_id: eventId } = await current.sendStateEvent(space.roomId, EventType.SpaceChild, content as never, roomId));
    } catch (error) {
      throw matrixFailure(error, action);
    }
    await stateArrived(space, EventType.SpaceChild, eventId, roomId);
    changed();
  };

  return {
    async create({ name, topic, visibility }) {
      const current = signedIn();
      const isPublic = visibility === 'public';
      try {
        const { room_id: spaceId } = await current.createRoom({
          name,
          ...(topic ? { topic } : {}),
          creation_content: { type: RoomType.Space },
          preset: isPublic ? Preset.PublicChat : Preset.PrivateChat,
          visibility: isPublic ? Visibility.Public : Visibility.Private,
          // A space is a list of rooms, not a conversation: only its admins post in it. In a private
          // space only moderators invite, as in a private room; anyone may bring people to a public one.
          power_level_content_override: { events_default: 100, invite: isPublic ? 0 : 50 },
          // A public space's rooms can be previewed before joining it.
          initial_state: isPublic ? [{ type: EventType.RoomHistoryVisibility, state_key: '', content: { history_visibility: 'world_readable' } }] : [],
        });
        return { spaceId, listed: isPublic && (await ensureListed(current, spaceId)) };
      } catch (error) {
        throw matrixFailure(error, 'creating the space');
      }
    },

    async directory(spaceId, page) {
      const current = signedIn();
      let response;
      try {
        response = await current.getRoomHierarchy(spaceId, DIRECTORY_PAGE, 1, false, page);
      } catch (error) {
        throw matrixFailure(error, 'reading the space’s rooms');
      }
      const local = current.getRoom(spaceId)?.currentState;
      const rooms: SpaceChildView[] = [];
      for (const entry of response.rooms) {
        if (entry.room_id === spaceId || !ROOM_ID.test(entry.room_id)) continue;
        const membership = current.getRoom(entry.room_id)?.getMyMembership();
        const rule = String(entry.join_rule ?? 'invite');
        const suggested: unknown = local?.getStateEvents(EventType.SpaceChild, entry.room_id)?.getContent().suggested;
        rooms.push({
          roomId: entry.room_id,
          name: (entry.name ?? entry.canonical_alias ?? entry.room_id).slice(0, 255),
          topic: typeof entry.topic === 'string' ? entry.topic.slice(0, 1000) : null,
          alias: typeof entry.canonical_alias === 'string' ? entry.canonical_alias.slice(0, 255) : null,
          avatarMxc: typeof entry.avatar_url === 'string' && parseMxcUri(entry.avatar_url) ? entry.avatar_url : null,
          memberCount: typeof entry.num_joined_members === 'number' ? entry.num_joined_members : 0,
          isSpace: entry.room_type === RoomType.Space,
          joinRule: JOIN_RULES.has(rule) ? (rule as SpaceChildView['joinRule']) : 'other',
          suggested: suggested === true,
          membership: membership === KnownMembership.Join ? 'join' : membership === KnownMembership.Invite ? 'invite' : null,
        });
      }
      return { rooms, nextPage: typeof response.next_batch === 'string' ? response.next_batch : null };
    },

    async joinRoom(spaceId, roomId) {
      const { current, space } = joinedSpace(spaceId);
      const via = viaOf(space.currentState.getStateEvents(EventType.SpaceChild, roomId)?.getContent() ?? {});
      if (via.length === 0) throw new AppFailure('NOT_FOUND', 'not a room of this space');
      try {
        await current.joinRoom(roomId, { viaServers: via });
      } catch (error) {
        throw matrixFailure(error, 'joining the room');
      }
    },

    async addRooms(spaceId, roomIds) {
      const { current, space } = managedSpace(spaceId);
      for (const roomId of roomIds) {
        if (roomId === spaceId || current.getRoom(roomId)?.getMyMembership() !== KnownMembership.Join) {
          throw new AppFailure('NOT_FOUND', 'only rooms this account is in can be added');
        }
      }
      // Joined through this user's server, which is in every room they are in.
      const via = [current.getDomain() ?? ''].filter(Boolean);
      for (const roomId of roomIds) await link(current, space, roomId, { via }, 'adding the room to the space');
    },

    async addCreatedRoom(spaceId, roomId) {
      const { current, space } = managedSpace(spaceId);
      await link(current, space, roomId, { via: [current.getDomain() ?? ''].filter(Boolean) }, 'adding the room to the space');
    },

    async removeRoom(spaceId, roomId) {
      const { current, space } = managedSpace(spaceId);
      // An empty child event is how the spec takes a room out of a space (state cannot be deleted).
      await link(current, space, roomId, {}, 'removing the room from the space');
    },

    newRoomInSpace(spaceId, membersOnly) {
      const { current } = managedSpace(spaceId);
      const via = [current.getDomain() ?? ''].filter(Boolean);
      const initialState = [{ type: EventType.SpaceParent, state_key: spaceId, content: { via, canonical: true } }];
      // "Members of the space": a restricted room, which anyone in the space can join without an invitation.
      if (membersOnly) {
        initialState.push({
          type: EventType.RoomJoinRules,
          state_key: '',
          content: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: spaceId }] } as never,
        });
      }
      return { initialState };
    },

    attach(next) {
      client = next;
    },
    detach() {
      client = undefined;
    },
  };
}
