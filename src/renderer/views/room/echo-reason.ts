import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { MessageKey } from '../../i18n/messages.ts';

const KNOWN_REASONS = new Set(['TOO_LARGE', 'FORBIDDEN', 'NOT_IN_ROOM', 'EXPIRED', 'NETWORK', 'RATE_LIMITED', 'SERVER_ERROR', 'ENCRYPTION', 'WAITING_FOR_ROOM']);

/** Why an outbox item failed or waits, in words; empty while nothing went wrong. */
export function echoReason(echo: OutboxItem, t: Translator['t']): string {
  if (echo.error === null) return '';
  return KNOWN_REASONS.has(echo.error) ? t(`room.echo.reason.${echo.error}` as MessageKey) : t('room.echo.reason.other', { code: echo.error });
}

/** Waiting for something (the network, the room) rather than just under way. */
export const echoWaiting = (echo: OutboxItem): boolean => echo.state !== 'failed' && echo.state !== 'sent' && echo.error !== null;
