import { describe, expect, it } from 'vitest';
import {
  buildEmojiCatalogue,
  foldForSearch,
  loadEmojiCatalogue,
  peekEmojiCatalogue,
  searchEmoji,
  type EmojiCatalogue,
  type EmojiEntry,
} from '../../../src/renderer/lib/emoji-catalogue.ts';

/** The emoji without its presentation selector: emojibase writes 👍 as 👍 + U+FE0F. */
const bare = (emoji: EmojiEntry | undefined): string | undefined => emoji?.unicode.replace(/\uFE0F/g, '');
const all = (catalogue: EmojiCatalogue): EmojiEntry[] => catalogue.groups.flatMap((group) => group.emojis);

describe('loading the catalogue', () => {
  it('loads the English data once, grouped without the components and ungrouped entries', async () => {
    const promise = loadEmojiCatalogue('en');
    expect(loadEmojiCatalogue('en')).toBe(promise);
    const catalogue = await promise;
    expect(peekEmojiCatalogue('en')).toBe(catalogue);
    expect(catalogue.groups.map((group) => group.id)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
    const emojis = all(catalogue);
    expect(emojis.length).toBeGreaterThan(1800);
    expect(emojis.length).toBeLessThan(2000);
    // The regional indicators (no group) and the skin-tone modifiers (group 2) are not offered.
    expect(emojis.find((emoji) => emoji.unicode === '🇦')).toBeUndefined();
    expect(emojis.find((emoji) => emoji.unicode === '🏻')).toBeUndefined();
    expect(new Set(emojis.map((emoji) => emoji.unicode)).size).toBe(emojis.length);
    const first = catalogue.groups[0]?.emojis[0];
    expect(first).toMatchObject({ unicode: '😀', label: 'grinning face' });
    expect(first?.tags).toContain('smile');
    expect(bare(catalogue.groups.find((group) => group.id === 9)?.emojis.at(-1))).toMatch(/^🏴/);
  });

  it('loads German with German labels and keywords, the same emoji in the same places', async () => {
    const [en, de] = await Promise.all([loadEmojiCatalogue('en'), loadEmojiCatalogue('de')]);
    expect(de).not.toBe(en);
    expect(all(de).map((emoji) => emoji.unicode)).toEqual(all(en).map((emoji) => emoji.unicode));
    const thumbs = all(de).find((emoji) => bare(emoji) === '👍');
    expect(thumbs).toMatchObject({ label: 'Daumen hoch' });
    expect(thumbs?.tags).toContain('daumen');
  });

  it('orders by emojibase order and groups by number, whatever order the data comes in', () => {
    const catalogue = buildEmojiCatalogue([
      { unicode: '🏁', label: 'chequered flag', group: 9, order: 30 },
      { unicode: '😃', label: 'grinning face with big eyes', group: 0, order: 2, tags: ['smile'] },
      { unicode: '🏻', label: 'light skin tone', group: 2, order: 20 },
      { unicode: '🇦', label: 'regional indicator A' },
      { unicode: '😀', label: 'grinning face', group: 0, order: 1 },
      { unicode: '👋', label: 'waving hand', group: 1, order: 10, shortcodes: ['wave'] },
    ]);
    expect(catalogue.groups.map((group) => [group.id, group.emojis.map((emoji) => emoji.unicode)])).toEqual([
      [0, ['😀', '😃']],
      [1, ['👋']],
      [9, ['🏁']],
    ]);
    expect(catalogue.groups[0]?.emojis[0]).toEqual({ unicode: '😀', label: 'grinning face', tags: [] });
    expect(catalogue.groups[1]?.emojis[0]).toEqual({ unicode: '👋', label: 'waving hand', tags: [], shortcodes: ['wave'] });
  });

  it('keeps each group in emojibase order in the real data', async () => {
    const catalogue = await loadEmojiCatalogue('fr');
    const en = await loadEmojiCatalogue('en');
    // The French data orders the same emoji the same way (order is language-independent).
    expect(all(catalogue).map((emoji) => emoji.unicode)).toEqual(all(en).map((emoji) => emoji.unicode));
    expect(catalogue.groups[0]?.emojis.slice(0, 3).map((emoji) => emoji.unicode)).toEqual(['😀', '😃', '😄']);
  });
});

describe('searching', () => {
  it('finds 👍 by "thumbs" in English, ranking labels that start with the word first', async () => {
    const en = await loadEmojiCatalogue('en');
    const found = searchEmoji(en, 'thumbs');
    expect(found.slice(0, 2).map(bare)).toEqual(['👍', '👎']);
    expect(searchEmoji(en, 'THUMBS UP').map(bare)[0]).toBe('👍');
    expect(searchEmoji(en, '  Thumbs  ').map(bare)[0]).toBe('👍');
  });

  it('finds 👍 by "daumen" in German', async () => {
    const de = await loadEmojiCatalogue('de');
    expect(searchEmoji(de, 'daumen').map(bare)).toContain('👍');
    expect(searchEmoji(de, 'Daumen hoch').map(bare)[0]).toBe('👍');
  });

  it('ignores accents and apostrophe styles in French', async () => {
    const fr = await loadEmojiCatalogue('fr');
    const withAccent = searchEmoji(fr, 'cœur');
    expect(withAccent.length).toBeGreaterThan(5);
    expect(searchEmoji(fr, 'Visage Rieur').map(bare)[0]).toBe('😀');
    // "émoticône" is a keyword of 😀; typed without accents it is found all the same.
    expect(searchEmoji(fr, 'emoticone').map(bare)).toContain('😀');
    expect(searchEmoji(fr, 'ÉMOTICÔNE')).toEqual(searchEmoji(fr, 'emoticone'));
    // "d’accord" (a keyword of 👍) typed with an ASCII apostrophe.
    expect(searchEmoji(fr, "d'accord").map(bare)).toContain('👍');
  });

  it('puts word-prefix matches before matches inside a word', async () => {
    const en = await loadEmojiCatalogue('en');
    const found = searchEmoji(en, 'ear', 2000);
    const startsAWord = (emoji: EmojiEntry): boolean =>
      [emoji.label, ...emoji.tags].some((text) => foldForSearch(text).split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith('ear')));
    const firstInside = found.findIndex((emoji) => !startsAWord(emoji));
    const lastPrefix = found.findLastIndex(startsAWord);
    expect(found.map(bare)).toContain('👂');
    expect(found.some((emoji) => emoji.label === 'bear')).toBe(true);
    expect(firstInside).toBeGreaterThan(0);
    expect(lastPrefix).toBeLessThan(firstInside);
  });

  it('needs every word of the query to match', async () => {
    const en = await loadEmojiCatalogue('en');
    const found = searchEmoji(en, 'red heart');
    expect(found.map(bare)[0]).toBe('❤');
    expect(found.every((emoji) => /heart/.test([emoji.label, ...emoji.tags].join(' ')))).toBe(true);
  });

  it('finds a pasted emoji, with or without its presentation selector', async () => {
    const en = await loadEmojiCatalogue('en');
    expect(searchEmoji(en, '👍').map(bare)[0]).toBe('👍');
    expect(searchEmoji(en, '👍\uFE0F').map(bare)[0]).toBe('👍');
  });

  it('returns nothing for an empty query or one without a match, and honours the limit', async () => {
    const en = await loadEmojiCatalogue('en');
    expect(searchEmoji(en, '')).toEqual([]);
    expect(searchEmoji(en, '   ')).toEqual([]);
    expect(searchEmoji(en, 'qqqxyzzy')).toEqual([]);
    expect(searchEmoji(en, 'e')).toHaveLength(200);
    expect(searchEmoji(en, 'e', 5)).toHaveLength(5);
    expect(searchEmoji(en, 'e', 0)).toEqual([]);
  });

  it('is quick enough to run on every keystroke', async () => {
    const en = await loadEmojiCatalogue('en');
    searchEmoji(en, 'a'); // builds the search index
    const started = performance.now();
    for (const query of ['t', 'th', 'thu', 'thum', 'thumb', 'thumbs']) searchEmoji(en, query);
    expect((performance.now() - started) / 6).toBeLessThan(20);
  });
});

describe('foldForSearch', () => {
  it('drops case and accents, and unifies apostrophes and ß', () => {
    expect(foldForSearch('Café Crème')).toBe('cafe creme');
    expect(foldForSearch('d’accord')).toBe("d'accord");
    expect(foldForSearch('Straße')).toBe('strasse');
  });
});
