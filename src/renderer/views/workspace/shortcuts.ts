/** The main window's keyboard shortcuts, apart from the handler so their matching is plain and testable. */
export type Shortcut = 'quickSwitcher' | 'settings' | 'previousRoom' | 'nextRoom' | 'nextRegion' | 'previousRegion';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** Ctrl on Windows and Linux, ⌘ on macOS, as each platform's users expect. */
export function shortcutFor(press: KeyPress, apple: boolean): Shortcut | null {
  const primary = apple ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  if (primary && !press.altKey && !press.shiftKey) {
    if (press.key.toLowerCase() === 'k') return 'quickSwitcher';
    if (press.key === ',') return 'settings';
  }
  if (press.altKey && !press.ctrlKey && !press.metaKey && !press.shiftKey) {
    if (press.key === 'ArrowUp') return 'previousRoom';
    if (press.key === 'ArrowDown') return 'nextRoom';
  }
  if (press.key === 'F6' && !press.ctrlKey && !press.metaKey && !press.altKey) return press.shiftKey ? 'previousRegion' : 'nextRegion';
  return null;
}

export const isApplePlatform = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);
