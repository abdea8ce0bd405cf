import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationDecision, NotificationRequest, Notifier, UnreadCounts } from '../../src/main/core/ports.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'notifications password';
const SERVICE = `plenum-notifications-${process.pid}-${Date.now()}`;
const SLOW = { timeout: 30_000 } as const;

/** What the OS would have been asked to show, in order, and every decision the engine made. */
function recordingNotifier() {
  const shown: NotificationRequest[] = [];
  const cleared: string[] = [];
  const decisions: NotificationDecision[] = [];
  const notifier: Notifier = {
    show: (request) => void shown.push(request),
    clear: (roomId) => void cleared.push(roomId),
    recordDecision: (decision) => void decisions.push(decision),
  };
  return { notifier, shown, cleared, decisions, outcomeOf: (eventId: string) => decisions.find((decision) => decision.eventId === eventId)?.outcome };
}

/**
 * The notification engine against a real Synapse: Bob (plain HTTP, or a matrix-js-sdk peer with
 * Rust crypto) writes; Alice's core decides with her real push rules what her desktop shows.
 */
describe('desktop notifications decided by the core', () => {
  let synapse: RunningSynapse;
  let aliceUser: RegisteredUser;
  let aliceApi: MatrixHttp;
  let bobApi: MatrixHttp;
  let session: CoreSession;
  let offline = false;
  const inFlight = new Set<AbortController>();
  /** Pulls the cable: requests under way fail at once (not at the end of a 30 s long poll), new ones too. */
  const goOffline = (): void => {
    offline = true;
    for (const controller of inFlight) controller.abort(new TypeError('fetch failed'));
  };
  const cableFetch: typeof fetch = async (input, init) => {
    if (offline) throw new TypeError('fetch failed');
    const controller = new AbortController();
    init?.signal?.addEventListener('abort', () => controller.abort(init.signal?.reason));
    inFlight.add(controller);
    try {
      return await fetch(input, { ...init, signal: controller.signal });
    } finally {
      inFlight.delete(controller);
    }
  };
  const unread: UnreadCounts[] = [];
  const recorder = recordingNotifier();
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-notifications-'));

  /** A room Bob made and Alice joined, visible in Alice's room list. */
  async function sharedRoom(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const roomId = await bobApi.createRoom({ name, preset: 'private_chat', invite: [aliceUser.userId], ...extra });
    await aliceApi.join(roomId);
    await expect.poll(() => session.rooms.get(roomId)?.membership, SLOW).toBe('join');
    return roomId;
  }

  /** Waits until the engine has decided on this event, and says how. */
  async function decided(eventId: string): Promise<string | undefined> {
    await expect.poll(() => recorder.outcomeOf(eventId), SLOW).toBeDefined();
    return recorder.outcomeOf(eventId);
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    aliceUser = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const bob = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    aliceApi = matrixHttp(synapse.baseUrl, aliceUser.accessToken, aliceUser.userId);
    bobApi = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
    session = await startCoreSession({
      service: SERVICE,
      dataDir,
      cryptoDir: testCryptoDir(),
      notifier: recorder.notifier,
      unread: { set: (counts) => void unread.push(counts) },
      fetch: cableFetch,
    });
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    await session.call('ui.setView', { activeRoomId: null, windowFocused: false });
  });

  afterAll(async () => {
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('notifies of a mention from another person, with who and what', async () => {
    const roomId = await sharedRoom('Budget');
    const eventId = await bobApi.send(roomId, { msgtype: 'm.text', body: 'Alice, can you check the figures?', 'm.mentions': { user_ids: [aliceUser.userId] } });
    expect(await decided(eventId)).toBe('notified');
    expect(recorder.shown.at(-1)).toMatchObject({ tag: roomId, roomId, eventId, title: 'Bob in Budget', body: 'Alice, can you check the figures?' });
    // The badge counts it as a mention, as the room list does.
    await expect.poll(() => unread.at(-1)?.highlights, SLOW).toBeGreaterThanOrEqual(1);
  });

  it('stays silent for a room the user muted with a push rule', async () => {
    const roomId = await sharedRoom('Chatter');
    // Element's "mute": an override rule for the room with no actions.
    await aliceApi.setPushRule('override', roomId, { conditions: [{ kind: 'event_match', key: 'room_id', pattern: roomId }], actions: [] });
    const shownBefore = recorder.shown.length;
    const eventId = await bobApi.send(roomId, { msgtype: 'm.text', body: 'lunch anyone?' });
    expect(await decided(eventId)).toBe('push-rules');
    expect(recorder.shown.length).toBe(shownBefore);
  });

  it('notifies of a keyword in a room set to "mentions and keywords", and not of the rest', async () => {
    const roomId = await sharedRoom('Procurement');
    await aliceApi.setPushRule('room', roomId, { actions: [] });
    await aliceApi.setPushRule('content', 'tender', { pattern: 'tender', actions: ['notify', { set_tweak: 'highlight' }] });
    const plain = await bobApi.send(roomId, { msgtype: 'm.text', body: 'the coffee machine is fixed' });
    expect(await decided(plain)).toBe('push-rules');
    const keyword = await bobApi.send(roomId, { msgtype: 'm.text', body: 'the tender closes on Monday' });
    expect(await decided(keyword)).toBe('notified');
    expect(recorder.shown.at(-1)).toMatchObject({ eventId: keyword, body: 'the tender closes on Monday' });
  });

  it('does not notify for the room open in a focused window, and takes its notifications back', async () => {
    const roomId = await sharedRoom('Open on screen');
    const first = await bobApi.send(roomId, { msgtype: 'm.text', body: 'before you looked' });
    expect(await decided(first)).toBe('notified');
    await session.call('ui.setView', { activeRoomId: roomId, windowFocused: true });
    expect(recorder.cleared).toContain(roomId);
    const second = await bobApi.send(roomId, { msgtype: 'm.text', body: 'while you look' });
    expect(await decided(second)).toBe('focused');
    // The same room in a window in the background does notify.
    await session.call('ui.setView', { activeRoomId: roomId, windowFocused: false });
    const third = await bobApi.send(roomId, { msgtype: 'm.text', body: 'after you switched away' });
    expect(await decided(third)).toBe('notified');
    await session.call('ui.setView', { activeRoomId: null, windowFocused: false });
  });

  it('turns a burst from one room into one updating notification', async () => {
    const roomId = await sharedRoom('Busy');
    const ids: string[] = [];
    for (let i = 1; i <= 6; i += 1) ids.push(await bobApi.send(roomId, { msgtype: 'm.text', body: `point ${i}` }));
    await Promise.all(ids.map(decided));
    // The invitation to the room was a notification of its own; these are the messages'.
    const forRoom = recorder.shown.filter((request) => request.roomId === roomId && ids.includes(request.eventId ?? ''));
    // Every one carries the room's tag, so each replaces the one before: one notification on screen,
    // and only the first rings; the rest update it quietly.
    expect(new Set(forRoom.map((request) => request.tag))).toEqual(new Set([roomId]));
    // (At most once: the invitation moments before may already have rung for the room.)
    expect(forRoom.filter((request) => !request.silent).length).toBeLessThanOrEqual(1);
    expect(forRoom.filter((request) => request.silent).length).toBeGreaterThanOrEqual(forRoom.length - 1);
    expect(forRoom.length).toBeGreaterThanOrEqual(1);
    expect(forRoom.at(-1)?.body).toMatch(/^\d new messages, the latest from Bob: point 6$/);
  });

  it('sums up 200 messages that arrived while offline in one notification, not 200', async () => {
    const roomId = await sharedRoom('While you were away');
    await session.core.notificationsIdle();
    goOffline();
    await expect.poll(async () => (await session.call('sync.status', {})).state, SLOW).toBe('offline');
    const shownBefore = recorder.shown.length;
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 1) ids.push(await bobApi.send(roomId, { msgtype: 'm.text', body: `update ${i}` }));
    offline = false;
    await expect.poll(async () => (await session.call('sync.status', {})).state, { timeout: 60_000 }).toBe('syncing');
    await expect.poll(() => recorder.decisions.some((decision) => decision.roomId === roomId), SLOW).toBe(true);
    await session.core.notificationsIdle();
    const after = recorder.shown.slice(shownBefore);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ tag: 'plenum:catch-up', roomId, eventId: null, title: 'Plenum', body: '200 new messages in 1 conversation' });
    // A limited sync delivers only the newest of the 200; each of those is summarised, none announced.
    const sent = new Set(ids);
    const outcomes = recorder.decisions.filter((decision) => sent.has(decision.eventId)).map((decision) => decision.outcome);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['summarised']));
  }, 120_000);

  it('hides sender and text when message previews are off', async () => {
    const roomId = await sharedRoom('Personnel');
    await session.call('preferences.set', { showMessagePreviews: false });
    const eventId = await bobApi.send(roomId, { msgtype: 'm.text', body: 'the salary review is confidential' });
    expect(await decided(eventId)).toBe('notified');
    const request = recorder.shown.at(-1);
    expect(request).toMatchObject({ eventId, title: 'Plenum', body: 'You have a new message', iconMxc: null });
    expect(JSON.stringify(request)).not.toMatch(/salary|Bob|Personnel/);
    await session.call('preferences.set', { showMessagePreviews: true });
  });

  it('says nothing at all in do-not-disturb', async () => {
    const roomId = await sharedRoom('Quiet hours');
    await session.call('preferences.set', { doNotDisturb: true });
    const shownBefore = recorder.shown.length;
    const eventId = await bobApi.send(roomId, { msgtype: 'm.text', body: 'are you there?' });
    expect(await decided(eventId)).toBe('do-not-disturb');
    expect(recorder.shown.length).toBe(shownBefore);
    await session.call('preferences.set', { doNotDisturb: false });
  });

  it('shows the decrypted text of an encrypted message', async () => {
    const peer: SdkPeer = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('carol', PASSWORD, { displayName: 'Carol' }));
    try {
      const { room_id: roomId } = await peer.client.createRoom({
        name: 'Board',
        invite: [aliceUser.userId],
        initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
      });
      await aliceApi.join(roomId);
      await expect.poll(() => peer.client.getRoom(roomId)?.getMember(aliceUser.userId)?.membership, SLOW).toBe('join');
      const { event_id: eventId } = await peer.client.sendTextMessage(roomId, 'the merger is approved');
      expect(await decided(eventId)).toBe('notified');
      expect(recorder.shown.at(-1)).toMatchObject({ eventId, title: 'Carol in Board', body: 'the merger is approved' });
    } finally {
      peer.stop();
    }
  });

  it('tells of an invitation, with who invited the user and where', async () => {
    const roomId = await bobApi.createRoom({ name: 'Steering group', preset: 'private_chat', invite: [aliceUser.userId] });
    await expect.poll(() => recorder.shown.find((request) => request.roomId === roomId), SLOW).toMatchObject({
      tag: roomId,
      title: 'Bob',
      body: 'Invited you to “Steering group”',
    });
    expect(recorder.decisions.find((decision) => decision.roomId === roomId)?.outcome).toBe('notified');
    // It stays on screen while unanswered (an invite has no unread count to clear it), and goes once accepted.
    await bobApi.send((await sharedRoom('Elsewhere')), { msgtype: 'm.text', body: 'a sync or two later' });
    expect(recorder.cleared).not.toContain(roomId);
    await aliceApi.join(roomId);
    await expect.poll(() => recorder.cleared.includes(roomId), SLOW).toBe(true);
  });

  it('never notifies of the user’s own messages', async () => {
    const roomId = await sharedRoom('Mine');
    const { localId } = await session.call('messages.send', { roomId, body: 'my own words', markdown: false });
    await expect.poll(() => session.items.get(localId)?.state, SLOW).toBe('sent');
    const eventId = session.items.get(localId)?.eventId ?? '';
    expect(await decided(eventId)).toBe('own');
  });
});
