import keytar from 'keytar';
import { AppFailure } from '../../shared/ipc/result.ts';
import type { SecretStore } from '../core/ports.ts';

/** Never holds user data: its only job is to be readable whenever the keychain is. */
export const KEYCHAIN_MARKER_ACCOUNT = 'plenum.keychain-marker';
const MARKER_VALUE = 'present';

const unavailable = (): AppFailure => new AppFailure('KEYCHAIN_UNAVAILABLE', 'the system keychain is locked or unavailable');

/**
 * The OS keychain through keytar (Keychain on macOS, Credential Vault on Windows, the Secret Service
 * on Linux). A locked or missing keychain must never look like "no secret stored", which the core
 * would take as "no session" and so silently sign the user out. keytar's errors become one code
 * the UI can explain (their text names the backend's failure, never the secret). On Linux keytar
 * answers `null` and `false` for a locked collection instead of failing, so those ambiguous answers
 * are checked against a marker secret before they are believed.
 */
export function createKeytarSecretStore(service = 'Plenum'): SecretStore {
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch {
      throw unavailable();
    }
  };

  /** Resolves if the keychain can be read now; writing the marker unlocks it or proves it locked. */
  const confirmReadable = async (): Promise<void> => {
    if ((await guard(() => keytar.getPassword(service, KEYCHAIN_MARKER_ACCOUNT))) === MARKER_VALUE) return;
    await guard(() => keytar.setPassword(service, KEYCHAIN_MARKER_ACCOUNT, MARKER_VALUE));
  };

  return {
    async get(account) {
      const secret = await guard(() => keytar.getPassword(service, account));
      if (secret !== null) return secret;
      await confirmReadable();
      // Writing the marker may have unlocked the keychain (a desktop prompt), so ask once more.
      return guard(() => keytar.getPassword(service, account));
    },
    set: (account, secret) => guard(() => keytar.setPassword(service, account, secret)),
    async delete(account) {
      if (await guard(() => keytar.deletePassword(service, account))) return true;
      await confirmReadable();
      return guard(() => keytar.deletePassword(service, account));
    },
  };
}
