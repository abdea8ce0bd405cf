import { ConditionKind, PushRuleActionName, PushRuleKind, TweakName, type IPushRule, type MatrixClient } from 'matrix-js-sdk';
import type { RoomNotificationMode } from '../../../shared/model/rooms.ts';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { matrixFailure } from '../matrix-failure.ts';

const SCOPE = 'global';

/**
 * Per-room notification settings and keywords, stored where every Matrix client reads them: the
 * account's push rules, so the server (for push, badges and highlight counts) and the user's other
 * devices agree. The shapes are Element's, which other clients recognise:
 * - all messages: no rule of the room's own (the server's defaults notify for every message);
 * - mentions and keywords: a room rule without actions, below the mention and keyword rules;
 * - mute: an override rule without actions, above everything (mentions included).
 */
export function roomNotificationMode(client: MatrixClient, roomId: string): RoomNotificationMode {
  const rules = client.pushRules?.global;
  if (rules?.override?.some((rule) => rule.rule_id === roomId && rule.enabled && isSilent(rule) && matchesRoomOnly(rule, roomId))) return 'mute';
  if (rules?.room?.some((rule) => rule.rule_id === roomId && rule.enabled && isSilent(rule))) return 'mentions';
  return 'all';
}

export async function setRoomNotificationMode(client: MatrixClient, roomId: string, mode: RoomNotificationMode): Promise<void> {
  const rules = client.pushRules?.global;
  const has = (kind: 'override' | 'room'): boolean => rules?.[kind]?.some((rule) => rule.rule_id === roomId) === true;
  try {
    if (mode === 'mute') {
      await client.addPushRule(SCOPE, PushRuleKind.Override, roomId, {
        actions: [],
        conditions: [{ kind: ConditionKind.EventMatch, key: 'room_id', pattern: roomId }],
      });
    } else if (has('override')) {
      await client.deletePushRule(SCOPE, PushRuleKind.Override, roomId);
    }
    if (mode === 'mentions') await client.addPushRule(SCOPE, PushRuleKind.RoomSpecific, roomId, { actions: [] });
    else if (has('room')) await client.deletePushRule(SCOPE, PushRuleKind.RoomSpecific, roomId);
  } catch (error) {
    throw matrixFailure(error, 'changing the room’s notifications');
  }
}

/** The user's keywords: content rules of their own (the server's start with a dot). */
export function keywords(client: MatrixClient): string[] {
  return (client.pushRules?.global?.content ?? [])
    .filter((rule) => !rule.rule_id.startsWith('.') && rule.enabled && typeof rule.pattern === 'string' && !isSilent(rule))
    .map((rule) => rule.pattern as string)
    .toSorted((a, b) => a.localeCompare(b));
}

/**
 * Replaces the keywords: a message containing one notifies and counts as a highlight, in every room
 * set to "mentions and keywords" or "all messages" (not in muted ones).
 */
export async function setKeywords(client: MatrixClient, wanted: readonly string[]): Promise<string[]> {
  const current = new Set(keywords(client));
  const next = [...new Set(wanted.map((word) => word.trim()).filter((word) => word !== ''))];
  try {
    for (const word of current) if (!next.includes(word)) await client.deletePushRule(SCOPE, PushRuleKind.ContentSpecific, word);
    for (const word of next) {
      if (current.has(word)) continue;
      await client.addPushRule(SCOPE, PushRuleKind.ContentSpecific, word, {
        pattern: word,
        actions: [PushRuleActionName.Notify, { set_tweak: TweakName.Sound, value: 'default' }, { set_tweak: TweakName.Highlight }],
      });
    }
  } catch (error) {
    throw matrixFailure(error, 'saving the keywords');
  }
  return next.toSorted((a, b) => a.localeCompare(b));
}

/** No notify action: the rule silences (the spec's empty actions, or the deprecated dont_notify). */
const isSilent = (rule: IPushRule): boolean => !rule.actions.some((action) => action === PushRuleActionName.Notify);

/** Element's mute rule has exactly one condition, on the room; anything broader is not ours to call "mute". */
const matchesRoomOnly = (rule: IPushRule, roomId: string): boolean =>
  rule.conditions?.length === 1 && rule.conditions[0]?.kind === ConditionKind.EventMatch && rule.conditions[0].key === 'room_id' && rule.conditions[0].pattern === roomId;

export interface NotificationSettingsCommands {
  setRoomMode(roomId: string, mode: RoomNotificationMode): Promise<void>;
  keywords(): string[];
  setKeywords(words: readonly string[]): Promise<string[]>;
  attach(client: MatrixClient): void;
  detach(): void;
}

/** The commands, for the running session's client. */
export function createNotificationSettings(): NotificationSettingsCommands {
  let client: MatrixClient | undefined;
  const signedIn = (): MatrixClient => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return client;
  };
  return {
    async setRoomMode(roomId, mode) {
      const current = signedIn();
      if (!current.getRoom(roomId)) throw new AppFailure('NOT_FOUND', 'no such room in this session');
      await setRoomNotificationMode(current, roomId, mode);
    },
    keywords: () => keywords(signedIn()),
    setKeywords: (words) => setKeywords(signedIn(), words),
    attach(next) {
      client = next;
    },
    detach() {
      client = undefined;
    },
  };
}
