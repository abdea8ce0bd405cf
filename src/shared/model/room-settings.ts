/** A room's settings and what this user may change there (by the room's power levels). */
export interface RoomSettingsView {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string;
  readonly avatarMxc: string | null;
  /** The room's main address (#name:server), if it has one. */
  readonly alias: string | null;
  readonly joinRule: 'invite' | 'public' | 'knock' | 'restricted' | 'other';
  readonly historyVisibility: 'shared' | 'invited' | 'joined' | 'world_readable';
  readonly encrypted: boolean;
  /** This user's power level; a creator of a version 12 room is above all levels (`creator`). */
  readonly myPowerLevel: number;
  readonly creator: boolean;
  readonly may: RoomPermissions;
}

export interface RoomPermissions {
  readonly setName: boolean;
  readonly setTopic: boolean;
  readonly setAvatar: boolean;
  readonly setJoinRule: boolean;
  readonly setHistoryVisibility: boolean;
  readonly enableEncryption: boolean;
  readonly invite: boolean;
  /** The levels at which this user may remove (kick) and ban others: only those below their own level. */
  readonly kick: boolean;
  readonly ban: boolean;
  readonly changeRoles: boolean;
}

/** The roles Plenum names; other levels show as their number. */
export const ROLE_LEVELS = { admin: 100, moderator: 50, member: 0 } as const;
export type Role = keyof typeof ROLE_LEVELS;

/** A room in the server's public directory. */
export interface DirectoryRoom {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string | null;
  readonly alias: string | null;
  readonly avatarMxc: string | null;
  readonly memberCount: number;
  /** This user is in it already. */
  readonly joined: boolean;
}
