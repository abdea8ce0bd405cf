import type { AppError } from '../../../shared/ipc/result.ts';
import type { MessageKey } from '../../i18n/translator.ts';

/**
 * The sentence for a failed settings action: the causes a person can act on (no connection, wait a
 * moment) or should know about (the organisation set it) are named; everything else gets the
 * action's own "could not … contact IT" sentence.
 */
export function errorMessageKey(error: AppError, fallback: MessageKey): MessageKey {
  switch (error.code) {
    case 'NETWORK':
      return 'settings.error.network';
    case 'RATE_LIMITED':
      return 'settings.error.rateLimited';
    case 'POLICY_LOCKED':
      return 'settings.error.policyLocked';
    default:
      return fallback;
  }
}
