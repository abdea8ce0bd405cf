import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { serverEvents, type ServerEvent } from '../support/core-session.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp } from '../support/matrix-http.ts';
import { makePng } from '../support/png.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'composer password';
const ROOM = 'Project Plenum';
const OTHER_ROOM = 'Coffee corner';

/** Writing and sending through the real composer, checked where it counts: at the other person's end. */
describe('the composer, through the real renderer, core and Synapse', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let running: RunningHarness;
  let page: Page;
  let bobUser: RegisteredUser;
  let bob: SdkPeer;
  let roomId = '';

  /** The message events Bob can read in the room, newest last. */
  const bobSees = async (): Promise<ServerEvent[]> =>
    (await serverEvents(synapse.baseUrl, bobUser.accessToken, roomId)).filter((event) => event.type === 'm.room.message');
  const lastFromAlice = async (): Promise<ServerEvent | undefined> => (await bobSees()).filter((event) => event.sender === '@alice:localhost').at(-1);
  const composer = (name = ROOM): Locator => page.getByLabel(`Message ${name}`, { exact: true });
  const chips = (): Locator => page.getByRole('list', { name: 'Files to send' }).getByRole('listitem');
  const openRoom = async (name: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByText(name, { exact: true }).first().click();
    await expect.poll(() => composer(name).isVisible(), { timeout: 20_000 }).toBe(true);
  };
  const downloadAsBob = async (mxc: string): Promise<Buffer> => {
    const [, server, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(mxc) ?? [];
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v1/media/download/${server}/${mediaId}`, {
      headers: { Authorization: `Bearer ${bobUser.accessToken}` },
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    const alice = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bobUser = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    const bobApi = matrixHttp(synapse.baseUrl, bobUser.accessToken, bobUser.userId);
    const aliceApi = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    // Unencrypted, so that the test can read what arrived straight from the server.
    roomId = await bobApi.createRoom({ name: ROOM, preset: 'private_chat', invite: [alice.userId] });
    await aliceApi.join(roomId);
    const otherRoomId = await bobApi.createRoom({ name: OTHER_ROOM, preset: 'private_chat', invite: [alice.userId] });
    await aliceApi.join(otherRoomId);
    await bobApi.send(roomId, { msgtype: 'm.text', body: 'Welcome to the project room!' });
    bob = await startSdkPeer(synapse.baseUrl, bobUser);
    running = await startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-composer-${process.pid}` });
  });

  afterAll(async () => {
    await page?.close();
    bob?.stop();
    await running?.stop();
    await browser?.close();
    await synapse?.stop();
  });

  it('offers a labelled message field once Alice signs in and opens the room', async () => {
    page = await signInThroughUi(browser, running, { user: 'alice', password: PASSWORD });
    await openRoom(ROOM);
    expect(await composer().getAttribute('placeholder')).toBe(`Message ${ROOM}`);
  });

  it('sends on Enter, keeps Shift+Enter as a new line, and empties the field', async () => {
    await composer().click();
    await page.keyboard.type('First line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    expect(await composer().inputValue()).toBe('First line\nsecond line');
    await page.keyboard.press('Enter');
    expect(await composer().inputValue()).toBe('');
    await expect.poll(async () => (await lastFromAlice())?.content.body, { timeout: 20_000 }).toBe('First line\nsecond line');
  });

  it('grows with its text up to about 40% of the window, then scrolls', async () => {
    const height = (): Promise<number> => composer().evaluate((field) => field.getBoundingClientRect().height);
    await composer().fill('one line');
    const single = await height();
    await composer().fill('one\ntwo\nthree\nfour');
    expect(await height()).toBeGreaterThan(single * 2);
    await composer().fill(Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n'));
    const viewport = page.viewportSize()?.height ?? 800;
    expect(await height()).toBeLessThanOrEqual(viewport * 0.4 + 1);
    expect(await composer().evaluate((field) => field.scrollHeight > field.clientHeight)).toBe(true);
    await composer().fill('');
    expect(await height()).toBe(single);
  });

  it('sends Markdown that arrives formatted', async () => {
    await composer().fill('This is **important** and `code`');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lastFromAlice())?.content.body, { timeout: 20_000 }).toBe('This is **important** and `code`');
    const content = (await lastFromAlice())?.content;
    expect(content?.format).toBe('org.matrix.custom.html');
    expect(content?.formatted_body).toContain('<strong>important</strong>');
    expect(content?.formatted_body).toContain('<code>code</code>');
  });

  it('does nothing harmful with Up in an empty field, or Enter with nothing to send', async () => {
    const before = (await bobSees()).length;
    await composer().click();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    expect(await composer().inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    // Give a wrongly sent empty message time to arrive before concluding none was sent.
    await page.waitForTimeout(1000);
    expect((await bobSees()).length).toBe(before);
  });

  it('keeps a draft per room while switching rooms', async () => {
    await composer().fill('A draft for the project');
    await openRoom(OTHER_ROOM);
    expect(await composer(OTHER_ROOM).inputValue()).toBe('');
    await composer(OTHER_ROOM).fill('Coffee at ten?');
    await openRoom(ROOM);
    expect(await composer().inputValue()).toBe('A draft for the project');
    await openRoom(OTHER_ROOM);
    expect(await composer(OTHER_ROOM).inputValue()).toBe('Coffee at ten?');
    await composer(OTHER_ROOM).fill('');
    await openRoom(ROOM);
    await composer().fill('');
  });

  it('attaches an image and a file from the picker as chips, and sends them with the text', async () => {
    const png = Buffer.from(makePng(120, 80));
    await page.getByTestId('composer-file-input').setInputFiles([
      { name: 'chart.png', mimeType: 'image/png', buffer: png },
      { name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the meeting\n') },
    ]);
    await expect.poll(() => chips().count()).toBe(2);
    expect(await chips().first().textContent()).toContain('chart.png');
    // The image chip shows the picture itself, decoded from a blob: URL.
    await expect.poll(() => chips().first().locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
    await composer().fill('Here is the chart');
    await screenshot(page, 'composer-attachments');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'composer-attachments-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await chips().count()).toBe(0);
    expect(await composer().inputValue()).toBe('');
    await expect.poll(async () => (await lastFromAlice())?.content.body, { timeout: 30_000 }).toBe('minutes.txt');
    const sent = (await bobSees()).filter((event) => event.sender === '@alice:localhost').slice(-3);
    expect(sent.map((event) => [event.content.msgtype, event.content.body])).toEqual([
      ['m.text', 'Here is the chart'],
      ['m.image', 'chart.png'],
      ['m.file', 'minutes.txt'],
    ]);
    const image = sent[1]!.content as { url: string; info: { w: number; h: number; mimetype: string; size: number } };
    expect(image.info).toMatchObject({ w: 120, h: 80, mimetype: 'image/png', size: png.length });
    expect((await downloadAsBob(image.url)).equals(png)).toBe(true);
  });

  it('shows the sent image in the timeline', async () => {
    await expect
      .poll(() => page.locator('img').evaluateAll((imgs: HTMLImageElement[]) => imgs.some((img) => /\/media\//.test(img.src) && img.naturalWidth > 0)), {
        timeout: 30_000,
      })
      .toBe(true);
  });

  it('attaches a pasted file, and Enter sends it', async () => {
    await composer().click();
    await composer().evaluate((field) => {
      const data = new DataTransfer();
      data.items.add(new File(['pasted text file'], 'pasted.txt', { type: 'text/plain' }));
      field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => chips().count()).toBe(1);
    expect(await chips().first().textContent()).toContain('pasted.txt');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lastFromAlice())?.content.body, { timeout: 30_000 }).toBe('pasted.txt');
    const file = (await lastFromAlice())?.content as { url: string; msgtype: string };
    expect(file.msgtype).toBe('m.file');
    expect((await downloadAsBob(file.url)).toString()).toBe('pasted text file');
  });

  it('takes files dropped on the room, shows where they go, and waits for Send', async () => {
    const before = (await bobSees()).length;
    const target = page.getByTestId('drop-target');
    const transfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['dropped report'], 'report.txt', { type: 'text/plain' }));
      return data;
    });
    await target.dispatchEvent('dragenter', { dataTransfer: transfer });
    await target.dispatchEvent('dragover', { dataTransfer: transfer });
    const overlay = page.getByTestId('drop-overlay');
    await expect.poll(() => overlay.textContent()).toContain(`Drop to send to ${ROOM}`);
    await page.waitForTimeout(300); // past the overlay's fade-in, for a representative picture
    await screenshot(page, 'composer-drop-overlay');
    await target.dispatchEvent('drop', { dataTransfer: transfer });
    expect(await overlay.count()).toBe(0);
    await expect.poll(() => chips().count()).toBe(1);
    expect(await chips().first().textContent()).toContain('report.txt');
    // The field has focus, so Enter sends; nothing went before that.
    await expect.poll(() => composer().evaluate((field) => field === document.activeElement)).toBe(true);
    expect((await bobSees()).length).toBe(before);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lastFromAlice())?.content.body, { timeout: 30_000 }).toBe('report.txt');
  });

  it('also takes files dropped on the composer itself', async () => {
    const form = page.getByRole('form', { name: 'Write a message' });
    const transfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['agenda'], 'agenda.txt', { type: 'text/plain' }));
      return data;
    });
    await form.dispatchEvent('dragover', { dataTransfer: transfer });
    await form.dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => chips().count()).toBe(1);
    expect(await chips().first().textContent()).toContain('agenda.txt');
    await chips().first().getByRole('button', { name: 'Remove agenda.txt' }).click();
    expect(await chips().count()).toBe(0);
    // Removing the chip hands focus back to the field rather than dropping it on the page.
    expect(await composer().evaluate((field) => field === document.activeElement)).toBe(true);
  });

  it('explains a file that cannot be sent, and Esc clears the chosen files', async () => {
    await page.getByTestId('composer-file-input').setInputFiles([
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
      { name: 'keep.txt', mimeType: 'text/plain', buffer: Buffer.from('x') },
    ]);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'empty.txt' }).textContent()).toContain('“empty.txt” is empty');
    expect(await chips().count()).toBe(1);
    await screenshot(page, 'composer-notice');
    // The composer with a chip and a notice meets WCAG 2.1 AA (names, contrast, roles).
    await expectNoWcagViolations(page, 'the composer with a chip and a notice', { include: 'form', minPasses: 5 });
    await composer().press('Escape');
    expect(await chips().count()).toBe(0);
    await page.getByRole('form', { name: 'Write a message' }).getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'empty.txt' }).count()).toBe(0);
  });

  it('tells Bob while Alice types, and stops when she sends', async () => {
    const aliceTyping = (): boolean => bob.client.getRoom(roomId)?.getMember('@alice:localhost')?.typing ?? false;
    await composer().click();
    await page.keyboard.type('Let me think');
    await expect.poll(aliceTyping, { timeout: 20_000 }).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(aliceTyping, { timeout: 20_000 }).toBe(false);
  });

  it('shows Alice that Bob is typing, and when he stops', async () => {
    const indicator = page.getByRole('status').filter({ hasText: 'typing' });
    await bob.client.sendTyping(roomId, true, 30_000);
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toContain('Bob is typing…');
    await screenshot(page, 'composer-typing');
    await bob.client.sendTyping(roomId, false, 0);
    await expect.poll(() => indicator.count(), { timeout: 20_000 }).toBe(0);
    expectNoCspViolations(page);
  });
});
