/** One message the server found for a search. */
export interface SearchHit {
  readonly roomId: string;
  readonly roomName: string;
  readonly eventId: string;
  readonly senderId: string;
  readonly senderName: string;
  /** The message's text, at most 300 characters around nothing in particular (the renderer marks the terms). */
  readonly text: string;
  readonly ts: number;
}

export interface SearchResults {
  readonly hits: readonly SearchHit[];
  /** How many the server counted in all (it may give an estimate). */
  readonly total: number;
  /** Rooms of this user that are encrypted: the server cannot search them. */
  readonly encryptedRoomsSkipped: number;
}

/** A person in the server's user directory. */
export interface DirectoryUser {
  readonly userId: string;
  readonly name: string;
  readonly avatarMxc: string | null;
}
