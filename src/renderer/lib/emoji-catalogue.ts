import type { Language } from '../i18n/messages.ts';

/**
 * The emoji a person can react with, from emojibase-data (Unicode CLDR names and keywords in the
 * app's languages). Each language's data (about 600 KB of JSON) is its own chunk, fetched the first
 * time a picker opens in that language, so the main bundle carries none of it.
 */
export interface EmojiEntry {
  /** The emoji itself, as sent in a reaction (with its presentation selector where Unicode has one). */
  readonly unicode: string;
  /** The localised CLDR name ("thumbs up", "Daumen hoch"): the button's accessible name. */
  readonly label: string;
  /** Localised keywords, for searching. */
  readonly tags: readonly string[];
  /** Shortcodes without colons, when the data carries them (emojibase's compact data does not). */
  readonly shortcodes?: readonly string[];
}

export interface EmojiGroup {
  /** emojibase's group number: 0 smileys & emotion, 1 people & body, 3 animals & nature … 9 flags. */
  readonly id: number;
  readonly emojis: readonly EmojiEntry[];
}

export interface EmojiCatalogue {
  /** In emojibase order; the "component" group (skin tones, hair) and ungrouped entries are left out. */
  readonly groups: readonly EmojiGroup[];
}

/** The fields of emojibase's CompactEmoji that the catalogue reads. */
export interface RawEmoji {
  readonly unicode: string;
  readonly label: string;
  readonly group?: number;
  readonly order?: number;
  readonly tags?: readonly string[];
  readonly shortcodes?: readonly string[];
}

/** Skin-tone modifiers and hair components: parts of other emoji, not reactions of their own. */
const COMPONENT_GROUP = 2;

// One literal import() per language, so that the bundler splits each file into its own chunk.
const importers: Readonly<Record<Language, () => Promise<{ default: readonly RawEmoji[] }>>> = {
  en: () => import('emojibase-data/en/compact.json'),
  de: () => import('emojibase-data/de/compact.json'),
  fr: () => import('emojibase-data/fr/compact.json'),
};

const loading = new Map<Language, Promise<EmojiCatalogue>>();
const loaded = new Map<Language, EmojiCatalogue>();

/** The language's catalogue, loaded once; a failed load (a missing chunk) is tried again next time. */
export function loadEmojiCatalogue(language: Language): Promise<EmojiCatalogue> {
  let promise = loading.get(language);
  if (!promise) {
    promise = importers[language]().then(
      (module) => {
        const catalogue = buildEmojiCatalogue(module.default);
        loaded.set(language, catalogue);
        return catalogue;
      },
      (error: unknown) => {
        loading.delete(language);
        throw error;
      },
    );
    loading.set(language, promise);
  }
  return promise;
}

/** The catalogue if it has already loaded, so that a picker opened again shows at once. */
export function peekEmojiCatalogue(language: Language): EmojiCatalogue | undefined {
  return loaded.get(language);
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/** Groups emojibase's entries (already in `order`, but sorted again to be sure), dropping components. */
export function buildEmojiCatalogue(data: readonly RawEmoji[]): EmojiCatalogue {
  const sorted = data
    .filter((emoji) => emoji.group !== undefined && emoji.group !== COMPONENT_GROUP)
    .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER));
  const groups = new Map<number, EmojiEntry[]>();
  for (const emoji of sorted) {
    const group = emoji.group ?? 0;
    const entry: EmojiEntry = {
      unicode: emoji.unicode,
      label: emoji.label,
      tags: emoji.tags ?? NO_TAGS,
      ...(emoji.shortcodes ? { shortcodes: emoji.shortcodes } : {}),
    };
    const list = groups.get(group);
    if (list) list.push(entry);
    else groups.set(group, [entry]);
  }
  return { groups: [...groups.entries()].sort(([a], [b]) => a - b).map(([id, emojis]) => ({ id, emojis })) };
}

/**
 * Lower case without accents, ’ as ', ß as ss: "Café" finds "cafe", "d'accord" finds "d’accord",
 * "strasse" finds "Straße".
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ]/g, "'")
    .replace(/ß/g, 'ss');
}

/** An entry's folded texts, computed once per catalogue on its first search. */
interface Indexed {
  readonly entry: EmojiEntry;
  readonly order: number;
  /** The bare emoji (no presentation selector), for a pasted emoji. */
  readonly bare: string;
  readonly label: string;
  /** Label, tags and shortcodes joined by newlines, for substring matches. */
  readonly text: string;
  /** Every word of label, tags and shortcodes. */
  readonly words: readonly string[];
}

const indexes = new WeakMap<EmojiCatalogue, readonly Indexed[]>();
// Words split at spaces and at punctuation, so "d'accord" is found by "d'acc" and by "accord".
const wordsOf = (text: string): string[] => [...text.split(/\s+/), ...text.split(/[^\p{L}\p{N}+]+/u)];
const stripSelectors = (text: string): string => text.replace(/[\uFE0E\uFE0F]/g, '');

function indexOf(catalogue: EmojiCatalogue): readonly Indexed[] {
  let index = indexes.get(catalogue);
  if (!index) {
    let order = 0;
    index = catalogue.groups.flatMap((group) =>
      group.emojis.map((entry) => {
        const texts = [entry.label, ...entry.tags, ...(entry.shortcodes ?? [])].map(foldForSearch);
        return {
          entry,
          order: order++,
          bare: stripSelectors(entry.unicode),
          label: texts[0] ?? '',
          text: texts.join('\n'),
          words: [...new Set(texts.flatMap(wordsOf).filter(Boolean))],
        };
      }),
    );
    indexes.set(catalogue, index);
  }
  return index;
}

/** How well one query term matches: 1 starts a word, 2 occurs inside one; null not at all. */
function termRank(item: Indexed, term: string): 1 | 2 | null {
  if (item.words.some((word) => word.startsWith(term))) return 1;
  return item.text.includes(term) ? 2 : null;
}

/**
 * The emoji whose label or keywords match every word of the query, ignoring case and accents:
 * the label starting with the query first, then a word starting with each term, then the terms
 * anywhere; ties in catalogue order. An empty query finds nothing.
 */
export function searchEmoji(catalogue: EmojiCatalogue, query: string, limit = 200): EmojiEntry[] {
  const folded = foldForSearch(query).trim();
  if (folded === '' || limit <= 0) return [];
  const bare = stripSelectors(query.trim());
  const terms = folded.split(/\s+/);
  const ranked: { item: Indexed; rank: number }[] = [];
  for (const item of indexOf(catalogue)) {
    let rank: number;
    if (item.bare === bare || item.label.startsWith(folded)) rank = 0;
    else {
      rank = 0;
      for (const term of terms) {
        const termMatch = termRank(item, term);
        if (termMatch === null) {
          rank = -1;
          break;
        }
        rank = Math.max(rank, termMatch);
      }
      if (rank < 0) continue;
    }
    ranked.push({ item, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.item.order - b.item.order);
  return ranked.slice(0, limit).map(({ item }) => item.entry);
}

/**
 * Where a key moves the focus in a grid of `count` emoji, `columns` to a row (the WAI-ARIA layout
 * grid): arrows by one cell, stopping at the edges (Left/Right run on across rows); Home/End to the
 * row's ends, with Ctrl (or Cmd) to the first and last emoji. Null for any other key.
 */
export function emojiGridTarget(key: string, index: number, count: number, columns: number, toEnds = false): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const rowStart = index - (index % columns);
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, last);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      // From a full row onto a shorter last one: its last emoji.
      return rowStart + columns <= last ? Math.min(index + columns, last) : index;
    case 'ArrowUp':
      return index >= columns ? index - columns : index;
    case 'Home':
      return toEnds ? 0 : rowStart;
    case 'End':
      return toEnds ? last : Math.min(rowStart + columns - 1, last);
    default:
      return null;
  }
}
