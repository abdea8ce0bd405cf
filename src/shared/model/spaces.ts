/** What a space (a room of type m.space) adds to its room-list row. */
export interface SpaceSummary {
  /** Its rooms and subspaces, in the space's order (the spec's `order`, then age, then ID). */
  readonly children: readonly string[];
  /** This user may add rooms to it and take them out (the space's level for m.space.child). */
  readonly mayManageRooms: boolean;
}

/** One room or subspace in a space's directory (the server's /hierarchy), joined or not. */
export interface SpaceChildView {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string | null;
  readonly alias: string | null;
  readonly avatarMxc: string | null;
  readonly memberCount: number;
  readonly isSpace: boolean;
  /** How someone may get in: anyone, members of a space it belongs to, on invitation, by knocking. */
  readonly joinRule: 'public' | 'restricted' | 'invite' | 'knock' | 'other';
  /** The space marks it as suggested for its members. */
  readonly suggested: boolean;
  /** This user's membership, if any. */
  readonly membership: 'join' | 'invite' | null;
}

export interface SpaceDirectoryPage {
  readonly rooms: readonly SpaceChildView[];
  /** Ask again with this for more; null at the end. */
  readonly nextPage: string | null;
}
