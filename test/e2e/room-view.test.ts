import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi, watchCsp } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { makePng } from '../support/png.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 };
/** For locator reads inside expect.poll: each attempt gives up quickly instead of outliving the test. */
const BRIEF = { timeout: 1000 };
const HISTORY_SIZE = 520;
const historyText = (n: number): string => `History message ${String(n).padStart(3, '0')}`;

describe('the room view: header, timeline and message rendering against a real Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;
  let bob: RegisteredUser;
  let bobApi: MatrixHttp;
  let projectRoom = '';
  let historyRoom = '';
  let hostileRoom = '';

  const log = (): Locator => page.getByRole('log');
  const message = (text: string): Locator => log().getByRole('article').filter({ hasText: text });
  const openRoom = async (roomId: string): Promise<void> => {
    await page.locator(`button[data-room-id="${roomId}"]`).click();
    await expect.poll(() => log().isVisible(), SLOW).toBe(true);
  };

  async function upload(bytes: Uint8Array<ArrayBuffer>, contentType: string, filename: string): Promise<string> {
    const response = await fetch(`${synapse.baseUrl}/_matrix/media/v3/upload?filename=${encodeURIComponent(filename)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bob.accessToken}`, 'Content-Type': contentType },
      body: bytes,
    });
    const json = (await response.json()) as { content_uri?: string };
    if (!json.content_uri) throw new Error(`upload failed: ${JSON.stringify(json)}`);
    return json.content_uri;
  }

  /**
   * Scrolls the timeline to its top, which starts loading older messages once scrolling pauses, and
   * notes where the top message on screen is once the list has drawn and measured that position
   * (null if the older page is already on its way, which leaves nothing to compare). Its bottom
   * edge, where its text ends: the row's name and avatar go when an older message from the same
   * sender arrives just before it (the rows are grouped), and the text must stay where it was.
   */
  async function scrollToTopAndMark(): Promise<{ eventId: string; y: number; height: number } | null> {
    return log().evaluate(async (scroller) => {
      const topRow = () => {
        const edge = scroller.getBoundingClientRect().top;
        const rows = [...scroller.querySelectorAll('article[data-event-id]')].map((row) => ({ eventId: row.getAttribute('data-event-id') ?? '', top: row.getBoundingClientRect().top, y: row.getBoundingClientRect().bottom }));
        const first = rows.filter((row) => row.top >= edge).sort((a, b) => a.top - b.top)[0];
        return first ? { eventId: first.eventId, y: first.y, height: scroller.scrollHeight } : null;
      };
      scroller.scrollTop = 0;
      let last = '';
      for (let attempt = 0; attempt < 10; attempt += 1) {
        await new Promise((next) => requestAnimationFrame(() => setTimeout(next, 30)));
        const now = JSON.stringify(topRow());
        if (now === last) break;
        last = now;
      }
      return scroller.getAttribute('aria-busy') === 'true' ? null : topRow();
    });
  }
  const rowBottom = (eventId: string): Promise<number | null> =>
    log().evaluate((scroller, id) => scroller.querySelector(`article[data-event-id="${CSS.escape(id)}"]`)?.getBoundingClientRect().bottom ?? null, eventId);

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    const alice = await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    bob = await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    bobApi = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    const aliceApi = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    projectRoom = await bobApi.createRoom({ name: 'Project Plenum', topic: 'Planning the move off Teams, one step at a time', preset: 'private_chat', invite: [alice.userId] });
    await aliceApi.join(projectRoom);
    hostileRoom = await bobApi.createRoom({ name: 'Formatting', preset: 'private_chat', invite: [alice.userId] });
    await aliceApi.join(hostileRoom);
    historyRoom = await bobApi.createRoom({ name: 'Archive', preset: 'private_chat', invite: [alice.userId] });
    await aliceApi.join(historyRoom);
    // The first one alone, so it is the oldest; then the rest a few at a time (their order is not checked).
    await bobApi.send(historyRoom, { msgtype: 'm.text', body: historyText(0) });
    for (let start = 1; start < HISTORY_SIZE; start += 10) {
      await Promise.all(Array.from({ length: Math.min(10, HISTORY_SIZE - start) }, (_, index) => bobApi.send(historyRoom, { msgtype: 'm.text', body: historyText(start + index) })));
    }
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-room-view-${process.pid}` });
  }, 240_000);

  afterAll(async () => {
    await page?.close();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('shows the room’s header: name, topic, encryption and members', async () => {
    page = await signInThroughUi(browser, running, { user: 'alice', password: 'alice-password' });
    await openRoom(projectRoom);
    const main = page.getByRole('main');
    await expect.poll(() => main.getByRole('heading', { name: 'Project Plenum' }).isVisible(), SLOW).toBe(true);
    expect(await main.getByTestId('room-topic').textContent()).toBe('Planning the move off Teams, one step at a time');
    expect(await main.getByTestId('room-encryption').textContent()).toContain('Not encrypted');
    await expect.poll(() => main.getByTestId('room-members').textContent(BRIEF), SLOW).toContain('2 members');
    expect(await log().getAttribute('aria-label')).toBe('Messages in Project Plenum');
  });

  it('shows state changes as compact lines: the join and a rename', async () => {
    await expect.poll(() => log().getByText('Alice Example joined the room').isVisible(), SLOW).toBe(true);
    await bobApi.setState(projectRoom, 'm.room.name', { name: 'Project Plenum 2027' });
    await expect.poll(() => log().getByText('Bob Builder renamed the room to “Project Plenum 2027”').isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByRole('main').getByRole('heading', { level: 1 }).textContent(BRIEF), SLOW).toBe('Project Plenum 2027');
  });

  it('shows the other person’s messages as they arrive, with links and grouping', async () => {
    await bobApi.send(projectRoom, { msgtype: 'm.text', body: 'Hello Alice, the agenda is at https://example.org/agenda.' });
    await bobApi.send(projectRoom, { msgtype: 'm.notice', body: 'Reminder: meeting at 10' });
    await bobApi.send(projectRoom, { msgtype: 'm.emote', body: 'waves' });
    await expect.poll(() => message('Hello Alice').isVisible(), SLOW).toBe(true);
    const link = message('Hello Alice').getByRole('link', { name: 'https://example.org/agenda' });
    expect(await link.getAttribute('href')).toBe('https://example.org/agenda');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await message('Hello Alice').getAttribute('aria-label')).toMatch(/^Bob Builder, /);
    await expect.poll(() => message('* Bob Builder waves').isVisible(), SLOW).toBe(true);
    // The second and third messages continue Bob's group: one name for all three.
    expect(await log().locator('article .sender', { hasText: 'Bob Builder' }).count()).toBeLessThanOrEqual(2);
    expectNoCspViolations(page);
  });

  it('renders formatted messages without their hostile parts', async () => {
    await openRoom(hostileRoom);
    await page.evaluate(() => ((window as unknown as { pwned?: number }).pwned = 0));
    await bobApi.send(hostileRoom, {
      msgtype: 'm.text',
      body: 'Formatted: bold, list',
      format: 'org.matrix.custom.html',
      formatted_body:
        '<mx-reply><blockquote>quoted fallback</blockquote></mx-reply><p>Formatted: <strong>bold</strong> and <a href="javascript:window.pwned=1">bad link</a></p>' +
        '<ul><li>first</li><li>second</li></ul><img src="https://tracker.example/p.gif" onerror="window.pwned=2"><script>window.pwned=3</script>' +
        '<p style="position:fixed;inset:0;background:red" onclick="window.pwned=4"><font data-mx-color="#b3261e">red text</font></p>',
    });
    const row = message('Formatted:');
    await expect.poll(() => row.isVisible(), SLOW).toBe(true);
    expect(await row.locator('strong').textContent()).toBe('bold');
    expect(await row.locator('li').allTextContents()).toEqual(['first', 'second']);
    expect(await row.getByText('quoted fallback').count()).toBe(0);
    expect(await row.locator('script, img, [style*="position"], [onclick], a[href^="javascript"]').count()).toBe(0);
    expect(await row.locator('font').evaluate((font) => getComputedStyle(font).color)).toBe('rgb(179, 38, 30)');
    await row.getByText('bad link').click();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(0);
    // A small room loads to its beginning, where the creation and its settings are one line.
    const setup = log().getByTestId('room-setup');
    await expect.poll(() => setup.textContent(BRIEF), SLOW).toContain('Bob Builder created and set up the room');
    await setup.getByRole('button', { name: 'Show details' }).click();
    await expect.poll(() => setup.getByText('Bob Builder changed who can join').isVisible(), SLOW).toBe(true);
    expect(await setup.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'room-view-formatted');
    // Parsing the hostile markup makes Chromium report the handlers and styles it refused, though
    // nothing ran (pwned is 0): the CSP is the second wall. Elsewhere the page must cause no report.
    await openRoom(projectRoom);
    watchCsp(page);
    await screenshot(page, 'room-view-messages');
  });

  it('shows an image as a thumbnail that opens in a viewer with a download link', async () => {
    const mxc = await upload(makePng(320, 200), 'image/png', 'whiteboard.png');
    await bobApi.send(projectRoom, { msgtype: 'm.image', body: 'whiteboard.png', url: mxc, info: { mimetype: 'image/png', w: 320, h: 200, size: 1234 } });
    const open = log().getByRole('button', { name: 'Open image whiteboard.png' });
    await expect.poll(() => open.isVisible(), SLOW).toBe(true);
    const thumbnail = open.locator('img');
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0, undefined, BRIEF), SLOW).toBe(true);
    await open.click();
    const viewer = page.getByRole('dialog', { name: 'whiteboard.png' });
    await expect.poll(() => viewer.isVisible(), SLOW).toBe(true);
    await expect.poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth, undefined, BRIEF), SLOW).toBe(320);
    expect(await viewer.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('whiteboard.png');
    await page.waitForTimeout(400); // the dialog's opening transition
    await screenshot(page, 'room-view-image-viewer');
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  });

  it('shows a file with its name and size, and downloads it', async () => {
    const content = new TextEncoder().encode('Minutes of the meeting\n'.repeat(100));
    const mxc = await upload(content, 'text/plain', 'minutes.txt');
    await bobApi.send(projectRoom, { msgtype: 'm.file', body: 'minutes.txt', url: mxc, info: { mimetype: 'text/plain', size: content.byteLength } });
    const file = log().getByTestId('file-attachment').filter({ hasText: 'minutes.txt' });
    await expect.poll(() => file.isVisible(), SLOW).toBe(true);
    expect(await file.textContent()).toContain('2.3 kB');
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('link', { name: 'Download minutes.txt' }).click()]);
    expect(download.suggestedFilename()).toBe('minutes.txt');
    const path = await download.path();
    expect(readFileSync(path, 'utf8')).toBe('Minutes of the meeting\n'.repeat(100));
  });

  it('explains a message that cannot be decrypted', async () => {
    await bobApi.send(
      projectRoom,
      { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'bm90IHJlYWxseSBjaXBoZXJ0ZXh0', session_id: 'no-such-session', sender_key: 'bm8ta2V5', device_id: 'NODEVICE' },
      'm.room.encrypted',
    );
    const placeholder = log().getByTestId('encrypted-placeholder').last();
    await expect.poll(() => placeholder.isVisible(), SLOW).toBe(true);
    expect(await placeholder.textContent()).toMatch(/This message could not be decrypted|Waiting for the key to decrypt this message/);
    // The reason is on screen beside the placeholder, not only in a tooltip.
    await expect
      .poll(() => log().getByText(/never received the key for this message|has not shared the key with this session yet/).last().isVisible())
      .toBe(true);
    await screenshot(page, 'room-view-placeholders');
  });

  it('shows your own message once: as it is sent, then as the server has it', async () => {
    await openRoom(hostileRoom);
    await page.getByRole('textbox', { name: 'Message Formatting' }).fill('Thanks, looks good to me');
    await page.keyboard.press('Enter');
    const mine = message('Thanks, looks good to me');
    await expect.poll(() => mine.count(), SLOW).toBe(1);
    // The echo leaves once the event is in the timeline; at no point are there two.
    await expect.poll(async () => (await mine.count()) === 1 && (await log().getByTestId('local-echo').count()) === 0, SLOW).toBe(true);
    expect(await mine.getAttribute('data-event-id')).toMatch(/^\$/);
  });

  it('explains a message the server refused, and lets you discard it', async () => {
    // Bob lets only moderators post; Alice's next message is refused. (The room's creator has all
    // powers in room version 12, Synapse's default, and may not be listed.)
    await bobApi.setState(hostileRoom, 'm.room.power_levels', { users: {}, events_default: 50, state_default: 50 });
    await expect.poll(() => log().getByText('Bob Builder changed the permissions').count(), SLOW).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Message Formatting' }).fill('Can I still write here?');
    await page.keyboard.press('Enter');
    const echo = log().getByTestId('local-echo').filter({ hasText: 'Can I still write here?' });
    await expect.poll(() => echo.getAttribute('data-state', BRIEF), SLOW).toBe('failed');
    const row = message('Can I still write here?');
    expect(await row.getByRole('alert').textContent()).toContain('Not sent: you are not allowed to post in this room.');
    expect(await row.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    await screenshot(page, 'room-view-failed-echo');
    await row.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => row.count(), SLOW).toBe(0);
  });

  it('adds the room to favourites and leaves it after confirming, from the header menu', async () => {
    const main = page.getByRole('main');
    const roomNow = async () => (await running.core.handlers['rooms.list']({})).items.find((room) => room.id === hostileRoom);
    await main.getByRole('button', { name: 'Room options' }).click();
    await page.getByRole('menuitem', { name: 'Add to favourites' }).click();
    await expect.poll(async () => (await roomNow())?.isFavourite, SLOW).toBe(true);
    await main.getByRole('button', { name: 'Room options' }).click();
    expect(await page.getByRole('menuitem', { name: 'Remove from favourites' }).isVisible()).toBe(true);
    await page.getByRole('menuitem', { name: 'Leave room' }).click();
    const confirm = page.getByRole('dialog', { name: 'Leave “Formatting”?' });
    await expect.poll(() => confirm.isVisible(), SLOW).toBe(true);
    await confirm.getByRole('button', { name: 'Leave room' }).click();
    await expect.poll(async () => (await roomNow()) === undefined, SLOW).toBe(true);
    await expect.poll(() => page.locator(`button[data-room-id="${hostileRoom}"]`).count(), SLOW).toBe(0);
    // The hostile message of the formatting test is gone with the room: from here on, no CSP report at all.
    watchCsp(page);
  });

  it('loads a long history back to the first message without moving what is on screen', async () => {
    await openRoom(historyRoom);
    await expect.poll(() => message(historyText(HISTORY_SIZE - 1)).isVisible(), SLOW).toBe(true);
    // The first page may not fill the view; the timeline loads on by itself until it does.
    await expect.poll(() => log().evaluate((scroller) => scroller.scrollHeight > scroller.clientHeight * 2, undefined, BRIEF), SLOW).toBe(true);
    const shifts: number[] = [];
    for (let round = 0; round < 60 && !(await log().getByTestId('timeline-beginning').isVisible()); round += 1) {
      const before = await scrollToTopAndMark();
      // Older messages arrive above: the list keeps the view on the same message, so it scrolls down.
      // (Or the top is the beginning of the room: nothing more to load.)
      const grownFrom = before?.height ?? 0;
      await expect
        .poll(
          () =>
            log().evaluate(
              (scroller, height) => {
                const idle = scroller.getAttribute('aria-busy') !== 'true';
                // Grown by a page, or the page came while the top was marked (the view has moved off the top already).
                const done = ((scroller.scrollHeight > height + 500 || scroller.scrollTop > 100) && idle) || scroller.querySelector('[data-testid="timeline-beginning"]') !== null;
                return done;
              },
              grownFrom,
              BRIEF,
            ),
          SLOW,
        )
        .toBe(true);
      // Once the list has measured the new rows and settled (the machine may be slow).
      let after = before && (await rowBottom(before.eventId));
      for (let settled = false; before && !settled; ) {
        await page.waitForTimeout(200);
        const again = await rowBottom(before.eventId);
        settled = again === after;
        after = again;
      }
      if (before && after !== null) shifts.push(Math.abs(after - before.y));
    }
    await expect.poll(() => log().getByTestId('timeline-beginning').isVisible(), SLOW).toBe(true);
    await expect.poll(() => message(historyText(0)).isVisible(), SLOW).toBe(true);
    expect(await log().getByText('This is the beginning of Archive.').isVisible()).toBe(true);
    // 520 messages at 40 a page: about a dozen loads, none of which moved the view.
    expect(shifts.length).toBeGreaterThan(5);
    expect(Math.max(...shifts), `moves per load: ${JSON.stringify(shifts)}`).toBeLessThanOrEqual(4);
    await screenshot(page, 'room-view-history-beginning');
  }, 180_000);

  it('offers "Jump to latest" with a count while the user reads older messages', async () => {
    await bobApi.send(historyRoom, { msgtype: 'm.text', body: 'A new message while Alice reads' });
    const jump = page.getByRole('button', { name: /Jump to latest/ });
    await expect.poll(() => jump.isVisible(), SLOW).toBe(true);
    await expect.poll(() => jump.textContent(BRIEF), SLOW).toContain('1 new message');
    await screenshot(page, 'room-view-jump-to-latest');
    await jump.click();
    await expect.poll(() => message('A new message while Alice reads').isVisible(), SLOW).toBe(true);
    await expect.poll(() => jump.isVisible(), SLOW).toBe(false);
  });

  it('marks where the new messages begin when the room is opened again', async () => {
    // Alice has read the project room to its end; then Bob writes while she is elsewhere.
    await openRoom(projectRoom);
    await page.waitForTimeout(1500);
    await openRoom(historyRoom);
    await bobApi.send(projectRoom, { msgtype: 'm.text', body: 'Did you see the new plan?' });
    await bobApi.send(projectRoom, { msgtype: 'm.text', body: 'It is in the shared folder.' });
    await expect.poll(async () => (await running.core.handlers['rooms.list']({})).items.find((room) => room.id === projectRoom)?.unread, SLOW).toBeGreaterThan(0);
    await openRoom(projectRoom);
    const marker = log().getByTestId('new-messages-marker');
    await expect.poll(() => marker.isVisible(), SLOW).toBe(true);
    const order = await log().evaluate((scroller) =>
      [...scroller.querySelectorAll('article, [data-testid="new-messages-marker"]')].map((node) => (node.matches('article') ? (node.textContent ?? '').slice(0, 60) : 'MARKER')),
    );
    const markerAt = order.indexOf('MARKER');
    expect(order[markerAt + 1]).toContain('Did you see the new plan?');
    await screenshot(page, 'room-view-new-messages');
    expectNoCspViolations(page);
  });

  it.each(['light', 'dark'] as const)('passes a WCAG 2.1 AA audit of the room view (%s theme)', async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(300);
    await expectNoWcagViolations(page, `the room view (${colorScheme})`, { include: 'main' });
    await screenshot(page, `room-view-${colorScheme}`);
    expectNoCspViolations(page);
  });
});
