import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** WCAG 2.1 A and AA, the level the UI issue and public-sector accessibility law (EN 301 549) ask for. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AuditOptions {
  /** A CSS selector to audit alone (for example `main`, or the composer's `form`). */
  readonly include?: string;
  /** How many rules must have passed, so a screen that rendered nothing cannot pass trivially. */
  readonly minPasses?: number;
}

/**
 * Runs axe-core's WCAG 2.1 AA rules on what the page shows now and fails with each violation's rule
 * and first elements. The page must come from its own browser context (openApp makes one), since
 * axe's Playwright runner opens a helper page beside it.
 */
export async function expectNoWcagViolations(page: Page, screen: string, options: AuditOptions = {}): Promise<void> {
  // A fade-in caught halfway blends colours and fails contrast that the settled screen passes.
  // Endless ones (spinners, the typing dots) never finish and are left out.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
  );
  let builder = new AxeBuilder({ page }).withTags(WCAG_21_AA);
  if (options.include) builder = builder.include(options.include);
  const results = await builder.analyze();
  const summary = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
  }));
  expect(summary, `axe found WCAG 2.1 AA violations on ${screen}`).toEqual([]);
  expect(results.passes.length, `axe checked nothing on ${screen}`).toBeGreaterThan(options.minPasses ?? 10);
}
