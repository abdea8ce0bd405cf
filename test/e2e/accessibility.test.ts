import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, openApp, screenshot, signInOnPage } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

describe.each(['light', 'dark'] as const)('WCAG 2.1 AA audit with axe-core, %s theme', (colorScheme) => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    const bob = await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    const bobApi = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    const roomId = await bobApi.createRoom({ name: 'Budget 2027', topic: 'Planning the next budget', preset: 'public_chat', invite: ['@alice:localhost'] });
    await bobApi.send(roomId, { msgtype: 'm.text', body: 'Good morning! The draft is ready.' });
    await bobApi.send(roomId, {
      msgtype: 'm.text',
      body: 'Please review **section 3** by Friday.',
      format: 'org.matrix.custom.html',
      formatted_body: 'Please review <strong>section 3</strong> by Friday. <a href="https://example.org/draft">Draft</a>',
    });
    await bobApi.send(roomId, { msgtype: 'm.notice', body: 'Reminder: meeting at 10:00' });
    await bobApi.send(roomId, { msgtype: 'm.emote', body: 'waves' });
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-axe-${colorScheme}-${process.pid}` });
  });

  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('the sign-in screen has no violations', async () => {
    page = await openApp(browser, running, { colorScheme });
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Plenum' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await expectNoWcagViolations(page, 'the sign-in screen');
  });

  it('the room list has no violations', async () => {
    await signInOnPage(page, { user: 'alice', password: 'alice-password' });
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await expect.poll(() => rooms.getByText('Budget 2027').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await expectNoWcagViolations(page, 'the room list');
    await screenshot(page, `a11y-room-list-${colorScheme}`);
  });

  it('a room with messages has no violations', async () => {
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByText('Budget 2027').first().click();
    await page.getByRole('button', { name: /accept/i }).click();
    await expect.poll(() => page.getByText('Please review').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await expectNoWcagViolations(page, 'a room with messages');
    await screenshot(page, `a11y-room-${colorScheme}`);
  });

  it('the settings have no violations', async () => {
    await page.keyboard.press('Control+Comma');
    await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expectNoWcagViolations(page, 'the settings');
    await screenshot(page, `a11y-settings-${colorScheme}`);
    expectNoCspViolations(page);
  });
});
