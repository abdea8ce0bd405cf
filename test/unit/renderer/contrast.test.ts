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

const css = readFileSync(resolve(import.meta.dirname, '../../../src/renderer/styles/tokens.css'), 'utf8');
function themeColours(block: string): Map<string, string> {
  return new Map([...block.matchAll(/--(color-[\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const themes = { light: themeColours(css.slice(0, darkStart)), dark: themeColours(css.slice(darkStart)) };

// [foreground, background, minimum]: 4.5 for text, 3 for UI components and focus indicators (WCAG 1.4.3, 1.4.11).
const PAIRS: readonly (readonly [string, string, number])[] = [
  ['color-text', 'color-bg', 4.5],
  ['color-text', 'color-surface', 4.5],
  ['color-text-muted', 'color-surface', 4.5],
  ['color-text-muted', 'color-bg', 4.5],
  ['color-on-accent', 'color-accent', 4.5],
  ['color-on-accent', 'color-accent-hover', 4.5],
  ['color-danger', 'color-danger-bg', 4.5],
  ['color-danger', 'color-surface', 4.5],
  ['color-border', 'color-surface', 3],
  ['color-focus', 'color-bg', 3],
  ['color-focus', 'color-surface', 3],
];

describe('design tokens meet WCAG 2.1 AA contrast', () => {
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
