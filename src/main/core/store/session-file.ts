import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';

export const SESSION_FILE = 'session.json';

/** The non-secret half of a session; the access token and store key are in the OS keychain. */
export interface StoredSession {
  readonly userId: string;
  readonly deviceId: string;
  readonly homeserver: string;
  readonly displayName: string | null;
}

const Stored = v.strictObject({
  version: v.literal(1),
  userId: v.pipe(v.string(), v.regex(/^@[^:]+:.+$/)),
  deviceId: v.pipe(v.string(), v.minLength(1)),
  homeserver: v.pipe(v.string(), v.url()),
  displayName: v.nullable(v.string()),
});

/**
 * A small file beside the cache rather than a table in it, so that a corrupt cache can be thrown
 * away and rebuilt from the server without losing the session. Written atomically (temp, fsync, rename).
 */
export function createSessionFile(dir: string) {
  const path = join(dir, SESSION_FILE);
  return {
    /** null when there is no session, or the file is unreadable (which cannot be resumed either). */
    load(): StoredSession | null {
      let raw: string;
      try {
        raw = readFileSync(path, 'utf8');
      } catch {
        return null;
      }
      try {
        const parsed = v.safeParse(Stored, JSON.parse(raw));
        if (!parsed.success) return null;
        const { version: _version, ...session } = parsed.output;
        return session;
      } catch {
        return null;
      }
    },
    save(session: StoredSession): void {
      const temp = `${path}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify({ version: 1, ...session }));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, path);
    },
    remove(): void {
      rmSync(path, { force: true });
    },
  };
}

export type SessionFile = ReturnType<typeof createSessionFile>;
