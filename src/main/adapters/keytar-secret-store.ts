import keytar from 'keytar';
import { AppFailure } from '../../shared/ipc/result.ts';
import type { SecretStore } from '../core/ports.ts';

/**
 * The OS keychain through keytar (Keychain on macOS, Credential Vault on Windows, the Secret Service
 * on Linux). keytar's own errors name the backend's failure but never the secret; they are still
 * replaced by one code the UI can explain, because a locked or missing keychain must never look like
 * "no session" (which would silently sign the user out).
 */
export function createKeytarSecretStore(service = 'Plenum'): SecretStore {
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch {
      throw new AppFailure('KEYCHAIN_UNAVAILABLE', 'the system keychain is locked or unavailable');
    }
  };
  return {
    get: (account) => guard(() => keytar.getPassword(service, account)),
    set: (account, secret) => guard(() => keytar.setPassword(service, account, secret)),
    delete: (account) => guard(() => keytar.deletePassword(service, account)),
  };
}
