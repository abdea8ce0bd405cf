import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** WCAG 2.1 relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

// Every colour token is `--color-x: light-dark(#light, #dark)`; a theme is which half applies.
const css = readFileSync(resolve(import.meta.dirname, '../../../src/renderer/styles/tokens.css'), 'utf8');
const definitions = [...css.matchAll(/--(color-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()] as const);
const PAIR = /^light-dark\(\s*(#[0-9a-fA-F]{6})\s*,\s*(#[0-9a-fA-F]{6})\s*\)$/;
const themes = {
  light: new Map(definitions.map(([name, value]) => [name, PAIR.exec(value)?.[1]])),
  dark: new Map(definitions.map(([name, value]) => [name, PAIR.exec(value)?.[2]])),
};

const SURFACES = ['color-bg', 'color-sidebar', 'color-surface', 'color-raised', 'color-hover', 'color-selected'];
const TEXT = 4.5;
const UI = 3;
const on = (fg: string, backgrounds: readonly string[], minimum: number): (readonly [string, string, number])[] =>
  backgrounds.map((bg) => [fg, bg, minimum] as const);

// [foreground, background, minimum]: 4.5 for text, 3 for UI components and focus indicators (WCAG 1.4.3, 1.4.11).
const PAIRS: readonly (readonly [string, string, number])[] = [
  // Text of every weight is readable on every surface and list state.
  ...on('color-text', [...SURFACES, 'color-accent-subtle', 'color-danger-bg', 'color-success-bg', 'color-warning-bg', 'color-selection'], TEXT),
  ...on('color-text-muted', [...SURFACES, 'color-accent-subtle'], TEXT),
  ...on('color-text-subtle', [...SURFACES, 'color-accent-subtle'], TEXT),
  ...on('color-accent-text', [...SURFACES, 'color-accent-subtle'], TEXT),
  // Filled controls: primary and danger buttons, badges, the tooltip (reversed text).
  ...on('color-on-accent', ['color-accent', 'color-accent-hover'], TEXT),
  ...on('color-on-danger', ['color-danger', 'color-danger-hover'], TEXT),
  ['color-surface', 'color-text', TEXT],
  ['color-surface', 'color-text-muted', TEXT],
  // Status text and icons, on their banners and on plain surfaces.
  ...on('color-danger', ['color-danger-bg', 'color-surface', 'color-raised', 'color-bg'], TEXT),
  ...on('color-success', ['color-success-bg', 'color-surface', 'color-raised'], TEXT),
  ...on('color-warning', ['color-warning-bg', 'color-surface', 'color-raised'], TEXT),
  // Initials on every avatar colour.
  ...Array.from({ length: 8 }, (_, i) => ['color-on-avatar', `color-avatar-${i}`, TEXT] as const),
  // Control outlines, the selected-state marks and the focus ring against what they sit on.
  ...on('color-border', ['color-bg', 'color-sidebar', 'color-surface', 'color-raised'], UI),
  ...on('color-border-strong', ['color-bg', 'color-surface', 'color-raised', 'color-hover'], UI),
  ...on('color-focus', [...SURFACES, 'color-accent-subtle'], UI),
  ...on('color-accent', ['color-bg', 'color-sidebar', 'color-surface', 'color-raised'], UI),
  ...on('color-danger', ['color-sidebar', 'color-hover'], UI),
];

describe('design tokens meet WCAG 2.1 AA contrast', () => {
  it('defines every colour as a light-dark() pair of #rrggbb values', () => {
    const malformed = definitions.filter(([, value]) => !PAIR.test(value)).map(([name]) => name);
    expect(malformed).toEqual([]);
    expect(definitions.length).toBeGreaterThan(30);
  });

  for (const [theme, colours] of Object.entries(themes)) {
    it.each(PAIRS)(`${theme}: %s on %s ≥ %d:1`, (fg, bg, minimum) => {
      const a = colours.get(fg);
      const b = colours.get(bg);
      expect(a, `${theme} theme defines --${fg}`).toBeDefined();
      expect(b, `${theme} theme defines --${bg}`).toBeDefined();
      expect(contrast(a ?? '', b ?? '')).toBeGreaterThanOrEqual(minimum);
    });
  }
});
