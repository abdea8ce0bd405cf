import { AppFailure } from '../../../shared/ipc/result.ts';
import { NO_POLICY, type PolicyView } from '../../../shared/model/policy.ts';
import type { Preferences } from '../../../shared/model/preferences.ts';
import type { Policy } from '../../../shared/policy/policy-schema.ts';
import type { Logger } from '../ports.ts';
import { applyPolicyToPreferences, homeserverAllowed, isLocked, lockedPreferences, resolvePolicy } from './policy.ts';
import type { PolicySource } from './policy-sources.ts';

/**
 * The user's preferences under the organisation's policy: what the renderer reads is the effective
 * value, and a change to a locked preference is refused here, in main, whatever the UI shows.
 */
export interface ManagedSettings {
  /** Resolves once every policy source has answered (or failed, which counts as no policy). */
  readonly ready: Promise<void>;
  policy(): Policy;
  view(): PolicyView;
  /** The stored preferences with the policy's forced values over them. */
  effective(stored: Preferences): Preferences;
  /** Throws POLICY_LOCKED when a change touches a preference the organisation set. */
  checkChanges(changes: Partial<Record<keyof Preferences, unknown>>): void;
  /** Throws POLICY_LOCKED when sign-in would go to a server the policy does not allow. */
  checkHomeserver(serverName: string | null, homeserverUrl: string): void;
}

export function createManagedSettings(sources: readonly PolicySource[], logger: Logger): ManagedSettings {
  let policy: Policy = {};
  const ready = resolvePolicy(sources, logger).then(
    (resolved) => {
      policy = resolved.policy;
    },
    () => logger.warn('the managed policy could not be read; none applies'),
  );
  return {
    ready,
    policy: () => policy,
    view: () => toView(policy),
    effective: (stored) => applyPolicyToPreferences(stored, policy, stored.language !== 'system'),
    checkChanges(changes) {
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined && isLocked(policy, key as keyof Preferences)) throw new AppFailure('POLICY_LOCKED', `${key} is set by your organisation`);
      }
    },
    checkHomeserver(serverName, homeserverUrl) {
      const fixed = policy.HomeserverUrl;
      if (fixed !== undefined && new URL(homeserverUrl).origin !== new URL(fixed).origin) {
        throw new AppFailure('POLICY_LOCKED', 'your organisation sets the homeserver');
      }
      // The server name when discovery found one (what Matrix IDs end in), else the URL's host:port.
      const name = serverName ?? new URL(homeserverUrl).host;
      if (!homeserverAllowed(policy, name)) throw new AppFailure('POLICY_LOCKED', 'your organisation does not allow this server');
    },
  };
}

function toView(policy: Policy): PolicyView {
  if (Object.keys(policy).length === 0) return NO_POLICY;
  return {
    locked: Object.keys(lockedPreferences(policy)) as (keyof Preferences)[],
    homeserverUrl: policy.HomeserverUrl ?? null,
    allowedHomeservers: policy.AllowedHomeservers ?? [],
    passwordLoginDisabled: policy.DisablePasswordLogin === true,
    ssoForced: policy.ForceSso === true,
    registrationDisabled: policy.DisableRegistration === true,
    encryptionForced: policy.ForceEncryptionForNewRooms === true,
    maxUploadMb: policy.MaxUploadSizeMb ?? null,
  };
}
