import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SERVER = resolve(import.meta.dirname, '../../out/harness/server.js');

/** What a developer does: run the built dev:browser server, open the URL it prints, see the first screen. */
describe('npm run dev:browser', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let server: ChildProcess;
  let url = '';

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    server = spawn(process.execPath, [SERVER, '--homeserver', synapse.baseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    url = await new Promise<string>((found, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed within 20 s:\n${output}`)), 20_000);
      const read = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          found(match[1]);
        }
      };
      server.stdout?.on('data', read);
      server.stderr?.on('data', read);
      server.once('exit', (code) => reject(new Error(`dev:browser server exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await browser?.close();
    await synapse?.stop();
  });

  it('prints a loopback URL with a long random token', () => {
    const token = new URL(url).searchParams.get('token') ?? '';
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(token.length).toBeGreaterThanOrEqual(40);
  });

  it('shows the sign-in screen, pre-filled with the given homeserver, in a browser', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByLabel('Homeserver').inputValue()).toBe(synapse.baseUrl);
    // CSP violations, failed loads and script errors all show up as console errors.
    expect(problems).toEqual([]);
    await page.close();
  });
});
