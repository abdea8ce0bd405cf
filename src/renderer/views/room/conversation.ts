import { getContext, setContext } from 'svelte';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { EncryptedItem, MessageItem } from '../../../shared/model/timeline.ts';

/**
 * What a message row may do to its message, provided by the room's timeline: the rows stay plain
 * views, and the timeline keeps the one picker, the one delete dialog and the scroll position.
 */
export interface ConversationActions {
  readonly userId: string;
  reply(item: MessageItem): void;
  edit(item: MessageItem): void;
  /** Adds the reaction, or takes this user's own back. */
  react(item: MessageItem, key: string): void;
  /** The full emoji picker, next to the button that asked for it. */
  pickReaction(item: MessageItem, anchor: HTMLElement): void;
  /** Asks first: a deletion cannot be undone. */
  redact(item: MessageItem | EncryptedItem): void;
  copyLink(item: MessageItem | EncryptedItem): void;
  /** Opens the message's thread (starting one when it has none) in the side panel. */
  openThread(item: MessageItem): void;
  /** Asks which room to send a copy to. */
  forward(item: MessageItem): void;
  /** Scrolls to a message (loading older ones until it is there) and highlights it. */
  jumpTo(eventId: string): void;
  /** This user's unsent edits, reactions and deletions of the event, oldest first. */
  pending(eventId: string): readonly OutboxItem[];
  /** The message just jumped to, highlighted for a moment. */
  readonly highlighted: string | null;
  retry(localId: string): void;
  discard(localId: string): void;
}

const key = Symbol('conversation');
export const provideConversation = (actions: ConversationActions): ConversationActions => setContext(key, actions);
/** Null outside a room's timeline (a message shown elsewhere offers no actions). */
export const useConversation = (): ConversationActions | null => getContext<ConversationActions | undefined>(key) ?? null;

/** The reactions offered at one click, as most messengers do. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂'] as const;
