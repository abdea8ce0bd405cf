import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/renderer/i18n/translator.ts';
import { composerKeyAction } from '../../../src/renderer/views/room/composer/keys.ts';
import ShortcutsDialog from '../../../src/renderer/views/workspace/ShortcutsDialog.svelte';
import {
  COMPOSER_KEYS,
  keyCaps,
  SHORTCUT_GROUPS,
  shortcutFor,
  WINDOW_SHORTCUTS,
  type Combo,
  type KeyPress,
  type Shortcut,
} from '../../../src/renderer/views/workspace/shortcuts.ts';
import { renderHtml, tags } from './components/render.ts';

type Modifiers = Partial<Pick<KeyPress, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>>;
const press = (key: string, modifiers: Modifiers = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers });

/** The key press a combo means on a platform (Ctrl or ⌘ for `primary`). */
function pressOf(combo: Combo, apple: boolean): KeyPress {
  return press(combo.key, { ctrlKey: !apple && combo.primary === true, metaKey: apple && combo.primary === true, altKey: combo.alt === true, shiftKey: combo.shift === true });
}
const composerKey = (combo: Combo, apple: boolean) => ({ ...pressOf(combo, apple), isComposing: false, keyCode: 0 });

describe('the shortcuts list shortcut', () => {
  it('is Ctrl+/ on Windows and Linux', () => {
    expect(shortcutFor(press('/', { ctrlKey: true }), false)).toBe('showShortcuts');
    expect(shortcutFor(press('/', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press('/', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(press('/'), false)).toBeNull();
  });

  it('is ⌘/ on macOS, where Ctrl+/ is not it', () => {
    expect(shortcutFor(press('/', { metaKey: true }), true)).toBe('showShortcuts');
    expect(shortcutFor(press('/', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(press('/', { ctrlKey: true, metaKey: true }), true)).toBeNull();
  });

  it('works where the slash needs Shift (Ctrl+Shift+7 on a German keyboard), and as Ctrl+? on a US one', () => {
    expect(shortcutFor(press('/', { ctrlKey: true, shiftKey: true }), false)).toBe('showShortcuts');
    expect(shortcutFor(press('/', { metaKey: true, shiftKey: true }), true)).toBe('showShortcuts');
    expect(shortcutFor(press('?', { ctrlKey: true, shiftKey: true }), false)).toBe('showShortcuts');
    // Ctrl+7 types no slash anywhere: the key typed counts, not where it sits.
    expect(shortcutFor(press('7', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });

  it('leaves the letters strict about Shift', () => {
    expect(shortcutFor(press('K', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(press('k', { metaKey: true, shiftKey: true }), true)).toBeNull();
  });
});

describe('the window’s shortcuts, as defined and as matched', () => {
  it.each([false, true])('match each definition exactly (apple: %s)', (apple) => {
    for (const [shortcut, combo] of Object.entries(WINDOW_SHORTCUTS) as [Shortcut, Combo][]) {
      expect(shortcutFor(pressOf(combo, apple), apple), shortcut).toBe(shortcut);
    }
  });

  it('are all in the list, once each', () => {
    const listed = SHORTCUT_GROUPS.flatMap((group) => group.shortcuts.map((shortcut) => shortcut.action));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(Object.keys(WINDOW_SHORTCUTS)));
    for (const group of SHORTCUT_GROUPS) {
      for (const shortcut of group.shortcuts) {
        if (shortcut.action in WINDOW_SHORTCUTS) expect(shortcut.combos).toEqual([WINDOW_SHORTCUTS[shortcut.action as Shortcut]]);
      }
    }
  });

  it.each([false, true])('list the composer’s keys as the composer handles them (apple: %s)', (apple) => {
    const idle = { hasAttachments: false, empty: false, drafting: false };
    for (const combo of COMPOSER_KEYS.send) expect(composerKeyAction(composerKey(combo, apple), idle)).toBe('send');
    // A new line is the textarea's own Shift+Enter: the composer must leave it alone.
    for (const combo of COMPOSER_KEYS.newLine) expect(composerKeyAction(composerKey(combo, apple), idle)).toBeNull();
    for (const combo of COMPOSER_KEYS.clearAttachments) expect(composerKeyAction(composerKey(combo, apple), { ...idle, hasAttachments: true })).toBe('clearAttachments');
    for (const combo of COMPOSER_KEYS.editLast) expect(composerKeyAction(composerKey(combo, apple), { ...idle, empty: true })).toBe('editLast');
    for (const combo of COMPOSER_KEYS.cancelDraft) expect(composerKeyAction(composerKey(combo, apple), { ...idle, drafting: true })).toBe('cancelDraft');
  });

  it('groups navigation, messages, and dialogs and menus', () => {
    expect(SHORTCUT_GROUPS.map((group) => group.id)).toEqual(['navigation', 'messages', 'dialogs']);
    expect(SHORTCUT_GROUPS[1]?.shortcuts.map((shortcut) => shortcut.action)).toEqual(['send', 'newLine', 'clearAttachments', 'editLast', 'cancelDraft']);
  });
});

describe('key caps', () => {
  const en = createTranslator('en').t;
  const de = createTranslator('de').t;

  it('writes Ctrl, Alt and Shift on Windows and Linux, in the local words', () => {
    expect(keyCaps(WINDOW_SHORTCUTS.quickSwitcher, false, en)).toEqual([{ label: 'Ctrl' }, { label: 'K' }]);
    expect(keyCaps(WINDOW_SHORTCUTS.previousRegion, false, en)).toEqual([{ label: 'Shift' }, { label: 'F6' }]);
    expect(keyCaps(WINDOW_SHORTCUTS.nextRoom, false, en)).toEqual([{ label: 'Alt' }, { label: '↓', spoken: 'Down arrow' }]);
    expect(keyCaps(WINDOW_SHORTCUTS.showShortcuts, false, de)).toEqual([{ label: 'Strg' }, { label: '/', spoken: 'Schrägstrich' }]);
    expect(keyCaps({ key: 'Enter', shift: true }, false, de)).toEqual([{ label: 'Umschalt' }, { label: 'Eingabe' }]);
  });

  it('uses Apple’s glyphs on macOS, each named in words for screen readers', () => {
    expect(keyCaps(WINDOW_SHORTCUTS.quickSwitcher, true, en)).toEqual([{ label: '⌘', spoken: 'Command' }, { label: 'K' }]);
    expect(keyCaps(WINDOW_SHORTCUTS.previousRoom, true, en)).toEqual([
      { label: '⌥', spoken: 'Option' },
      { label: '↑', spoken: 'Up arrow' },
    ]);
    expect(keyCaps(WINDOW_SHORTCUTS.settings, true, en)).toEqual([
      { label: '⌘', spoken: 'Command' },
      { label: ',', spoken: 'Comma' },
    ]);
  });
});

describe('the shortcuts dialog’s markup', () => {
  it('has one table per group under a heading, the action as row header, the keys as <kbd>', () => {
    const html = renderHtml(ShortcutsDialog, { open: true, apple: false });
    expect(html).toContain('>Keyboard shortcuts</h2>');
    const headings = [...html.matchAll(/<h3 id="([^"]+)"[^>]*>([^<]+)<\/h3>/g)];
    expect(headings.map((match) => match[2])).toEqual(['Navigation', 'Messages', 'Dialogs and menus']);
    expect(tags(html, 'table').map((table) => table['aria-labelledby'])).toEqual(headings.map((match) => match[1]));
    const rows = tags(html, 'th').filter((cell) => cell.scope === 'row');
    expect(rows).toHaveLength(SHORTCUT_GROUPS.reduce((sum, group) => sum + group.shortcuts.length, 0));
    expect(html).toMatch(/<th scope="row"[^>]*>Go to a room<\/th>\s*<td[^>]*>(?:(?!<\/td>)[\s\S])*<kbd[^>]*>Ctrl<\/kbd>(?:(?!<\/td>)[\s\S])*<kbd[^>]*>K<\/kbd>/);
    // The arrow is hidden from screen readers and named instead.
    expect(html).toMatch(/<kbd[^>]*><span aria-hidden="true"[^>]*>↑<\/span><span class="visually-hidden[^"]*">Up arrow<\/span><\/kbd>/);
  });

  it('speaks German, with the German key names', () => {
    const html = renderHtml(ShortcutsDialog, { open: true, apple: false }, { language: 'de' });
    expect(html).toContain('>Tastenkombinationen</h2>');
    expect(html).toMatch(/<kbd[^>]*>Strg<\/kbd>/);
    expect(html).toContain('Zu einem Raum wechseln');
  });

  it('writes ⌘ without plus signs on macOS', () => {
    const html = renderHtml(ShortcutsDialog, { open: true, apple: true });
    expect(html).toMatch(/<span aria-hidden="true"[^>]*>⌘<\/span><span class="visually-hidden[^"]*">Command<\/span>/);
    expect(html).not.toContain('>Ctrl<');
    expect(html).not.toMatch(/class="plus/);
  });
});
