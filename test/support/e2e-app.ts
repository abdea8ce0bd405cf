import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningHarness } from './harness.ts';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

/** Saves a screenshot under test-results/screenshots/<name>.png (for a person to look at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Finite animations are fast-forwarded, so a dialog is captured as it looks, not mid fade-in.
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

const cspViolations = new WeakMap<Page, string[]>();

/**
 * Records what the page's Content Security Policy refused (an inline style a library set, an image
 * from an unexpected origin): the app must work under its real CSP, so tests expect none.
 */
export function watchCsp(page: Page): void {
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
}

export function expectNoCspViolations(page: Page): void {
  expect(cspViolations.get(page) ?? [], 'watchCsp(page) was not called or the CSP refused something').toEqual([]);
}

export interface SignInOptions {
  readonly user: string;
  readonly password: string;
  /** Default en-GB; the UI follows the browser's languages unless the user picked one. */
  readonly locale?: string;
  readonly colorScheme?: 'light' | 'dark';
  readonly viewport?: { readonly width: number; readonly height: number };
}

/**
 * Opens the harness in a fresh page of its own browser context (axe-core's Playwright runner opens
 * helper pages in it). The harness's token is single-use: one openApp per harness.
 */
export async function openApp(browser: Browser, running: RunningHarness, options: Omit<SignInOptions, 'user' | 'password'> = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  watchCsp(page);
  await page.goto(running.harness.url);
  return page;
}

/** Signs in through the real sign-in form, as a user would, and waits for the main window (its room-list landmark). */
export async function signInOnPage(page: Page, options: Pick<SignInOptions, 'user' | 'password'>): Promise<void> {
  await page.getByLabel('Username').fill(options.user);
  await page.getByLabel('Password', { exact: true }).fill(options.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Playwright's own wait, not expect.poll: this also runs in beforeAll, where vitest's expect.poll is refused.
  await page.getByRole('navigation', { name: 'Rooms' }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** openApp, then signInOnPage. The harness must have Synapse as its default homeserver. */
export async function signInThroughUi(browser: Browser, running: RunningHarness, options: SignInOptions): Promise<Page> {
  const page = await openApp(browser, running, options);
  await signInOnPage(page, options);
  return page;
}
