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

export type ComposerKeyAction = 'send' | 'clearAttachments' | null;

/**
 * Enter sends and Shift+Enter is a new line (the textarea's own behaviour); Ctrl/Cmd+Enter also
 * sends, as in other messengers. While an input method is composing (Japanese, Chinese, Korean…),
 * Enter confirms the composition and must never send. Esc drops chosen files. Everything else —
 * the arrow keys in an empty field included — is left to the textarea.
 */
export function composerKeyAction(event: ComposerKey, hasAttachments: boolean): ComposerKeyAction {
  if (event.isComposing || event.keyCode === 229) return null;
  if (event.key === 'Enter') return event.shiftKey || event.altKey ? null : 'send';
  if (event.key === 'Escape' && hasAttachments) return 'clearAttachments';
  return null;
}
