/** The keyboard facts the composer decides on (a KeyboardEvent has them all). */
export interface ComposerKey {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly isComposing: boolean;
  /** 229 while an input method is composing, in browsers that set isComposing late. */
  readonly keyCode: number;
}

export type ComposerKeyAction = 'send' | 'clearAttachments' | 'editLast' | 'cancelDraft' | null;

/** What else the decision depends on. */
export interface ComposerKeyState {
  readonly hasAttachments: boolean;
  /** Nothing typed: the Up arrow then edits the last message rather than moving the caret. */
  readonly empty: boolean;
  /** A reply or an edit is under way: Esc ends it. */
  readonly drafting: boolean;
}

/**
 * Enter sends and Shift+Enter is a new line (the textarea's own behaviour); Ctrl/Cmd+Enter also
 * sends, as in other messengers. While an input method is composing (Japanese, Chinese, Korean…),
 * Enter confirms the composition and must never send. Esc drops chosen files, else ends a reply
 * or an edit. The Up arrow in an empty field edits the user's last message (as in Element, Slack
 * and Teams); everything else is left to the textarea.
 */
export function composerKeyAction(event: ComposerKey, state: ComposerKeyState): ComposerKeyAction {
  if (event.isComposing || event.keyCode === 229) return null;
  if (event.key === 'Enter') return event.shiftKey || event.altKey ? null : 'send';
  if (event.key === 'Escape' && state.hasAttachments) return 'clearAttachments';
  if (event.key === 'Escape' && state.drafting) return 'cancelDraft';
  const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
  if (event.key === 'ArrowUp' && plain && state.empty && !state.hasAttachments) return 'editLast';
  return null;
}
