import { describe, expect, it } from 'vitest';
import { emojiGridTarget, loadEmojiCatalogue } from '../../../../src/renderer/lib/emoji-catalogue.ts';
import EmojiPicker from '../../../../src/renderer/views/room/reactions/EmojiPicker.svelte';
import { renderHtml, tags } from './render.ts';

const noop = (): void => undefined;

describe('EmojiPicker markup', () => {
  it('labels the search field and names every category tab, and shows progress while loading', () => {
    // Nothing loaded yet in this worker for French: the first open shows the spinner.
    const html = renderHtml(EmojiPicker, { onpick: noop, onclose: noop }, { language: 'fr' });
    const input = tags(html, 'input')[0] ?? {};
    expect(input.type).toBe('search');
    expect(tags(html, 'label')[0]?.for).toBe(input.id);
    expect(html).toMatch(/<label[^>]*>Rechercher un emoji</);
    expect(tags(html, 'div').find((div) => div.role === 'tablist')?.['aria-label']).toBe('Catégories d’emoji');
    const tabs = tags(html, 'button').filter((button) => button.role === 'tab');
    expect(tabs.map((tab) => tab['aria-label'])).toEqual([
      'Smileys et émotions',
      'Personnes et corps',
      'Animaux et nature',
      'Nourriture et boissons',
      'Voyages et lieux',
      'Activités',
      'Objets',
      'Symboles',
      'Drapeaux',
    ]);
    // One tab stop, on the selected tab, which controls the panel.
    expect(tabs.map((tab) => tab.tabindex)).toEqual(['0', '-1', '-1', '-1', '-1', '-1', '-1', '-1', '-1']);
    expect(tabs.map((tab) => tab['aria-selected'])).toEqual(['true', 'false', 'false', 'false', 'false', 'false', 'false', 'false', 'false']);
    const panel = tags(html, 'div').find((div) => div.role === 'tabpanel') ?? {};
    expect(tabs[0]?.['aria-controls']).toBe(panel.id);
    expect(panel['aria-labelledby']).toBe(tabs[0]?.id);
    expect(html).toContain('Chargement des emoji…');
    expect(html).not.toContain('style=');
  });

  it('renders the first category as a grid of named emoji buttons with one tab stop', async () => {
    await loadEmojiCatalogue('de');
    const html = renderHtml(EmojiPicker, { onpick: noop, onclose: noop }, { language: 'de' });
    const grid = tags(html, 'div').find((div) => div.role === 'grid') ?? {};
    expect(html).toContain(`id="${grid['aria-labelledby']}">Smileys &amp; Emotionen<`);
    const emojis = tags(html, 'button').filter((button) => button.class?.includes('emoji'));
    expect(emojis.length).toBeGreaterThan(100);
    expect(emojis.length).toBeLessThan(400);
    expect(emojis[0]).toMatchObject({ 'aria-label': 'grinsendes Gesicht', title: 'grinsendes Gesicht', tabindex: '0' });
    expect(emojis.slice(1).every((button) => button.tabindex === '-1')).toBe(true);
    // Eight buttons to a row, each in a grid cell.
    expect(tags(html, 'div').filter((div) => div.role === 'row')).toHaveLength(Math.ceil(emojis.length / 8));
    expect(tags(html, 'div').filter((div) => div.role === 'gridcell')).toHaveLength(emojis.length);
    expect(html).not.toContain('style=');
  });
});

describe('EmojiPicker keyboard (grid movement)', () => {
  // 19 emoji, 8 to a row: rows 0–7, 8–15, 16–18.
  const move = (key: string, index: number, toEnds = false): number | null => emojiGridTarget(key, index, 19, 8, toEnds);

  it('moves by one with Left and Right, across rows, stopping at the ends', () => {
    expect(move('ArrowRight', 0)).toBe(1);
    expect(move('ArrowRight', 7)).toBe(8);
    expect(move('ArrowRight', 18)).toBe(18);
    expect(move('ArrowLeft', 8)).toBe(7);
    expect(move('ArrowLeft', 0)).toBe(0);
  });

  it('moves by a row with Up and Down, onto the last emoji of a shorter last row', () => {
    expect(move('ArrowDown', 2)).toBe(10);
    expect(move('ArrowDown', 10)).toBe(18);
    expect(move('ArrowDown', 13)).toBe(18);
    expect(move('ArrowDown', 17)).toBe(17);
    expect(move('ArrowUp', 17)).toBe(9);
    expect(move('ArrowUp', 5)).toBe(5);
  });

  it('goes to the row’s ends with Home and End, and to the grid’s with Ctrl', () => {
    expect(move('Home', 11)).toBe(8);
    expect(move('End', 11)).toBe(15);
    expect(move('End', 16)).toBe(18);
    expect(move('Home', 11, true)).toBe(0);
    expect(move('End', 3, true)).toBe(18);
  });

  it('leaves other keys (Enter, Space, Tab, letters) to the button and the page', () => {
    for (const key of ['Enter', ' ', 'Tab', 'Escape', 'a']) expect(move(key, 3)).toBeNull();
    expect(emojiGridTarget('ArrowRight', 0, 0, 8)).toBeNull();
  });
});
