import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { MessageItem, TimelineItem, TimelinePatches } from '../../src/shared/model/timeline.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'message actions password';
const SERVICE = `plenum-message-actions-${process.pid}-${Date.now()}`;
const WAIT = { timeout: 15_000, interval: 50 } as const;

/** One window's rows as the renderer would hold them, following every patch. */
function followWindow(client: BridgeApi, windowId: string, initial: readonly TimelineItem[]) {
  let items = [...initial];
  const stop = client.on('timeline.patch', (update: TimelinePatches) => {
    if (update.windowId !== windowId) return;
    for (const patch of update.patches) {
      if (patch.op === 'reset') items = [...patch.items];
      else if (patch.op === 'add') items.push(patch.item);
      else if (patch.op === 'update') items = items.map((item) => (item.id === patch.item.id ? patch.item : item));
      else items = items.filter((item) => item.id !== patch.id);
    }
  });
  return { items: () => items, stop };
}

/**
 * Replies, edits, reactions and deletions through Alice's core (the one the app runs) against a
 * real Synapse, with Bob as a second real account on plain HTTP: what Alice does must reach the
 * server in the spec's form, and what Bob does (honest or not) must show at Alice's as it should.
 */
describe('replies, edits, reactions and deletions against Synapse', () => {
  let synapse: RunningSynapse;
  let alice: MatrixHttp;
  let bob: MatrixHttp;
  let aliceId = '';
  let aliceToken = '';
  let bobId = '';
  let roomId = '';
  let core: Core;
  let client: BridgeApi;
  let window: ReturnType<typeof followWindow>;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-message-actions-'));

  const item = (eventId: string): TimelineItem | undefined => window.items().find((entry) => entry.id === eventId);
  const messageItem = (eventId: string): MessageItem | undefined => {
    const found = item(eventId);
    return found?.kind === 'message' ? found : undefined;
  };
  const byBody = (body: string): MessageItem | undefined =>
    window.items().find((entry): entry is MessageItem => entry.kind === 'message' && entry.body === body);
  const invoke = async <T,>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> => {
    const settled = await result;
    if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
    return settled.value;
  };
  /** Alice's own message, sent through her outbox and seen back from the server. */
  async function aliceSays(body: string): Promise<MessageItem> {
    await invoke(client.invoke('messages.send', { roomId, body, markdown: false }));
    await expect.poll(() => byBody(body)?.id.startsWith('$'), WAIT).toBe(true);
    return byBody(body)!;
  }
  async function bobSays(content: Record<string, unknown>): Promise<string> {
    const eventId = await bob.send(roomId, content);
    await expect.poll(() => item(eventId) !== undefined, WAIT).toBe(true);
    return eventId;
  }

  beforeAll(async () => {
    assertKeyringAvailable();
    // As an institution's server would: its users may list rooms in the directory.
    synapse = await startSynapse({ extraConfig: { room_list_publication_rules: [{ action: 'allow' }] } });
    const a = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const b = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    aliceId = a.userId;
    aliceToken = a.accessToken;
    bobId = b.userId;
    alice = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    bob = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    roomId = await alice.createRoom({ name: 'Actions', preset: 'private_chat', invite: [b.userId] });
    await bob.join(roomId);

    core = createCore({
      secrets: createKeytarSecretStore(SERVICE),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum message actions test' },
      dataDir,
      cryptoDir: testCryptoDir(),
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    client = pair.client;
    await core.start();
    await invoke(client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD }));
    for (let waited = 0; !(await invoke(client.invoke('rooms.list', {}))).items.some((room) => room.id === roomId); waited += 100) {
      if (waited > 20_000) throw new Error('the room never reached the core');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const opened = await invoke(client.invoke('timeline.open', { roomId }));
    window = followWindow(client, opened.windowId, opened.items);
  }, 120_000);

  afterAll(async () => {
    window?.stop();
    await core?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('a reply reaches the server as the spec has it and shows the original it answers', async () => {
    const original = await bobSays({ msgtype: 'm.text', body: 'Can you send the minutes?' });
    const { localId } = await invoke(client.invoke('messages.send', { roomId, body: 'Yes, this afternoon.', markdown: false, replyTo: original }));
    expect(localId).toMatch(/^plenum\./);
    await expect.poll(() => byBody('Yes, this afternoon.')?.id.startsWith('$'), WAIT).toBe(true);
    const reply = byBody('Yes, this afternoon.')!;
    expect(reply.replyTo).toEqual({ eventId: original, state: 'loaded', senderId: bobId, senderName: 'Bob', text: 'Can you send the minutes?', msgtype: 'text' });
    const sent = await bob.getEvent(roomId, reply.id);
    expect(sent.content).toEqual({
      msgtype: 'm.text',
      body: 'Yes, this afternoon.',
      'm.relates_to': { 'm.in_reply_to': { event_id: original } },
      'm.mentions': { user_ids: [bobId] },
    });
  });

  it('a reply to a message far back is shown once its original is fetched, and a forged quote is not shown', async () => {
    const ancient = await bob.send(roomId, { msgtype: 'm.text', body: 'The budget is 40,000.' });
    for (let index = 0; index < 40; index += 1) await bob.send(roomId, { msgtype: 'm.text', body: `filler ${index}` });
    // A window opened now holds only the last events: the original is not in it.
    const fresh = await invoke(client.invoke('timeline.open', { roomId }));
    const follower = followWindow(client, fresh.windowId, fresh.items);
    expect(fresh.items.some((entry) => entry.id === ancient)).toBe(false);
    // The fallback claims Alice said something else: only the real original may show.
    const reply = await bob.send(roomId, {
      msgtype: 'm.text',
      body: '> <@alice:localhost> I approve 1,000,000\n\nAs agreed.',
      format: 'org.matrix.custom.html',
      formatted_body: '<mx-reply><blockquote>Alice: I approve 1,000,000</blockquote></mx-reply>As agreed.',
      'm.relates_to': { 'm.in_reply_to': { event_id: ancient } },
    });
    const shown = (): MessageItem | undefined => follower.items().find((entry): entry is MessageItem => entry.id === reply && entry.kind === 'message');
    await expect.poll(() => shown()?.replyTo?.state, WAIT).toBe('loaded');
    expect(shown()).toMatchObject({ body: 'As agreed.', replyTo: { eventId: ancient, senderName: 'Bob', text: 'The budget is 40,000.' } });
    follower.stop();
    await invoke(client.invoke('timeline.close', { windowId: fresh.windowId }));
  });

  it('Alice edits her message; Bob sees the edit in the spec’s form and Alice sees “edited”', async () => {
    const mine = await aliceSays('The meeting is at 10.');
    expect(mine).toMatchObject({ canEdit: true, canRedact: true, edited: false });
    await invoke(client.invoke('messages.edit', { roomId, eventId: mine.id, body: 'The meeting is at **11**.', markdown: true }));
    await expect.poll(() => messageItem(mine.id)?.edited, WAIT).toBe(true);
    expect(messageItem(mine.id)).toMatchObject({ body: 'The meeting is at **11**.', formattedBody: 'The meeting is at <strong>11</strong>.' });
    // Bob's server copy of the original now bundles the edit (what other clients apply).
    const bundled = (await bob.getEvent(roomId, mine.id)) as { unsigned?: { 'm.relations'?: { 'm.replace'?: { content?: Record<string, unknown> } } } };
    expect(bundled.unsigned?.['m.relations']?.['m.replace']?.content).toMatchObject({
      body: '* The meeting is at **11**.',
      'm.new_content': { msgtype: 'm.text', body: 'The meeting is at **11**.', formatted_body: 'The meeting is at <strong>11</strong>.' },
      'm.relates_to': { rel_type: 'm.replace', event_id: mine.id },
    });
    // No echo is left over as a message of its own.
    expect(window.items().filter((entry) => entry.kind === 'message' && entry.body.includes('meeting')).length).toBe(1);
  });

  it('nobody else can edit Alice’s message: Bob’s forged edit is ignored, and Alice cannot edit Bob’s', async () => {
    const mine = await aliceSays('Only I decide this.');
    await bob.send(roomId, {
      msgtype: 'm.text',
      body: '* Bob decides this.',
      'm.new_content': { msgtype: 'm.text', body: 'Bob decides this.' },
      'm.relates_to': { rel_type: 'm.replace', event_id: mine.id },
    });
    const marker = await bobSays({ msgtype: 'm.text', body: 'after the forged edit' });
    expect(item(marker)).toBeDefined();
    expect(messageItem(mine.id)).toMatchObject({ body: 'Only I decide this.', edited: false });
    const bobs = messageItem(marker)!;
    expect(bobs.canEdit).toBe(false);
    const refused = await client.invoke('messages.edit', { roomId, eventId: bobs.id, body: 'changed', markdown: false });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
  });

  it('reactions are counted by key with who reacted, and Alice’s own toggles', async () => {
    const mine = await aliceSays('Lunch on Friday?');
    await bob.send(roomId, { 'm.relates_to': { rel_type: 'm.annotation', event_id: mine.id, key: '👍' } }, 'm.reaction');
    await expect.poll(() => messageItem(mine.id)?.reactions, WAIT).toEqual([{ key: '👍', count: 1, mine: false, senders: ['Bob'] }]);
    expect(await invoke(client.invoke('messages.react', { roomId, eventId: mine.id, key: '👍' }))).toEqual({ reacted: true });
    await expect.poll(() => messageItem(mine.id)?.reactions, WAIT).toEqual([{ key: '👍', count: 2, mine: true, senders: ['Bob', 'Alice'] }]);
    // Taken back: a redaction of Alice's reaction, and the count drops.
    expect(await invoke(client.invoke('messages.react', { roomId, eventId: mine.id, key: '👍' }))).toEqual({ reacted: false });
    await expect.poll(() => messageItem(mine.id)?.reactions, WAIT).toEqual([{ key: '👍', count: 1, mine: false, senders: ['Bob'] }]);
    // Unencrypted room or not, a reaction goes in the clear with the relation the server aggregates.
    const bundled = (await bob.getEvent(roomId, mine.id)) as { unsigned?: Record<string, unknown> };
    expect(JSON.stringify(bundled.unsigned ?? {})).not.toContain('Alice');
  });

  it('deletion: Alice deletes her own, and as the room’s admin Bob’s; Bob may delete only his own', async () => {
    const mine = await aliceSays('Wrong room, sorry.');
    await invoke(client.invoke('messages.redact', { roomId, eventId: mine.id }));
    await expect.poll(() => item(mine.id)?.kind, WAIT).toBe('redacted');

    const bobs = await bobSays({ msgtype: 'm.text', body: 'spam spam spam' });
    expect(messageItem(bobs)?.canRedact).toBe(true);
    await invoke(client.invoke('messages.redact', { roomId, eventId: bobs, reason: 'spam' }));
    await expect.poll(() => item(bobs)?.kind, WAIT).toBe('redacted');
    const redacted = (await bob.getEvent(roomId, bobs)) as { unsigned?: { redacted_because?: { sender?: string; content?: { reason?: string } } } };
    expect(redacted.unsigned?.redacted_because).toMatchObject({ sender: aliceId, content: { reason: 'spam' } });

    // In Bob's own room Alice has no redact power: his messages are not hers to delete.
    const bobsRoom = await bob.createRoom({ name: 'Bob’s room', preset: 'private_chat', invite: [aliceId] });
    await invoke(client.invoke('rooms.join', { roomId: bobsRoom }));
    const his = await bob.send(bobsRoom, { msgtype: 'm.text', body: 'mine to keep' });
    const other = await invoke(client.invoke('timeline.open', { roomId: bobsRoom }));
    const follower = followWindow(client, other.windowId, other.items);
    await expect.poll(() => follower.items().find((entry) => entry.id === his), WAIT).toMatchObject({ kind: 'message', canRedact: false, canEdit: false });
    const refused = await client.invoke('messages.redact', { roomId: bobsRoom, eventId: his });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    follower.stop();
  });

  it('hostile relations render inert: bad IDs, huge and prototype keys, malformed content', async () => {
    const target = await aliceSays('Target of hostile relations');
    const badReply = await bobSays({ msgtype: 'm.text', body: 'bad reply', 'm.relates_to': { 'm.in_reply_to': { event_id: 'javascript:alert(1)' } } });
    expect(messageItem(badReply)?.replyTo).toBeNull();
    // JSON.parse, not a literal: only then is "__proto__" a key of the content sent, as a hostile client would send it.
    const protoContent = JSON.parse(
      `{"msgtype": "m.text", "body": "proto", "__proto__": {"polluted": true}, "m.relates_to": {"m.in_reply_to": {"__proto__": {"event_id": "${target.id}"}}}}`,
    ) as Record<string, unknown>;
    const protoReply = await bobSays(protoContent);
    expect(messageItem(protoReply)).toMatchObject({ body: 'proto', replyTo: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await bob.send(roomId, { 'm.relates_to': { rel_type: 'm.annotation', event_id: target.id, key: '__proto__' } }, 'm.reaction');
    // Synapse refuses keys over 500 bytes; 400 is far more than a reaction button can show.
    await bob.send(roomId, { 'm.relates_to': { rel_type: 'm.annotation', event_id: target.id, key: 'x'.repeat(400) } }, 'm.reaction');
    // An edit without new content would blank the message; one with an object body would crash a naive renderer.
    await bob.send(roomId, { msgtype: 'm.text', body: '* x', 'm.relates_to': { rel_type: 'm.replace', event_id: badReply } });
    await bob.send(roomId, { msgtype: 'm.text', body: '* y', 'm.new_content': { msgtype: 'm.text', body: { evil: true } }, 'm.relates_to': { rel_type: 'm.replace', event_id: protoReply } });
    await expect.poll(() => messageItem(target.id)?.reactions.length, WAIT).toBe(1);
    // Cut to what a button can show. matrix-js-sdk 43 keeps reactions by key in a plain object, so a
    // key named like an Object.prototype member ("__proto__", "toString") fails to aggregate there
    // and is dropped (logged, nothing polluted); docs/conversation.md has the details.
    expect(messageItem(target.id)!.reactions.map((group) => group.key)).toEqual(['x'.repeat(64)]);
    expect(messageItem(badReply)).toMatchObject({ body: 'bad reply', edited: false });
    expect(messageItem(protoReply)).toMatchObject({ body: 'proto', edited: false });
    // The window still follows the room.
    const after = await bobSays({ msgtype: 'm.text', body: 'still alive' });
    expect(messageItem(after)?.body).toBe('still alive');
  });

  it('per-room notification modes and keywords are the account’s push rules, and the server counts by them', async () => {
    const quietRoom = await bob.createRoom({ name: 'Quiet', preset: 'private_chat', invite: [aliceId] });
    await invoke(client.invoke('rooms.join', { roomId: quietRoom }));
    const summary = async () => (await invoke(client.invoke('rooms.list', {}))).items.find((room) => room.id === quietRoom);
    await expect.poll(async () => (await summary())?.notificationMode, WAIT).toBe('all');
    const serverRules = async () =>
      (await (await fetch(`${synapse.baseUrl}/_matrix/client/v3/pushrules/`, { headers: { Authorization: `Bearer ${aliceToken}` } })).json()) as {
        global: { override: { rule_id: string; actions: unknown[] }[]; room: { rule_id: string }[]; content: { rule_id: string; pattern: string }[] };
      };

    await invoke(client.invoke('rooms.setNotificationMode', { roomId: quietRoom, mode: 'mute' }));
    await expect.poll(async () => (await summary())?.notificationMode, WAIT).toBe('mute');
    expect((await serverRules()).global.override.find((rule) => rule.rule_id === quietRoom)?.actions).toEqual([]);
    await bob.send(quietRoom, { msgtype: 'm.text', body: 'nobody hears this, Alice' });
    const marker = await bob.send(quietRoom, { msgtype: 'm.text', body: 'muted marker' });
    await expect.poll(async () => (await summary())?.lastMessage?.text, WAIT).toBe('muted marker');
    expect(await summary()).toMatchObject({ unread: 0, highlights: 0 });
    expect(marker).toMatch(/^\$/);

    // Mentions and keywords: a plain message stays quiet, a keyword notifies and highlights.
    await invoke(client.invoke('rooms.setNotificationMode', { roomId: quietRoom, mode: 'mentions' }));
    expect(await invoke(client.invoke('notifications.setKeywords', { keywords: ['budget', ' budget ', 'minutes'] }))).toEqual({ keywords: ['budget', 'minutes'] });
    await expect.poll(async () => (await summary())?.notificationMode, WAIT).toBe('mentions');
    expect((await serverRules()).global.override.some((rule) => rule.rule_id === quietRoom)).toBe(false);
    expect((await serverRules()).global.room.some((rule) => rule.rule_id === quietRoom)).toBe(true);
    await bob.send(quietRoom, { msgtype: 'm.text', body: 'just chatting' });
    await bob.send(quietRoom, { msgtype: 'm.text', body: 'the budget is ready' });
    await expect.poll(async () => (await summary())?.lastMessage?.text, WAIT).toBe('the budget is ready');
    await expect.poll(async () => (await summary())?.highlights, WAIT).toBe(1);
    expect((await summary())?.unread).toBe(1);
    await expect.poll(async () => (await invoke(client.invoke('notifications.getKeywords', {}))).keywords, WAIT).toEqual(['budget', 'minutes']);
    expect(await invoke(client.invoke('notifications.setKeywords', { keywords: ['minutes'] }))).toEqual({ keywords: ['minutes'] });
    expect((await serverRules()).global.content.map((rule) => rule.pattern)).not.toContain('budget');

    // Back to all messages: no rule of the room's own is left.
    await invoke(client.invoke('rooms.setNotificationMode', { roomId: quietRoom, mode: 'all' }));
    await expect.poll(async () => (await summary())?.notificationMode, WAIT).toBe('all');
    const rules = await serverRules();
    expect([...rules.global.override, ...rules.global.room].some((rule) => rule.rule_id === quietRoom)).toBe(false);
    const refused = await client.invoke('rooms.setNotificationMode', { roomId: '!unknown:localhost', mode: 'mute' });
    expect(refused.ok ? null : refused.error.code).toBe('NOT_FOUND');
  });

  it('room settings, roles and moderation follow the power levels, and the server gets them', async () => {
    const { roomId: teamRoom } = await invoke(client.invoke('rooms.create', { name: 'Team', topic: '', encrypted: false, visibility: 'private' }));
    await invoke(client.invoke('rooms.invite', { roomId: teamRoom, userId: bobId }));
    await bob.join(teamRoom);
    const serverState = async (type: string, stateKey = ''): Promise<Record<string, unknown>> =>
      (await (
        await fetch(`${synapse.baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(teamRoom)}/state/${type}/${encodeURIComponent(stateKey)}`, {
          headers: { Authorization: `Bearer ${aliceToken}` },
        })
      ).json()) as Record<string, unknown>;

    const before = await invoke(client.invoke('rooms.settings', { roomId: teamRoom }));
    // Synapse makes version 12 rooms: their creator is above every level.
    expect(before).toMatchObject({ name: 'Team', joinRule: 'invite', encrypted: false, myPowerLevel: 100, creator: true });
    expect(Object.values(before.may).every(Boolean)).toBe(true);
    const after = await invoke(
      client.invoke('rooms.updateSettings', { roomId: teamRoom, name: 'Team North', topic: 'Weekly planning', joinRule: 'public', historyVisibility: 'joined', encrypted: true }),
    );
    expect(await serverState('m.room.name')).toEqual({ name: 'Team North' });
    expect(await serverState('m.room.join_rules')).toEqual({ join_rule: 'public' });
    expect(await serverState('m.room.history_visibility')).toEqual({ history_visibility: 'joined' });
    expect(await serverState('m.room.encryption')).toEqual({ algorithm: 'm.megolm.v1.aes-sha2' });
    expect(after.may.enableEncryption).toBe(false);

    await invoke(client.invoke('rooms.setPowerLevel', { roomId: teamRoom, userId: bobId, level: 50 }));
    expect(((await serverState('m.room.power_levels')).users as Record<string, number>)[bobId]).toBe(50);
    await expect.poll(async () => (await invoke(client.invoke('rooms.members', { roomId: teamRoom }))).members.find((m) => m.userId === bobId)?.powerLevel, WAIT).toBe(50);
    await invoke(client.invoke('rooms.moderate', { roomId: teamRoom, userId: bobId, action: 'ban', reason: 'test' }));
    expect((await serverState('m.room.member', bobId)).membership).toBe('ban');
    await expect.poll(async () => (await invoke(client.invoke('rooms.members', { roomId: teamRoom }))).members.find((m) => m.userId === bobId)?.membership, WAIT).toBe('ban');
    await invoke(client.invoke('rooms.moderate', { roomId: teamRoom, userId: bobId, action: 'unban' }));
    expect((await serverState('m.room.member', bobId)).membership).toBe('leave');

    // In Bob's room Alice is a plain member: nothing is hers to change, and main refuses before the server would.
    const bobsRoom = await bob.createRoom({ name: 'Bob’s rules', preset: 'private_chat', invite: [aliceId] });
    await invoke(client.invoke('rooms.join', { roomId: bobsRoom }));
    await expect.poll(async () => (await client.invoke('rooms.settings', { roomId: bobsRoom })).ok, WAIT).toBe(true);
    const limited = await invoke(client.invoke('rooms.settings', { roomId: bobsRoom }));
    expect(limited.may).toMatchObject({ setName: false, setJoinRule: false, kick: false, ban: false, changeRoles: false });
    for (const attempt of [
      client.invoke('rooms.updateSettings', { roomId: bobsRoom, name: 'Mine now' }),
      client.invoke('rooms.moderate', { roomId: bobsRoom, userId: bobId, action: 'kick' }),
      client.invoke('rooms.setPowerLevel', { roomId: bobsRoom, userId: aliceId, level: 100 }),
    ]) {
      const refused = await attempt;
      expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    }
  });

  it('the public directory finds a listed room, which joins by its address', async () => {
    const listedId = await bob.createRoom({ name: 'Open data', preset: 'public_chat', room_alias_name: 'open-data', visibility: 'public', topic: 'Datasets' });
    const found = await invoke(client.invoke('rooms.directory', { query: 'open data' }));
    expect(found.rooms).toEqual([{ roomId: listedId, name: 'Open data', topic: 'Datasets', alias: '#open-data:localhost', avatarMxc: null, memberCount: 1, joined: false }]);
    expect((await invoke(client.invoke('rooms.directory', { query: 'nothing like this' }))).rooms).toEqual([]);
    expect(await invoke(client.invoke('rooms.joinByAddress', { address: '#open-data:localhost' }))).toEqual({ roomId: listedId });
    const missing = await client.invoke('rooms.joinByAddress', { address: '#no-such-room:localhost' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});
