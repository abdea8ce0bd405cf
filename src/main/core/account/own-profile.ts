import { RoomStateEvent, UserEvent, type MatrixClient, type MatrixEvent, type RoomMember, type RoomState, type User } from 'matrix-js-sdk';
import { formatMxcUri, parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';

/** The signed-in user's global profile, as the session view shows it. */
export interface OwnProfile {
  readonly displayName: string | null;
  /** A well-formed mxc:// URI, or null. */
  readonly avatarMxc: string | null;
}

export interface OwnProfileWatch {
  /** Reads the profile from the server now (coalesced with one already under way). */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps the signed-in user's name and picture current. The SDK's User object is no source: it takes
 * room member names, which are per room and may be disambiguated ("Alice (@alice:example.org)").
 * So any hint of a change — our own profile calls (the SDK announces them on the User), presence,
 * a new member event of ours from another device's change — makes it read the profile from the server.
 */
export function watchOwnProfile(client: MatrixClient, userId: string, onProfile: (profile: OwnProfile) => void): OwnProfileWatch {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const fetchOnce = async (): Promise<void> => {
    const info = await client.getProfileInfo(userId);
    if (stopped) return;
    const name = typeof info.displayname === 'string' ? info.displayname.trim() : '';
    const mxc = parseMxcUri(info.avatar_url);
    onProfile({ displayName: name || null, avatarMxc: mxc ? formatMxcUri(mxc) : null });
  };

  const refresh = (): Promise<void> => {
    if (running) {
      // A change may have landed after the request in flight was answered: read once more after it.
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await fetchOnce();
        } while (again && !stopped);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  // Hints come from sync, where nobody awaits: an unreachable server just means "later".
  const hint = (): void => void refresh().catch(() => {});

  const onUser = (_event: MatrixEvent | undefined, user: User): void => {
    if (user.userId === userId) hint();
  };
  const onMember = (_event: MatrixEvent, _state: RoomState, member: RoomMember): void => {
    if (member.userId === userId) hint();
  };
  // The SDK makes our own User at start without wiring it to the client's events, so its
  // announcements are heard on the object itself (or on the client, for a User made by a sync).
  const ownUser = client.getUser(userId);
  for (const type of [UserEvent.DisplayName, UserEvent.AvatarUrl] as const) {
    ownUser?.on(type, onUser);
    client.on(type, onUser);
  }
  client.on(RoomStateEvent.Members, onMember);

  return {
    refresh,
    stop() {
      stopped = true;
      for (const type of [UserEvent.DisplayName, UserEvent.AvatarUrl] as const) {
        ownUser?.off(type, onUser);
        client.off(type, onUser);
      }
      client.off(RoomStateEvent.Members, onMember);
    },
  };
}
