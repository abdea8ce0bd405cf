import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildEditContextMenu, spellcheckLanguages, type EditContextParams } from '../../../src/main/window/spellcheck-menu.ts';

// main passes Electron's params object straight in: this fails to compile if the shapes drift apart.
const _fitsContextMenuParams = (params: ContextMenuParams): EditContextParams => params;

const labels = { noSuggestions: 'Keine Vorschläge', addToDictionary: 'Zum Wörterbuch hinzufügen' };
const allFlags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
const noFlags = { canCut: false, canCopy: false, canPaste: false, canSelectAll: false };

function params(changes: Partial<EditContextParams>): EditContextParams {
  return { isEditable: true, misspelledWord: '', dictionarySuggestions: [], selectionText: '', editFlags: allFlags, ...changes };
}

function build(p: EditContextParams) {
  const actions = { replaceMisspelling: vi.fn(), addToDictionary: vi.fn() };
  return { menu: buildEditContextMenu(p, actions, labels), actions };
}

const summary = (menu: MenuItemConstructorOptions[]) => menu.map((item) => [item.role ?? item.type ?? item.label, item.enabled ?? true]);
const click = (item: MenuItemConstructorOptions | undefined) => item?.click?.({} as never, undefined, {} as never);

describe('buildEditContextMenu', () => {
  it('offers suggestions first, then adding the word, then the edit items', () => {
    const { menu } = build(params({ misspelledWord: 'Sitzng', dictionarySuggestions: ['Sitzung', 'Sitzungs'] }));
    expect(summary(menu)).toEqual([
      ['Sitzung', true],
      ['Sitzungs', true],
      [labels.addToDictionary, true],
      ['separator', true],
      ['cut', true],
      ['copy', true],
      ['paste', true],
      ['selectAll', true],
    ]);
  });

  it('replaces the word with the suggestion clicked and adds the misspelled word to the dictionary', () => {
    const { menu, actions } = build(params({ misspelledWord: 'Gemeinderatt', dictionarySuggestions: ['Gemeinderat', 'Gemeinderats'] }));
    click(menu[1]);
    expect(actions.replaceMisspelling).toHaveBeenCalledWith('Gemeinderats');
    click(menu.find((item) => item.label === labels.addToDictionary));
    expect(actions.addToDictionary).toHaveBeenCalledWith('Gemeinderatt');
    expect(actions.replaceMisspelling).toHaveBeenCalledTimes(1);
  });

  it('shows at most five suggestions', () => {
    const { menu } = build(params({ misspelledWord: 'teh', dictionarySuggestions: ['the', 'tea', 'ten', 'tech', 'Ted', 'teg', 'tel'] }));
    expect(menu.slice(0, 6).map((item) => item.label)).toEqual(['the', 'tea', 'ten', 'tech', 'Ted', labels.addToDictionary]);
  });

  it('says so, disabled, when a misspelled word has no suggestions', () => {
    const { menu } = build(params({ misspelledWord: 'xqzv' }));
    expect(summary(menu).slice(0, 3)).toEqual([
      [labels.noSuggestions, false],
      [labels.addToDictionary, true],
      ['separator', true],
    ]);
    expect(menu[0]?.click).toBeUndefined();
  });

  it('enables the edit items as the renderer reports', () => {
    const { menu } = build(params({ editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true } }));
    expect(summary(menu)).toEqual([
      ['cut', false],
      ['copy', false],
      ['paste', true],
      ['selectAll', true],
    ]);
  });

  it('offers only copy for a selection in read-only text', () => {
    const { menu } = build(params({ isEditable: false, selectionText: 'Tagesordnung', misspelledWord: 'ignored', dictionarySuggestions: ['x'] }));
    expect(summary(menu)).toEqual([['copy', true]]);
  });

  it.each([
    ['read-only text without a selection', params({ isEditable: false, editFlags: { ...noFlags, canSelectAll: true } })],
    ['a whitespace-only selection in read-only text', params({ isEditable: false, selectionText: ' \n ' })],
    ['an editable field that can do nothing', params({ editFlags: noFlags })],
  ])('is empty for %s', (_name, p) => {
    expect(build(p).menu).toEqual([]);
  });

  it('labels the role items when given translations', () => {
    const menu = buildEditContextMenu(params({}), { replaceMisspelling: vi.fn(), addToDictionary: vi.fn() }, labels, { copy: 'Kopieren' });
    expect(menu.find((item) => item.role === 'copy')?.label).toBe('Kopieren');
    expect(menu.find((item) => item.role === 'cut')).not.toHaveProperty('label');
  });
});

const ELECTRON = ['af', 'bg', 'ca', 'cs', 'da', 'de-DE', 'el', 'en-AU', 'en-CA', 'en-GB', 'en-US', 'es', 'es-419', 'fr', 'it-IT', 'nl-NL', 'pt-BR', 'pt-PT', 'sv'];

describe('spellcheckLanguages', () => {
  it('maps the user languages onto the dictionaries on offer', () => {
    expect(spellcheckLanguages(['de-AT', 'fr', 'en-GB'], ELECTRON)).toEqual(['de-DE', 'fr', 'en-GB']);
  });

  it('prefers an exact match to a relative', () => {
    expect(spellcheckLanguages(['pt-PT', 'en-GB'], ELECTRON)).toEqual(['pt-PT', 'en-GB']);
    expect(spellcheckLanguages(['es-419'], ELECTRON)).toEqual(['es-419']);
  });

  it('falls back to the same language: the bare code, the main region, en-US for English', () => {
    expect(spellcheckLanguages(['es-MX'], ELECTRON)).toEqual(['es']);
    expect(spellcheckLanguages(['it-CH'], ELECTRON)).toEqual(['it-IT']);
    expect(spellcheckLanguages(['en'], ELECTRON)).toEqual(['en-US']);
    expect(spellcheckLanguages(['en-IE'], ELECTRON)).toEqual(['en-US']);
    expect(spellcheckLanguages(['fr-CH'], ['fr-CA', 'fr-FR'])).toEqual(['fr-FR']);
    expect(spellcheckLanguages(['fr-CH'], ['fr-CA'])).toEqual(['fr-CA']);
  });

  it('accepts other spellings of the same code and returns the one Electron uses', () => {
    expect(spellcheckLanguages(['de_AT.UTF-8', 'EN-gb', ' fr '], ELECTRON)).toEqual(['de-DE', 'en-GB', 'fr']);
  });

  it('de-duplicates and keeps at most three', () => {
    expect(spellcheckLanguages(['de-AT', 'de-CH', 'de', 'fr', 'it', 'nl', 'sv'], ELECTRON)).toEqual(['de-DE', 'fr', 'it-IT']);
  });

  it('falls back to en-US when nothing matches', () => {
    expect(spellcheckLanguages(['ja-JP', 'ko'], ELECTRON)).toEqual(['en-US']);
    expect(spellcheckLanguages([], ELECTRON)).toEqual(['en-US']);
    expect(spellcheckLanguages(['', '*', 'x'], ELECTRON)).toEqual(['en-US']);
  });

  it('only ever returns codes Electron offers, which setSpellCheckerLanguages would otherwise throw on', () => {
    expect(spellcheckLanguages(['ja'], ['de-DE'])).toEqual([]);
    expect(spellcheckLanguages(['ja'], ['en-GB'])).toEqual(['en-GB']);
    // macOS uses the OS checker and offers no list.
    expect(spellcheckLanguages(['de-AT'], [])).toEqual([]);
    for (const code of spellcheckLanguages(['de-AT', 'zz', 'en'], ELECTRON)) expect(ELECTRON).toContain(code);
  });
});
