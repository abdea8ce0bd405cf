import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import type { SecretStore } from '../ports.ts';

/** Everything secret about a session, kept as one keychain entry. */
export interface SessionSecrets {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  /** 32 random bytes (base64) that encrypt the local crypto store at rest. */
  readonly storeKey: string;
}

const Secrets = v.strictObject({
  accessToken: v.pipe(v.string(), v.minLength(1)),
  refreshToken: v.nullable(v.string()),
  storeKey: v.pipe(v.string(), v.base64(), v.length(44)),
});

const account = (userId: string): string => `session:${userId}`;

export const newStoreKey = (): string => randomBytes(32).toString('base64');

export function createSessionSecrets(secrets: SecretStore) {
  return {
    /** null: nothing stored (or unusable). Throws KEYCHAIN_UNAVAILABLE when the keychain can't be read. */
    async load(userId: string): Promise<SessionSecrets | null> {
      const raw = await secrets.get(account(userId));
      if (raw === null) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return null;
      }
      const result = v.safeParse(Secrets, parsed);
      return result.success ? result.output : null;
    },
    save: (userId: string, value: SessionSecrets): Promise<void> => secrets.set(account(userId), JSON.stringify(value)),
    remove: (userId: string): Promise<boolean> => secrets.delete(account(userId)),
  };
}

export type SessionSecretsStore = ReturnType<typeof createSessionSecrets>;
