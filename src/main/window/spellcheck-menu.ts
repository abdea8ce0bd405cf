/**
 * The right-click menu for text (Electron shows none of its own) and the choice of spellchecker
 * dictionaries. Plain data in, templates and language codes out; main wires them to Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RoleLabels } from './app-menu.ts';

/** The fields of Electron's ContextMenuParams the menu depends on; the real params object fits. */
export interface EditContextParams {
  readonly isEditable: boolean;
  readonly misspelledWord: string;
  readonly dictionarySuggestions: readonly string[];
  readonly selectionText: string;
  readonly editFlags: { readonly canCut: boolean; readonly canCopy: boolean; readonly canPaste: boolean; readonly canSelectAll: boolean };
}

export interface EditContextActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
}

export interface EditContextLabels {
  readonly noSuggestions: string;
  readonly addToDictionary: string;
}

/** More suggestions than this bury the edit items; Chrome shows as many. */
const MAX_SUGGESTIONS = 5;

/** An empty template means no menu: the caller shows nothing rather than an empty popup. */
export function buildEditContextMenu(
  params: EditContextParams,
  actions: EditContextActions,
  labels: EditContextLabels,
  roleLabels: RoleLabels = {},
): MenuItemConstructorOptions[] {
  const role = (name: 'cut' | 'copy' | 'paste' | 'selectAll', enabled: boolean): MenuItemConstructorOptions => {
    const label = roleLabels[name];
    return label === undefined ? { role: name, enabled } : { role: name, label, enabled };
  };
  const { editFlags } = params;

  if (!params.isEditable) {
    // Read-only text (messages, names): copying a selection is the only thing that makes sense.
    return params.selectionText.trim() === '' ? [] : [role('copy', editFlags.canCopy)];
  }

  const items: MenuItemConstructorOptions[] = [];
  const word = params.misspelledWord;
  if (word !== '') {
    const suggestions = params.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
    for (const suggestion of suggestions) {
      items.push({ label: suggestion, click: () => actions.replaceMisspelling(suggestion) });
    }
    if (suggestions.length === 0) items.push({ label: labels.noSuggestions, enabled: false });
    items.push({ label: labels.addToDictionary, click: () => actions.addToDictionary(word) });
  }

  const { canCut, canCopy, canPaste, canSelectAll } = editFlags;
  if (canCut || canCopy || canPaste || canSelectAll) {
    if (items.length > 0) items.push({ type: 'separator' });
    items.push(role('cut', canCut), role('copy', canCopy), role('paste', canPaste), role('selectAll', canSelectAll));
  }
  return items;
}

/** Electron's own default, and the dictionary every Chromium build can fetch. */
const FALLBACK_LANGUAGE = 'en-US';
/** Every dictionary is checked against every word: more than a few slow typing and flag little more. */
const MAX_LANGUAGES = 3;

/**
 * Maps the user's languages (app.getPreferredSystemLanguages(), the app's own language) onto the
 * dictionaries Electron offers (session.availableSpellCheckerLanguages). Only codes from `available`
 * are returned: setSpellCheckerLanguages throws on any other.
 */
export function spellcheckLanguages(preferred: readonly string[], available: readonly string[]): string[] {
  const chosen: string[] = [];
  const add = (code: string | undefined): void => {
    if (code !== undefined && !chosen.includes(code) && chosen.length < MAX_LANGUAGES) chosen.push(code);
  };
  for (const wanted of preferred) {
    const tag = normalise(wanted);
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(tag)) continue;
    add(available.find((code) => normalise(code) === tag) ?? closest(tag, available));
  }
  if (chosen.length === 0) add(available.find((code) => normalise(code) === normalise(FALLBACK_LANGUAGE)) ?? closest('en', available));
  return chosen;
}

/**
 * Same language, another region (de-AT → de-DE): the bare language first, then the region named
 * after it (de-DE, fr-FR), then en-US for English, then whatever the list offers first.
 */
function closest(tag: string, available: readonly string[]): string | undefined {
  const base = tag.split('-')[0] ?? '';
  const sameBase = available.filter((code) => (normalise(code).split('-')[0] ?? '') === base);
  const byTag = (t: string): string | undefined => sameBase.find((code) => normalise(code) === t);
  return byTag(base) ?? byTag(`${base}-${base}`) ?? (base === 'en' ? byTag('en-us') : undefined) ?? sameBase[0];
}

/** POSIX locales write de_AT.UTF-8@euro, Chromium de-AT, and case differs between sources. */
function normalise(code: string): string {
  return code.trim().replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();
}
