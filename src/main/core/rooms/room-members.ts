import { KnownMembership, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { MemberView, RoomMembersView } from '../../../shared/model/members.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';

/** Beyond this a list helps nobody (and the autocomplete then offers only those listed). */
const MAX_MEMBERS = 5000;

/** The room's joined, invited and banned members (lazy-loaded ones fetched first), and whether @room is allowed. */
export async function roomMembers(client: MatrixClient, roomId: string): Promise<RoomMembersView> {
  const room = client.getRoom(roomId);
  if (!room || room.getMyMembership() !== KnownMembership.Join) throw new AppFailure('NOT_FOUND', 'not in this room');
  await room.loadMembersIfNeeded().catch(() => undefined);
  const order = { join: 0, invite: 1, ban: 2 } as const;
  const members: MemberView[] = room
    .getMembers()
    .filter((member) => member.membership === KnownMembership.Join || member.membership === KnownMembership.Invite || member.membership === KnownMembership.Ban)
    .map((member) => {
      const avatar = member.getMxcAvatarUrl();
      return {
        userId: member.userId,
        name: (member.name || member.userId).slice(0, 255),
        avatarMxc: avatar !== undefined && parseMxcUri(avatar) !== null ? avatar : null,
        membership: member.membership as MemberView['membership'],
        // Room version 12 gives its creators an infinite level, which JSON cannot carry.
        powerLevel: Number.isFinite(member.powerLevel) ? member.powerLevel : member.powerLevel > 0 ? 100 : 0,
        creator: member.powerLevel === Infinity,
      };
    })
    .toSorted((a, b) => order[a.membership] - order[b.membership] || a.name.localeCompare(b.name))
    .slice(0, MAX_MEMBERS);
  return { roomId, members, canMentionRoom: room.currentState.mayTriggerNotifOfType('room', client.getSafeUserId()) };
}
