/**
 * Plenum's one IPC contract. Every command (request schema → reply type) and every event
 * (main → renderer) is named here and nowhere else; handlers, the preload allowlist and the
 * renderer client are all derived from this object.
 */
import * as v from 'valibot';
import type { SessionView, SyncStatus } from '../model/session.ts';
import { command, event } from './define.ts';

const HomeserverUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url(),
  v.check((s) => /^https?:\/\//i.test(s), 'homeserver must be an http(s) URL'),
);
/** A localpart or a full Matrix ID; the spec caps user IDs at 255 bytes. */
const UserName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255));
const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

export const contract = {
  commands: {
    'app.info': command(v.strictObject({})).returns<{ version: string; locale: string; defaultHomeserver: string | null }>(),
    'session.get': command(v.strictObject({})).returns<SessionView>(),
    'session.signIn': command(
      v.strictObject({ homeserver: HomeserverUrl, user: UserName, password: Password }),
    ).returns<{ userId: string }>(),
    'session.signOut': command(v.strictObject({})).returns<null>(),
    'sync.status': command(v.strictObject({})).returns<SyncStatus>(),
  },
  events: {
    'session.changed': event<SessionView>(),
    'sync.status': event<SyncStatus>(),
  },
} as const;
