import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { expectNoCspViolations, screenshot, signInThroughUi } from '../support/e2e-app.ts';
import type { ListPatches } from '../../src/shared/model/list.ts';
import type { OutboxItem } from '../../src/shared/model/outbox.ts';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000 } as const;

/**
 * Two people, each in their own Plenum (own core, own keychain entry, own crypto store, own
 * browser context), talking in an encrypted direct chat that one of them starts in the UI.
 */
describe('a conversation between two Plenum users, end to end encrypted', () => {
  let synapse: RunningSynapse;
  let browser: Browser;
  let aliceApp: RunningHarness;
  let bobApp: RunningHarness;
  let alice: Page;
  let bob: Page;

  const rooms = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
  const timeline = (page: Page) => page.getByRole('log');
  const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

  beforeAll(async () => {
    assertKeyringAvailable();
    [synapse, browser] = await Promise.all([startSynapse(), launchBrowser()]);
    await synapse.registerUser('alice', 'alice-password', { displayName: 'Alice Example' });
    await synapse.registerUser('bob', 'bob-password', { displayName: 'Bob Builder' });
    [aliceApp, bobApp] = await Promise.all([
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-talk-alice-${process.pid}` }),
      startTestHarness({ defaultHomeserver: synapse.baseUrl, keychainService: `plenum-e2e-talk-bob-${process.pid}` }),
    ]);
    alice = await signInThroughUi(browser, aliceApp, { user: 'alice', password: 'alice-password' });
    bob = await signInThroughUi(browser, bobApp, { user: 'bob', password: 'bob-password', colorScheme: 'dark' });
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await Promise.all([aliceApp?.stop(), bobApp?.stop()]);
    await browser?.close();
    await synapse?.stop();
  });

  it('Alice starts an encrypted direct chat with Bob', async () => {
    await alice.getByRole('button', { name: 'Start a chat or create a room' }).click();
    await alice.getByRole('menuitem', { name: 'Start a direct chat' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Start a direct chat' });
    await dialog.getByLabel('Matrix ID').fill('@bob:localhost');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => alice.getByRole('heading', { name: 'Bob Builder', level: 1 }).isVisible(), SLOW).toBe(true);
    expect(await alice.getByText('Encrypted', { exact: true }).first().isVisible()).toBe(true);
  });

  it('Bob sees the invite without reloading and accepts it', async () => {
    const invite = rooms(bob).getByText('Alice Example').first();
    await expect.poll(() => invite.isVisible(), SLOW).toBe(true);
    await invite.click();
    await bob.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => bob.getByRole('heading', { name: 'Alice Example', level: 1 }).isVisible(), SLOW).toBe(true);
  });

  it('a message from Alice appears at Bob’s, decrypted, without a reload', async () => {
    await expect.poll(() => alice.getByText('Bob Builder joined the room').isVisible(), SLOW).toBe(true);
    await composer(alice).fill('Hello Bob, the **budget** is attached below.');
    await composer(alice).press('Enter');
    await expect.poll(() => timeline(bob).getByText('Hello Bob, the budget is attached below.').isVisible(), SLOW).toBe(true);
    expect(await timeline(bob).locator('strong', { hasText: 'budget' }).count()).toBe(1);
    // Alice's own copy is shown once, as the server's event, not twice (echo and event).
    await expect.poll(() => timeline(alice).getByText('Hello Bob, the budget is attached below.').count(), SLOW).toBe(1);
  });

  it('Bob answers and Alice reads it; both sides keep the order', async () => {
    await composer(bob).fill('Thanks Alice!');
    await composer(bob).press('Enter');
    await composer(bob).fill('I will review it today.');
    await composer(bob).press('Enter');
    await expect.poll(() => timeline(alice).getByText('I will review it today.').isVisible(), SLOW).toBe(true);
    const order = async (page: Page): Promise<string[]> =>
      (await timeline(page).getByRole('article').allInnerTexts()).join('\n').match(/Hello Bob|Thanks Alice!|I will review it today\./g) ?? [];
    expect(await order(alice)).toEqual(['Hello Bob', 'Thanks Alice!', 'I will review it today.']);
    expect(await order(bob)).toEqual(['Hello Bob', 'Thanks Alice!', 'I will review it today.']);
    await screenshot(alice, 'conversation-alice');
    await screenshot(bob, 'conversation-bob-dark');
    expectNoCspViolations(alice);
    expectNoCspViolations(bob);
  });

  it('Bob is not told of what he is reading, is notified with the decrypted text once he looks away, and the click brings him back', async () => {
    // Accepting Alice's invite recorded the chat in Bob's m.direct too: it is his direct chat, not a room.
    const direct = (await bobApp.core.handlers['rooms.list']({})).items.find((room) => room.isDirect);
    if (!direct) throw new Error('Bob’s Plenum does not list the chat as a direct chat');
    const decision = (eventText: string) => () => bobApp.notifications.decisions.find((entry) => entry.eventId === eventIdOf(eventText))?.outcome;
    const eventIdOf = (text: string): string | undefined => aliceSent.get(text);
    const aliceSent = new Map<string, string>();
    aliceApp.core.onEvent((name, payload) => {
      if (name !== 'outbox.patch') return;
      for (const patch of (payload as ListPatches<OutboxItem>).patches) {
        if ((patch.op === 'add' || patch.op === 'update') && patch.item.eventId) aliceSent.set(patch.item.body, patch.item.eventId);
      }
    });

    // Bob has the chat open in a focused window: the message shows, no notification.
    await bob.bringToFront();
    await composer(alice).fill('Are you reading this?');
    await composer(alice).press('Enter');
    await expect.poll(decision('Are you reading this?'), SLOW).toBe('focused');

    // Bob opens the settings; the chat is no longer on screen.
    await bob.keyboard.press('Control+Comma');
    await expect.poll(() => bob.getByRole('heading', { name: 'Settings' }).isVisible(), SLOW).toBe(true);
    await composer(alice).fill('The **deadline** moved to Friday.');
    await composer(alice).press('Enter');
    await expect.poll(decision('The **deadline** moved to Friday.'), SLOW).toBe('notified');
    const shown = bobApp.notifications.shown.at(-1);
    expect(shown).toMatchObject({ roomId: direct.id, title: 'Alice Example', body: 'The **deadline** moved to Friday.', silent: false });

    // What Electron's click handler does: the core asks the window for the room.
    bobApp.core.openRoom(shown?.roomId ?? '', shown?.eventId ?? null);
    await expect.poll(() => bob.getByRole('heading', { name: 'Alice Example', level: 1 }).isVisible(), SLOW).toBe(true);
    expect(await bob.getByRole('heading', { name: 'Settings' }).count()).toBe(0);
    await expect.poll(() => bobApp.notifications.cleared.includes(direct.id), SLOW).toBe(true);
    await screenshot(bob, 'conversation-bob-after-notification');
  });
});
