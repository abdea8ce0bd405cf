import { describe, expect, it } from 'vitest';
import { AVATAR_COLOURS, avatarColourIndex, initials } from '../../../src/renderer/components/avatar-colour.ts';
import { ICONS } from '../../../src/renderer/components/icons.ts';

describe('avatar colours and initials', () => {
  it('gives an ID the same colour every time, and spreads IDs over the palette', () => {
    expect(avatarColourIndex('@jane:example.org')).toBe(avatarColourIndex('@jane:example.org'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => avatarColourIndex(`@user${i}:example.org`)));
    expect(used.size).toBe(AVATAR_COLOURS);
    for (const index of used) expect(index).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['Jane Doe', 'JD'],
    ['jane', 'J'],
    ['Anna Maria Schmidt', 'AS'],
    ['@jane.doe:example.org', 'J'],
    ['#budget-2027:example.org', 'B'],
    ['élodie Ünal', 'ÉÜ'],
    ['  ', '?'],
    ['😀', '?'],
  ])('%s → %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe('icons', () => {
  const REQUIRED = ['search', 'plus', 'settings', 'lock', 'lock-open', 'paperclip', 'send', 'close', 'more', 'star', 'star-filled', 'people', 'person', 'arrow-down', 'download', 'file', 'image', 'retry', 'check', 'clock', 'alert', 'chat', 'hash', 'globe', 'sign-out', 'sun', 'moon', 'monitor', 'chevron-down', 'chevron-right', 'mail', 'trash', 'smile', 'reply'];

  it('has every icon the design system promises, each drawn with valid path data', () => {
    expect(Object.keys(ICONS)).toEqual(expect.arrayContaining(REQUIRED));
    for (const [name, paths] of Object.entries(ICONS)) {
      expect(paths.length, name).toBeGreaterThan(0);
      for (const d of paths) expect(d, name).toMatch(/^[Mm][\d\s.,a-zA-Z-]+$/);
    }
  });
});
