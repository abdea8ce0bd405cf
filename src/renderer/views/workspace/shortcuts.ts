import type { Translator } from '../../i18n/translator.ts';

/** The main window's keyboard shortcuts, apart from the handler so their matching is plain and testable. */
export type Shortcut = 'quickSwitcher' | 'settings' | 'previousRoom' | 'nextRoom' | 'nextRegion' | 'previousRegion' | 'showShortcuts';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/**
 * A key and the modifiers held with it. `key` is KeyboardEvent.key (a letter in lower case);
 * `primary` is Ctrl on Windows and Linux and ⌘ on macOS, as each platform's users expect.
 */
export interface Combo {
  readonly key: string;
  readonly primary?: boolean;
  readonly alt?: boolean;
  readonly shift?: boolean;
}

/** The window-wide shortcuts: the handler matches exactly these, and the shortcuts list shows them. */
export const WINDOW_SHORTCUTS: Readonly<Record<Shortcut, Combo>> = {
  quickSwitcher: { key: 'k', primary: true },
  previousRoom: { key: 'ArrowUp', alt: true },
  nextRoom: { key: 'ArrowDown', alt: true },
  nextRegion: { key: 'F6' },
  previousRegion: { key: 'F6', shift: true },
  settings: { key: ',', primary: true },
  showShortcuts: { key: '/', primary: true },
};

// The key that gives the same symbol shifted on a US layout, which people may press instead (Ctrl+?).
const SHIFTED: Readonly<Record<string, string>> = { '/': '?' };
const isSymbol = (key: string): boolean => key.length === 1 && !/\p{L}|\p{N}/u.test(key);

/**
 * Whether a key press is the combo. The modifiers must be exactly those of the combo, but Shift is
 * not asked of a symbol: KeyboardEvent.key already is the symbol typed, and many layouts need
 * Shift for it (the slash is Shift+7 on a German keyboard and Shift+: on a French one).
 */
export function pressMatches(combo: Combo, press: KeyPress, apple: boolean): boolean {
  const primary = apple ? press.metaKey : press.ctrlKey;
  const other = apple ? press.ctrlKey : press.metaKey;
  if (other || primary !== (combo.primary ?? false) || press.altKey !== (combo.alt ?? false)) return false;
  if (isSymbol(combo.key)) return press.key === combo.key || press.key === SHIFTED[combo.key];
  if (press.shiftKey !== (combo.shift ?? false)) return false;
  return combo.key.length === 1 ? press.key.toLowerCase() === combo.key : press.key === combo.key;
}

export function shortcutFor(press: KeyPress, apple: boolean): Shortcut | null {
  for (const [shortcut, combo] of Object.entries(WINDOW_SHORTCUTS) as [Shortcut, Combo][]) {
    if (pressMatches(combo, press, apple)) return shortcut;
  }
  return null;
}

export const isApplePlatform = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The composer's keys, which it handles itself: test/unit/renderer/shortcuts.test.ts holds each to
 * composerKeyAction, so the list cannot promise a key that does nothing there.
 */
export const COMPOSER_KEYS = {
  // Ctrl+Enter (⌘Enter) sends too, as in other messengers.
  send: [{ key: 'Enter' }, { key: 'Enter', primary: true }],
  newLine: [{ key: 'Enter', shift: true }],
  // Only while files are attached; the action's name says so.
  clearAttachments: [{ key: 'Escape' }],
  // In an empty field.
  editLast: [{ key: 'ArrowUp' }],
  // While replying or editing (and no files are attached).
  cancelDraft: [{ key: 'Escape' }],
} as const satisfies Readonly<Record<string, readonly Combo[]>>;

/** Esc in the room filter (FilterField), in dialogs, menus and the settings; the arrows in menus and the quick switcher. */
export const OTHER_KEYS = {
  clearFilter: [{ key: 'Escape' }],
  closeOverlay: [{ key: 'Escape' }],
  moveInList: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }],
} as const satisfies Readonly<Record<string, readonly Combo[]>>;

export type ShortcutAction = Shortcut | keyof typeof COMPOSER_KEYS | keyof typeof OTHER_KEYS;
export type ShortcutGroupId = 'navigation' | 'messages' | 'dialogs';

export interface ListedShortcut {
  readonly action: ShortcutAction;
  /** Alternatives: any one of them does it. */
  readonly combos: readonly Combo[];
}
export interface ShortcutGroup {
  readonly id: ShortcutGroupId;
  readonly shortcuts: readonly ListedShortcut[];
}

const windowShortcut = (action: Shortcut): ListedShortcut => ({ action, combos: [WINDOW_SHORTCUTS[action]] });

/** What the keyboard shortcuts dialog lists, in its order. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    id: 'navigation',
    shortcuts: [
      windowShortcut('quickSwitcher'),
      windowShortcut('previousRoom'),
      windowShortcut('nextRoom'),
      windowShortcut('nextRegion'),
      windowShortcut('previousRegion'),
      { action: 'clearFilter', combos: OTHER_KEYS.clearFilter },
      windowShortcut('settings'),
      windowShortcut('showShortcuts'),
    ],
  },
  {
    id: 'messages',
    shortcuts: [
      { action: 'send', combos: COMPOSER_KEYS.send },
      { action: 'newLine', combos: COMPOSER_KEYS.newLine },
      { action: 'clearAttachments', combos: COMPOSER_KEYS.clearAttachments },
      { action: 'editLast', combos: COMPOSER_KEYS.editLast },
      { action: 'cancelDraft', combos: COMPOSER_KEYS.cancelDraft },
    ],
  },
  {
    id: 'dialogs',
    shortcuts: [
      { action: 'closeOverlay', combos: OTHER_KEYS.closeOverlay },
      { action: 'moveInList', combos: OTHER_KEYS.moveInList },
    ],
  },
];

/** One key of a combination as shown in a <kbd>; `spoken` is set when the label is a glyph a screen reader would misread or skip. */
export interface KeyCap {
  readonly label: string;
  readonly spoken?: string;
}

type T = Translator['t'];

function mainKeyCap(key: string, t: T): KeyCap {
  switch (key) {
    case 'ArrowUp':
      return { label: '↑', spoken: t('shortcuts.key.up') };
    case 'ArrowDown':
      return { label: '↓', spoken: t('shortcuts.key.down') };
    case 'Enter':
      return { label: t('shortcuts.key.enter') };
    case 'Escape':
      return { label: t('shortcuts.key.escape') };
    case ',':
      return { label: ',', spoken: t('shortcuts.key.comma') };
    case '/':
      return { label: '/', spoken: t('shortcuts.key.slash') };
    default:
      return { label: key.length === 1 ? key.toUpperCase() : key };
  }
}

/**
 * The keys of a combination in the platform's order and words: Ctrl, Alt, Shift on Windows and
 * Linux; ⌥ ⇧ ⌘ (Apple's order, with their names for screen readers) on macOS.
 */
export function keyCaps(combo: Combo, apple: boolean, t: T): KeyCap[] {
  const caps: KeyCap[] = [];
  if (apple) {
    if (combo.alt) caps.push({ label: '⌥', spoken: t('shortcuts.key.option') });
    if (combo.shift) caps.push({ label: '⇧', spoken: t('shortcuts.key.shift') });
    if (combo.primary) caps.push({ label: '⌘', spoken: t('shortcuts.key.command') });
  } else {
    if (combo.primary) caps.push({ label: t('shortcuts.key.ctrl') });
    if (combo.alt) caps.push({ label: t('shortcuts.key.alt') });
    if (combo.shift) caps.push({ label: t('shortcuts.key.shift') });
  }
  caps.push(mainKeyCap(combo.key, t));
  return caps;
}
