/** A member of a room, as the member list and the composer's @-autocomplete show them. */
export interface MemberView {
  readonly userId: string;
  readonly name: string;
  readonly avatarMxc: string | null;
  readonly membership: 'join' | 'invite' | 'ban';
  /** The room's power level for them (0 for most, 50 moderators, 100 admins). */
  readonly powerLevel: number;
  /** Created the room (room version 12): above every power level, for good. */
  readonly creator: boolean;
}

export interface RoomMembersView {
  readonly roomId: string;
  /** Joined first, then invited, then banned; each group by name. */
  readonly members: readonly MemberView[];
  /** This user may notify the whole room (@room), by the room's power levels. */
  readonly canMentionRoom: boolean;
}
