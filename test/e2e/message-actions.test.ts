import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoWcagViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi, watchCsp } from '../support/e2e-app.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 } as const;
const BRIEF = { timeout: 1000 } as const;

/**
 * Replies, edits, reactions and deletions between two Plenum users, each in their own app and
 * browser, in an end-to-end encrypted room on a real Synapse; then hostile relations from a third
 * account on plain HTTP in an unencrypted room.
 */
describe('replying, editing, reacting and deleting, end to end', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let aliceApp: RunningHarness;
  let bobApp: RunningHarness;
  let alice: Page;
  let bob: Page;
  let mallory: MatrixHttp;
  let roomId = '';
  let hostileRoomId = '';
  let lobbyId = '';

  /** The room's timeline (the thread panel has a log of its own). */
  const log = (page: Page): Locator => page.getByRole('log', { name: /^Messages in / });
  /** A message by its own text (not a reply's quote of it, nor a button's tooltip). */
  const message = (page: Page, text: string): Locator =>
    log(page).getByRole('article').filter({ has: page.locator('.text').filter({ hasText: text }) });
  const byId = (page: Page, eventId: string): Locator => log(page).locator(`article[data-event-id="${eventId}"]`);
  const composer = (page: Page): Locator => page.getByRole('textbox', { name: /^Message / });
  const toolbar = (row: Locator): Locator => row.getByRole('toolbar', { name: 'Message actions' });
  const openRoom = async (page: Page, id: string): Promise<void> => {
    await page.locator(`button[data-room-id="${id}"]`).click();
    await expect.poll(() => log(page).isVisible(), SLOW).toBe(true);
  };
  async function say(page: Page, text: string): Promise<void> {
    await composer(page).fill(text);
    await composer(page).press('Enter');
    // Sent once the server's event replaced the local echo.
    await expect.poll(() => message(page, text).getAttribute('data-event-id', BRIEF).catch(() => null), SLOW).toMatch(/^\$/);
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    const a = await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    const b = await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    const m = await synapse.registerUser('mallory', 'mallory-password', { displayName: 'Mallory' });
    const aliceApi = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    const bobApi = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    mallory = matrixHttp(synapse.baseUrl, m.accessToken, m.userId);
    // Encrypted from its first event: every message, edit and reply here goes through Megolm.
    roomId = await aliceApi.createRoom({
      name: 'Budget 2027',
      preset: 'private_chat',
      invite: [b.userId],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await bobApi.join(roomId);
    lobbyId = await bobApi.createRoom({ name: 'Lobby', preset: 'private_chat' });
    hostileRoomId = await mallory.createRoom({ name: 'Open forum', preset: 'private_chat', invite: [a.userId] });
    await aliceApi.join(hostileRoomId);
    [aliceApp, bobApp] = await Promise.all([
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-actions-alice-${process.pid}` }),
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-actions-bob-${process.pid}` }),
    ]);
    alice = await signInThroughUi(browser, aliceApp, { user: 'alice', password: 'alice-password' });
    bob = await signInThroughUi(browser, bobApp, { user: 'bob', password: 'bob-password', colorScheme: 'dark' });
    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 120_000);

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await Promise.all([aliceApp?.stop(), bobApp?.stop()]);
    await browser?.close();
    await synapse?.stop();
  });

  it('Alice replies to Bob; Bob sees the quote and it jumps to his message', async () => {
    await Promise.all([openRoom(alice, roomId), openRoom(bob, roomId)]);
    await say(bob, 'Can we meet at 10 about the budget?');
    const original = message(alice, 'Can we meet at 10');
    await expect.poll(() => original.isVisible(), SLOW).toBe(true);
    await original.hover();
    await toolbar(original).getByRole('button', { name: 'Reply', exact: true }).click();
    expect(await alice.getByTestId('reply-bar').textContent()).toContain('Replying to Bob Builder');
    // The field has the focus: typing goes straight into the reply.
    await alice.keyboard.type('Yes, 10 works for me.');
    await screenshot(alice, 'message-actions-reply-bar');
    await alice.keyboard.press('Enter');
    await expect.poll(() => alice.getByTestId('reply-bar').count()).toBe(0);

    const reply = message(bob, 'Yes, 10 works for me.');
    await expect.poll(() => reply.isVisible(), SLOW).toBe(true);
    const quote = reply.getByRole('button', { name: 'In reply to Bob Builder: Can we meet at 10 about the budget?' });
    await expect.poll(() => quote.isVisible(), SLOW).toBe(true);
    await quote.click();
    const originalAtBob = byId(bob, (await original.getAttribute('data-event-id')) ?? '');
    await expect.poll(() => originalAtBob.evaluate((row) => row === document.activeElement && row.classList.contains('highlighted'), undefined, BRIEF), SLOW).toBe(true);
    await screenshot(bob, 'message-actions-reply-jump');
  });

  it('Alice edits her reply with the Up arrow; Bob sees the new text marked as edited', async () => {
    await composer(alice).click();
    await composer(alice).press('ArrowUp');
    await expect.poll(() => composer(alice).inputValue()).toBe('Yes, 10 works for me.');
    expect(await alice.getByText('Editing your message').isVisible()).toBe(true);
    await composer(alice).fill('Yes, **10:30** works for me.');
    await composer(alice).press('Enter');
    const edited = message(bob, 'works for me.');
    await expect.poll(() => edited.getByTestId('edited-marker').isVisible(BRIEF).catch(() => false), SLOW).toBe(true);
    expect(await edited.locator('strong').textContent()).toBe('10:30');
    // Still one message, still the reply it was.
    expect(await message(bob, 'works for me.').count()).toBe(1);
    expect(await edited.getByTestId('reply-quote').textContent()).toContain('Can we meet at 10');
    // Esc ends an edit without sending, and the draft typed before it comes back.
    await composer(alice).fill('a draft');
    await message(alice, 'works for me.').hover();
    await toolbar(message(alice, 'works for me.')).getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => composer(alice).inputValue()).toBe('Yes, **10:30** works for me.');
    await composer(alice).press('Escape');
    expect(await composer(alice).inputValue()).toBe('a draft');
    await composer(alice).fill('');
  });

  it('Bob reacts; Alice sees the count with who reacted, adds hers, and a reaction from the full picker arrives', async () => {
    const atBob = message(bob, 'works for me.');
    await atBob.hover();
    await toolbar(atBob).getByRole('button', { name: 'React with 👍' }).click();
    const chip = message(alice, 'works for me.').getByRole('button', { name: /^👍 1 reaction: Bob Builder$/ });
    await expect.poll(() => chip.isVisible(), SLOW).toBe(true);
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    await chip.click();
    const both = message(bob, 'works for me.').getByRole('button', { name: /^👍 2 reactions: Bob Builder and Alice Example$/ });
    await expect.poll(() => both.isVisible(), SLOW).toBe(true);
    expect(await both.getAttribute('aria-pressed')).toBe('true');

    // The full picker, by keyboard: search, then Enter picks the first match.
    await atBob.hover();
    await toolbar(atBob).getByRole('button', { name: 'Add reaction' }).click();
    const picker = bob.getByRole('dialog', { name: 'Add reaction' });
    await expect.poll(() => picker.isVisible(), SLOW).toBe(true);
    await bob.keyboard.type('party popper');
    await screenshot(bob, 'message-actions-emoji-picker');
    await bob.keyboard.press('Enter');
    await expect.poll(() => picker.isVisible()).toBe(false);
    await expect.poll(() => message(alice, 'works for me.').getByRole('button', { name: /^🎉 1 reaction: Bob Builder$/ }).isVisible(), SLOW).toBe(true);
    // Alice takes hers back.
    await message(alice, 'works for me.').getByRole('button', { name: /^👍 2 reactions/ }).click();
    await expect.poll(() => message(bob, 'works for me.').getByRole('button', { name: /^👍 1 reaction: Bob Builder$/ }).isVisible(), SLOW).toBe(true);
    await screenshot(alice, 'message-actions-reactions');
  });

  it('Alice copies a link to a message', async () => {
    const row = message(alice, 'works for me.');
    await row.hover();
    await toolbar(row).getByRole('button', { name: 'Copy link to message' }).click();
    await expect.poll(() => alice.getByText('Link copied').isVisible(), SLOW).toBe(true);
    const eventId = await row.getAttribute('data-event-id');
    expect(await alice.evaluate(() => navigator.clipboard.readText())).toBe(
      `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId ?? '')}?via=localhost`,
    );
  });

  it('Alice starts a thread on Bob’s message; Bob sees the summary, replies in it, and Alice’s summary updates', async () => {
    const root = message(alice, 'Can we meet at 10');
    await root.hover();
    await toolbar(root).getByRole('button', { name: 'Reply in thread' }).click();
    const panel = alice.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => panel.getByText('Can we meet at 10 about the budget?').isVisible(), SLOW).toBe(true);
    await alice.keyboard.type('Starting a thread on this.');
    await alice.keyboard.press('Enter');
    await expect.poll(() => panel.getByRole('log').getByText('Starting a thread on this.').isVisible(), SLOW).toBe(true);

    const summaryAtBob = message(bob, 'Can we meet at 10').getByTestId('thread-summary');
    await expect.poll(() => summaryAtBob.textContent(BRIEF).catch(() => ''), SLOW).toContain('1 reply');
    expect(await summaryAtBob.textContent()).toContain('Alice Example: Starting a thread on this.');
    expect(await summaryAtBob.textContent()).toContain('New');
    // Thread replies live in the thread, not in the room's timeline.
    expect(await message(bob, 'Starting a thread on this.').count()).toBe(0);
    await summaryAtBob.click();
    const bobPanel = bob.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => bobPanel.getByText('Starting a thread on this.').isVisible(), SLOW).toBe(true);
    await bobPanel.getByRole('textbox', { name: 'Reply in thread' }).fill('Thread reply from Bob.');
    await bobPanel.getByRole('textbox', { name: 'Reply in thread' }).press('Enter');
    await expect.poll(() => bobPanel.getByRole('log').getByText('Thread reply from Bob.').isVisible(), SLOW).toBe(true);
    await expect.poll(() => summaryAtBob.textContent(BRIEF).catch(() => ''), SLOW).not.toContain('New');

    const summaryAtAlice = message(alice, 'Can we meet at 10').getByTestId('thread-summary');
    await expect.poll(() => summaryAtAlice.textContent(BRIEF).catch(() => ''), SLOW).toContain('2 replies');
    expect(await summaryAtAlice.textContent()).toContain('Bob Builder: Thread reply from Bob.');
    await expect.poll(() => panel.getByRole('log').getByText('Thread reply from Bob.').isVisible(), SLOW).toBe(true);
    await screenshot(alice, 'message-actions-thread');
    await panel.getByRole('button', { name: 'Close thread' }).click();
    await bobPanel.getByRole('textbox', { name: 'Reply in thread' }).press('Escape');
    await expect.poll(() => bobPanel.count()).toBe(0);
  });

  it('Alice forwards Bob’s message to another room', async () => {
    const row = message(alice, 'Can we meet at 10');
    await row.hover();
    await toolbar(row).getByRole('button', { name: 'Forward' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Forward message' });
    await expect.poll(() => dialog.isVisible(), SLOW).toBe(true);
    await dialog.getByLabel('Find a room').fill('open');
    await alice.waitForTimeout(300);
    await screenshot(alice, 'message-actions-forward');
    await dialog.getByRole('button', { name: /Open forum/ }).click();
    await expect.poll(() => alice.getByText('Forwarded to Open forum').isVisible(), SLOW).toBe(true);
    await openRoom(alice, hostileRoomId);
    const copy = message(alice, 'Can we meet at 10 about the budget?');
    await expect.poll(() => copy.getAttribute('data-event-id', BRIEF).catch(() => null), SLOW).toMatch(/^\$/);
    expect(await copy.getAttribute('aria-label')).toMatch(/^Alice Example/);
    await openRoom(alice, roomId);
  });

  it('the toolbar works from the keyboard alone', async () => {
    const row = message(alice, 'Can we meet at 10');
    await row.focus();
    // The message's own controls (its thread summary) come first, then one stop for its toolbar.
    const first = toolbar(row).getByRole('button', { name: 'React with 👍' });
    for (let step = 0; step < 4 && !(await first.evaluate((button) => button === document.activeElement)); step += 1) await alice.keyboard.press('Tab');
    expect(await first.evaluate((button) => button === document.activeElement)).toBe(true);
    await alice.keyboard.press('End');
    expect(await toolbar(row).getByRole('button', { name: 'Delete' }).evaluate((button) => button === document.activeElement)).toBe(true);
    // Bob's message: Alice may not edit it; as the room's creator she may delete it (Delete is there).
    expect(await toolbar(row).getByRole('button', { name: 'Edit' }).count()).toBe(0);
    for (let step = 0; step < 4; step += 1) await alice.keyboard.press('ArrowLeft');
    expect(await toolbar(row).getByRole('button', { name: 'Reply', exact: true }).evaluate((button) => button === document.activeElement)).toBe(true);
    await alice.keyboard.press('Enter');
    expect(await alice.getByTestId('reply-bar').textContent()).toContain('Replying to Bob Builder');
    await composer(alice).press('Escape');
    expect(await alice.getByTestId('reply-bar').count()).toBe(0);
    await expectNoWcagViolations(alice, 'room with replies, edits and reactions');
  });

  it('Alice deletes her message after confirming; Bob sees it deleted', async () => {
    await say(alice, 'Sent to the wrong room, sorry.');
    const row = message(alice, 'Sent to the wrong room');
    await expect.poll(() => message(bob, 'Sent to the wrong room').isVisible(), SLOW).toBe(true);
    const eventId = await row.getAttribute('data-event-id');
    await row.hover();
    await toolbar(row).getByRole('button', { name: 'Delete' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Delete message?' });
    await expect.poll(() => dialog.isVisible(), SLOW).toBe(true);
    await alice.waitForTimeout(300); // the dialog's opening transition
    await screenshot(alice, 'message-actions-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    const deleted = log(bob).locator(`[data-event-id="${eventId}"]`);
    await expect.poll(() => deleted.textContent(BRIEF).catch(() => ''), SLOW).toContain('Message deleted');
    expect(await message(bob, 'Sent to the wrong room').count()).toBe(0);
    expectNoCspViolations(alice);
    expectNoCspViolations(bob);
  });

  it('hostile replies, edits and reactions render inert and crash nothing', async () => {
    const dialogs: string[] = [];
    alice.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openRoom(alice, hostileRoomId);
    await alice.evaluate(() => ((window as unknown as { pwned?: number }).pwned = 0));
    const honest = await mallory.send(hostileRoomId, { msgtype: 'm.text', body: 'The real original' });
    // A reply whose fallback puts words in Alice's mouth, with script in every field it has.
    await mallory.send(hostileRoomId, {
      msgtype: 'm.text',
      body: '> <@alice:localhost> I resign\n\nForged reply',
      format: 'org.matrix.custom.html',
      formatted_body:
        '<mx-reply><blockquote><a href="https://matrix.to/#/@alice:localhost">Alice</a> I resign</blockquote></mx-reply>' +
        'Forged reply <a href="javascript:window.pwned=1">click</a><img src=x onerror="window.pwned=2">',
      'm.relates_to': { 'm.in_reply_to': { event_id: honest } },
    });
    const forged = message(alice, 'Forged reply');
    await expect.poll(() => forged.isVisible(), SLOW).toBe(true);
    expect(await forged.getByText('I resign').count()).toBe(0);
    expect(await forged.getByTestId('reply-quote').textContent()).toContain('The real original');
    // A reply pointing at a script URL instead of an event, and one with prototype keys.
    await mallory.send(hostileRoomId, { msgtype: 'm.text', body: 'Bad target', 'm.relates_to': { 'm.in_reply_to': { event_id: 'javascript:window.pwned=3' } } });
    await mallory.send(
      hostileRoomId,
      JSON.parse('{"msgtype": "m.text", "body": "Prototype keys", "__proto__": {"pwned": 4}, "m.relates_to": {"__proto__": {"rel_type": "m.replace"}}}') as Record<string, unknown>,
    );
    // An edit of the honest message, by someone else's account would be refused; Mallory edits her
    // own with HTML injection and a reaction whose key is markup.
    await mallory.send(hostileRoomId, {
      msgtype: 'm.text',
      body: '* edited',
      'm.new_content': { msgtype: 'm.text', body: 'Edited with <b>markup</b>', format: 'org.matrix.custom.html', formatted_body: 'Edited <a href="javascript:window.pwned=5">link</a><svg onload="window.pwned=6"></svg>' },
      'm.relates_to': { rel_type: 'm.replace', event_id: honest },
    });
    await mallory.send(hostileRoomId, { 'm.relates_to': { rel_type: 'm.annotation', event_id: honest, key: '<img src=x onerror="window.pwned=7">' } }, 'm.reaction');
    const edited = message(alice, 'Edited');
    await expect.poll(() => edited.getByTestId('edited-marker').isVisible(BRIEF).catch(() => false), SLOW).toBe(true);
    await expect.poll(() => edited.getByRole('button', { name: /onerror/ }).count(), SLOW).toBe(1);
    await expect.poll(() => message(alice, 'Prototype keys').isVisible(), SLOW).toBe(true);
    expect(await message(alice, 'Bad target').getByTestId('reply-quote').count()).toBe(0);
    expect(await log(alice).locator('script, svg[onload], img[onerror], a[href^="javascript"]').count()).toBe(0);
    await edited.getByText('link', { exact: true }).click();
    await forged.getByText('click', { exact: true }).click();
    expect(await alice.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(0);
    expect(await alice.evaluate(() => Object.prototype.hasOwnProperty.call(Object.prototype, 'pwned'))).toBe(false);
    expect(dialogs).toEqual([]);
    // The app still works: Alice answers.
    await say(alice, 'Still here.');
    await screenshot(alice, 'message-actions-hostile');
    // Parsing hostile markup makes Chromium report what the CSP refused; from here on nothing may.
    watchCsp(alice);
  });

  it('Alice sets a room to mentions and keywords, adds a keyword, then mutes it; Bob’s messages count accordingly', async () => {
    // Alice reads elsewhere, so Bob's messages in the budget room count as unread.
    await openRoom(alice, hostileRoomId);
    const row = alice.locator('li').filter({ has: alice.locator(`button[data-room-id="${roomId}"]`) });
    await openRoom(alice, roomId);
    await alice.getByRole('button', { name: 'Room options' }).click();
    await alice.getByRole('menuitem', { name: 'Notifications…' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Notifications for Budget 2027' });
    await expect.poll(() => dialog.isVisible(), SLOW).toBe(true);
    expect(await dialog.getByRole('radio', { name: /^All messages/ }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: /^Mentions and keywords/ }).check();
    await expect.poll(() => alice.getByTestId('room-notification-mode').textContent(BRIEF).catch(() => ''), SLOW).toContain('Mentions only');
    await alice.waitForTimeout(300);
    await screenshot(alice, 'message-actions-room-notifications');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await alice.getByTestId('account-name').click();
    await alice.getByRole('menuitem', { name: 'Settings' }).click();
    await alice.getByRole('tab', { name: 'Notifications' }).click();
    await alice.getByLabel('New keyword').fill('quarterly');
    await alice.getByRole('button', { name: 'Add keyword' }).click();
    await expect.poll(() => alice.getByRole('button', { name: 'Remove keyword quarterly' }).isVisible(), SLOW).toBe(true);
    await screenshot(alice, 'message-actions-keywords');
    await alice.getByRole('button', { name: 'Close settings' }).click();
    await openRoom(alice, hostileRoomId);

    await say(bob, 'Just an ordinary remark.');
    await say(bob, 'The quarterly figures are in.');
    await expect.poll(() => row.getByText('1 unread message, you were mentioned').count(), SLOW).toBe(1);

    await openRoom(alice, roomId);
    await alice.getByRole('button', { name: 'Room options' }).click();
    await alice.getByRole('menuitem', { name: 'Notifications…' }).click();
    await dialog.getByRole('radio', { name: /^Nothing/ }).check();
    await expect.poll(() => alice.getByTestId('room-notification-mode').textContent(BRIEF).catch(() => ''), SLOW).toContain('Muted');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await openRoom(alice, hostileRoomId);
    await say(bob, 'Another quarterly remark, muted.');
    await expect.poll(() => row.getByText('Another quarterly remark', { exact: false }).count(), SLOW).toBe(1);
    expect(await row.getByLabel('Muted').count()).toBe(1);
    expect(await row.getByText(/unread message/).count()).toBe(0);
  });

  it('Alice mentions Bob through the autocomplete; his highlight count rises and he sees the pill', async () => {
    await openRoom(bob, lobbyId);
    await openRoom(alice, roomId);
    await composer(alice).fill('');
    await composer(alice).pressSequentially('Thanks @Bo');
    const options = alice.getByRole('listbox', { name: 'Suggestions' });
    await expect.poll(() => options.getByRole('option', { name: /Bob Builder/ }).isVisible(), SLOW).toBe(true);
    expect(await composer(alice).getAttribute('aria-controls')).toBe(await options.getAttribute('id'));
    expect(await composer(alice).getAttribute('aria-activedescendant')).toMatch(/-mentions-0$/);
    await screenshot(alice, 'message-actions-mention-autocomplete');
    await composer(alice).press('Enter');
    expect(await composer(alice).inputValue()).toBe('Thanks @Bob Builder ');
    await composer(alice).pressSequentially('for the figures, see #Op');
    await expect.poll(() => options.getByRole('option', { name: /Open forum/ }).isVisible(), SLOW).toBe(true);
    await composer(alice).press('Tab');
    expect(await composer(alice).inputValue()).toBe('Thanks @Bob Builder for the figures, see #Open forum ');
    await composer(alice).press('Enter');

    const budgetRow = bob.locator('li').filter({ has: bob.locator(`button[data-room-id="${roomId}"]`) });
    await expect.poll(() => budgetRow.getByText('1 unread message, you were mentioned').count(), SLOW).toBe(1);
    await openRoom(bob, roomId);
    const mention = message(bob, 'for the figures');
    await expect.poll(() => mention.getAttribute('class', BRIEF).catch(() => ''), SLOW).toContain('mentioned');
    const pill = mention.locator('a.pill-me');
    expect(await pill.textContent()).toBe('Bob Builder');
    expect(await pill.getAttribute('title')).toBe('@bob:localhost');
    expect(await mention.getAttribute('aria-label')).toMatch(/mentions you$/);
    await screenshot(bob, 'message-actions-mention-received');
    // The room pill opens the room inside Plenum; Bob is not in it, and is told so.
    await mention.locator('a.pill', { hasText: 'Open forum' }).click();
    await expect.poll(() => bob.getByText(/a room you are not in/).first().isVisible(), SLOW).toBe(true);
    // Alice is: her click opens it.
    await message(alice, 'for the figures').locator('a.pill', { hasText: 'Open forum' }).click();
    await expect.poll(() => alice.getByRole('heading', { name: 'Open forum', level: 1 }).isVisible(), SLOW).toBe(true);
    expect(alice.context().pages()).toHaveLength(1);
  });

  it('offers @room to those the power levels allow', async () => {
    await openRoom(alice, roomId);
    await composer(alice).fill('');
    await composer(alice).pressSequentially('@ro');
    await expect.poll(() => alice.getByRole('option', { name: /Everyone in the room/ }).isVisible(), SLOW).toBe(true);
    await composer(alice).press('Escape');
    await expect.poll(() => alice.getByRole('listbox', { name: 'Suggestions' }).count()).toBe(0);
    await composer(alice).fill('');
    await openRoom(bob, roomId);
    await composer(bob).fill('');
    await composer(bob).pressSequentially('@ro');
    await expect.poll(() => bob.getByRole('option', { name: /Roberta|Alice/ }).count(), BRIEF).toBe(0);
    expect(await bob.getByRole('option', { name: /Everyone in the room/ }).count()).toBe(0);
    await composer(bob).fill('');
  });
});
