import type { OutboxRelation } from '../../../shared/model/outbox.ts';
import type { MessageContent } from './markdown.ts';

/** A typed message that answers another (m.in_reply_to) or replaces one of the user's own (m.replace). */
export interface RelatedMessageContent extends MessageContent {
  readonly 'm.relates_to'?:
    | { readonly 'm.in_reply_to': { readonly event_id: string } }
    | { readonly rel_type: 'm.replace'; readonly event_id: string }
    | { readonly rel_type: 'm.thread'; readonly event_id: string; readonly is_falling_back: boolean; readonly 'm.in_reply_to': { readonly event_id: string } };
  /** Who the message mentions (Matrix 1.7 intentional mentions): a reply mentions the person answered. */
  readonly 'm.mentions'?: { readonly user_ids?: readonly string[]; readonly room?: boolean };
  readonly 'm.new_content'?: MessageContent & { readonly 'm.mentions'?: { readonly user_ids?: readonly string[] } };
}

export interface ReactionContent {
  readonly 'm.relates_to': { readonly rel_type: 'm.annotation'; readonly event_id: string; readonly key: string };
}

/** m.room.redaction, as room version 11 puts it: the target in the content (the endpoint takes it in its path). */
export interface RedactionContent {
  readonly redacts: string;
  readonly reason?: string;
}

export const REACTION = 'm.reaction';
export const REDACTION = 'm.room.redaction';

/** A reply carries no quoted fallback (removed from the spec in Matrix 1.13): receivers show the original themselves. */
export function replyContent(content: RelatedMessageContent, original: { eventId: string; senderId: string }, ownUserId: string): RelatedMessageContent {
  const mentioned = content['m.mentions']?.user_ids ?? [];
  const answered = original.senderId === ownUserId || mentioned.includes(original.senderId) ? [] : [original.senderId];
  return {
    ...content,
    'm.relates_to': { 'm.in_reply_to': { event_id: original.eventId } },
    'm.mentions': { ...content['m.mentions'], user_ids: [...answered, ...mentioned] },
  };
}

/**
 * An edit (m.replace): the new text in `m.new_content`, and the spec's fallback, "* " and the new
 * text, for clients without edits. Its mentions are empty, so an edit notifies nobody a second time.
 */
export function editContent(targetEventId: string, replacement: MessageContent): RelatedMessageContent {
  const fallback: MessageContent =
    replacement.formatted_body === undefined
      ? { msgtype: replacement.msgtype, body: `* ${replacement.body}` }
      : { ...replacement, body: `* ${replacement.body}`, formatted_body: `* ${replacement.formatted_body}` };
  return {
    ...fallback,
    'm.new_content': { ...replacement, 'm.mentions': {} },
    'm.mentions': {},
    'm.relates_to': { rel_type: 'm.replace', event_id: targetEventId },
  };
}

/**
 * A reply in a thread: the relation to its root, and (for clients without threads) a fallback
 * reply to the thread's latest message, marked as one, or a real reply to the message answered.
 */
export function threadContent(content: RelatedMessageContent, rootId: string, latestId: string, answering: string | null): RelatedMessageContent {
  return {
    ...content,
    'm.relates_to': { rel_type: 'm.thread', event_id: rootId, is_falling_back: answering === null, 'm.in_reply_to': { event_id: answering ?? latestId } },
  };
}

export const reactionContent = (targetEventId: string, key: string): ReactionContent => ({
  'm.relates_to': { rel_type: 'm.annotation', event_id: targetEventId, key },
});

/** What an outbox row does to another event, for the renderer to show it there rather than as a new message. */
export function relationOf(eventType: string, content: object): OutboxRelation | null {
  if (eventType === REDACTION) {
    const { redacts } = content as Partial<RedactionContent>;
    return typeof redacts === 'string' ? { type: 'redaction', eventId: redacts } : null;
  }
  const relation = (content as { 'm.relates_to'?: Record<string, unknown> })['m.relates_to'];
  if (!relation) return null;
  if (eventType === REACTION && typeof relation.event_id === 'string' && typeof relation.key === 'string') {
    return { type: 'reaction', eventId: relation.event_id, key: relation.key };
  }
  if (relation.rel_type === 'm.replace' && typeof relation.event_id === 'string') return { type: 'edit', eventId: relation.event_id };
  if (relation.rel_type === 'm.thread' && typeof relation.event_id === 'string') return { type: 'thread', eventId: relation.event_id };
  const inReplyTo = relation['m.in_reply_to'] as { event_id?: unknown } | undefined;
  if (typeof inReplyTo?.event_id === 'string') return { type: 'reply', eventId: inReplyTo.event_id };
  return null;
}
