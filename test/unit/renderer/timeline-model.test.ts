import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers } from '../../../src/shared/ipc/types.ts';
import type { OutboxItem } from '../../../src/shared/model/outbox.ts';
import type { MessageItem, StateItem, TimelineItem } from '../../../src/shared/model/timeline.ts';
import { OutboxModel } from '../../../src/renderer/state/outbox.svelte.ts';
import { TimelineModel } from '../../../src/renderer/state/timeline.svelte.ts';
import { buildRows, GROUP_WINDOW_MS, newestEventId, reachesCreation } from '../../../src/renderer/views/room/timeline-rows.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

const ROOM = '!room:example.org';
const T0 = new Date(2026, 10, 24, 9, 0).getTime();

function message(id: string, ts: number, senderId = '@bob:example.org', body = id): MessageItem {
  return { id, kind: 'message', msgtype: 'text', body, formattedBody: null, media: null, encrypted: false, edited: false, replyTo: null, reactions: [], thread: null, highlight: false, canEdit: false, canRedact: false, senderId, senderName: senderId.slice(1, 4), senderAvatarMxc: null, ts };
}

/** A scripted main side behind the real bridge, recording the commands the model sends. */
function scriptedMain(overrides: Partial<Handlers> = {}) {
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  const calls: { name: string; payload: unknown }[] = [];
  let windows = 0;
  const record =
    <N extends keyof Handlers>(name: N, handler: Handlers[N]): Handlers[N] =>
    (async (payload: never) => {
      calls.push({ name, payload });
      return (handler as (p: never) => unknown)(payload);
    }) as Handlers[N];
  const base = stubHandlers({
    'timeline.open': async ({ roomId }) => {
      windows += 1;
      const windowId = `00000000-0000-4000-8000-00000000000${windows}`;
      return { windowId, roomId, readMarkerEventId: '$2', seq: 0, items: [message('$1', T0), message('$2', T0 + 1000)], hasMoreBefore: true };
    },
    ...overrides,
  });
  const handlers = { ...base };
  for (const name of ['timeline.open', 'timeline.close', 'timeline.paginate', 'timeline.markRead', 'outbox.list', 'messages.retry'] as const) {
    (handlers as Record<string, unknown>)[name] = record(name, base[name] as never);
  }
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers, onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => listener?.(name, payload);
  const named = (name: string) => calls.filter((call) => call.name === name);
  return { client, emit, calls, named };
}

const windowOf = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;
const ids = (items: readonly TimelineItem[]): string[] => items.map((item) => item.id);

describe('TimelineModel', () => {
  it('opens a window and applies its add, update and remove patches in order', async () => {
    const main = scriptedMain();
    const model = new TimelineModel(main.client, ROOM);
    expect(model.loading).toBe(true);
    await model.start();
    expect(model.loading).toBe(false);
    expect(ids(model.items)).toEqual(['$1', '$2']);
    expect(model.readMarkerEventId).toBe('$2');
    expect(model.lastChange).toBe('load');

    main.emit('timeline.patch', { windowId: windowOf(1), seq: 1, hasMoreBefore: true, patches: [{ op: 'add', item: message('$3', T0 + 2000) }] });
    await expect.poll(() => ids(model.items)).toEqual(['$1', '$2', '$3']);
    expect(model.lastChange).toBe('append');
    expect(ids(model.appended)).toEqual(['$3']);

    main.emit('timeline.patch', {
      windowId: windowOf(1),
      seq: 2,
      hasMoreBefore: true,
      patches: [{ op: 'update', item: { ...message('$2', T0 + 1000), kind: 'redacted' } as TimelineItem }, { op: 'remove', id: '$1' }],
    });
    await expect.poll(() => ids(model.items)).toEqual(['$2', '$3']);
    expect(model.items[0]?.kind).toBe('redacted');
    expect(model.appended).toEqual([]);
    model.dispose();
  });

  it('ignores patches for other windows and reopens the window on a sequence gap', async () => {
    const main = scriptedMain();
    const model = new TimelineModel(main.client, ROOM);
    await model.start();
    main.emit('timeline.patch', { windowId: 'another-window', seq: 1, hasMoreBefore: true, patches: [{ op: 'add', item: message('$x', T0) }] });
    main.emit('timeline.patch', { windowId: windowOf(1), seq: 3, hasMoreBefore: true, patches: [{ op: 'add', item: message('$9', T0) }] });

    await expect.poll(() => main.named('timeline.open').length).toBe(2);
    expect(main.named('timeline.close').map((call) => call.payload)).toEqual([{ windowId: windowOf(1) }]);
    await expect.poll(() => model.lastChange).toBe('reset');
    expect(ids(model.items)).toEqual(['$1', '$2']);
    // The marker stays where it was when the room was first opened.
    expect(model.readMarkerEventId).toBe('$2');

    // The new window's patches count from its own sequence.
    main.emit('timeline.patch', { windowId: windowOf(2), seq: 1, hasMoreBefore: true, patches: [{ op: 'add', item: message('$3', T0) }] });
    await expect.poll(() => ids(model.items)).toEqual(['$1', '$2', '$3']);
    model.dispose();
    await expect.poll(() => main.named('timeline.close').length).toBe(2);
  });

  it('paginates once at a time, recognises the prepended page and stops at the beginning', async () => {
    let answer: (() => void) | undefined;
    const main = scriptedMain({
      'timeline.paginate': ({ windowId }) =>
        new Promise((resolve) => {
          answer = () => {
            main.emit('timeline.patch', { windowId, seq: 1, hasMoreBefore: false, patches: [{ op: 'reset', items: [message('$a', T0 - 2000), message('$b', T0 - 1000), message('$1', T0), message('$2', T0 + 1000)] }] });
            resolve({ hasMoreBefore: false });
          };
        }),
    });
    const model = new TimelineModel(main.client, ROOM);
    await model.start();
    const first = model.paginate();
    const second = model.paginate();
    expect(model.paginating).toBe(true);
    await expect.poll(() => answer !== undefined).toBe(true);
    answer?.();
    await Promise.all([first, second]);
    expect(main.named('timeline.paginate')).toEqual([{ name: 'timeline.paginate', payload: { windowId: windowOf(1), limit: 40 } }]);
    expect(ids(model.items)).toEqual(['$a', '$b', '$1', '$2']);
    expect(model.lastChange).toBe('prepend');
    expect(model.hasMoreBefore).toBe(false);
    expect(model.paginating).toBe(false);

    await model.paginate();
    expect(main.named('timeline.paginate')).toHaveLength(1);
    model.dispose();
  });

  it('sends each read receipt once, never for a local echo, and keeps open failures as an error', async () => {
    const main = scriptedMain();
    const model = new TimelineModel(main.client, ROOM);
    await model.start();
    await model.markRead('$2');
    await model.markRead('$2');
    await model.markRead('plenum.0123456789abcdef');
    expect(main.named('timeline.markRead').map((call) => call.payload)).toEqual([{ roomId: ROOM, eventId: '$2' }]);
    model.dispose();

    const failing = scriptedMain({ 'timeline.open': async () => Promise.reject(new Error('boom')) });
    const broken = new TimelineModel(failing.client, ROOM);
    await broken.start();
    expect(broken.error?.code).toBe('INTERNAL');
    expect(broken.items).toEqual([]);
  });
});

function echo(localId: string, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return { localId, roomId: ROOM, body: localId, formattedBody: null, attachment: null, state: 'sending', error: null, createdAt: T0 + 5000, nextAttemptAt: null, eventId: null, relation: null, ...overrides };
}

describe('OutboxModel', () => {
  it('lists a room’s echoes oldest first and hides one whose event the timeline already shows', async () => {
    const main = scriptedMain({
      'outbox.list': async () => ({
        seq: 4,
        items: [echo('plenum.b', { createdAt: T0 + 9000 }), echo('plenum.a', { state: 'sent', eventId: '$2' }), echo('plenum.c', { roomId: '!other:example.org' })],
      }),
    });
    const outbox = new OutboxModel(main.client);
    await outbox.start();
    expect(outbox.forRoom(ROOM, new Set()).map((item) => item.localId)).toEqual(['plenum.a', 'plenum.b']);
    expect(outbox.forRoom(ROOM, new Set(['$1', '$2'])).map((item) => item.localId)).toEqual(['plenum.b']);

    main.emit('outbox.patch', { seq: 5, patches: [{ op: 'update', item: echo('plenum.b', { state: 'failed', error: 'FORBIDDEN', createdAt: T0 + 9000 }) }, { op: 'remove', id: 'plenum.a' }] });
    await expect.poll(() => outbox.forRoom(ROOM, new Set()).map((item) => `${item.localId}:${item.state}`)).toEqual(['plenum.b:failed']);

    // A gap re-reads the list rather than guessing.
    main.emit('outbox.patch', { seq: 9, patches: [] });
    await expect.poll(() => main.named('outbox.list').length).toBe(2);
    outbox.dispose();
  });
});

describe('timeline rows', () => {
  const bob = '@bob:example.org';
  const alice = '@alice:example.org';

  it('groups a sender’s messages within a few minutes and separates days', () => {
    const nextDay = T0 + 24 * 60 * 60 * 1000;
    const rows = buildRows({
      items: [message('$1', T0, bob), message('$2', T0 + 60_000, bob), message('$3', T0 + 60_000 + GROUP_WINDOW_MS, bob), message('$4', T0 + 7 * 60_000 + GROUP_WINDOW_MS, alice), message('$5', nextDay, alice)],
      echoes: [],
      userId: alice,
      readMarkerEventId: null,
      atBeginning: false,
    });
    expect(rows.map((row) => `${row.key}${row.continuation ? '+' : ''}${row.dayAfter === null ? '' : `|day ${row.dayAfter === nextDay}`}`)).toEqual(['$1', '$2+', '$3', '$4|day true', '$5']);
  });

  it('puts the new-messages marker after the read event only when newer events follow, and echoes last', () => {
    const items = [message('$1', T0, bob), message('$2', T0 + 1000, bob), message('$3', T0 + 2000, bob)];
    const kinds = (readMarkerEventId: string | null, echoes: OutboxItem[] = []) =>
      buildRows({ items, echoes, userId: alice, readMarkerEventId, atBeginning: false }).map((row) => `${row.key}${row.continuation ? '+' : ''}${row.markerAfter ? '|new' : ''}`);
    expect(kinds('$2')).toEqual(['$1', '$2+|new', '$3']);
    expect(kinds('$3')).toEqual(['$1', '$2+', '$3+']);
    expect(kinds(null, [echo('plenum.x')])).toEqual(['$1', '$2+', '$3+', 'plenum.x']);
    expect(kinds('$unknown')).toEqual(['$1', '$2+', '$3+']);
    const begun = buildRows({ items, echoes: [], userId: alice, readMarkerEventId: null, atBeginning: true });
    expect(begun.map((row) => row.key)).toEqual(['beginning', '$1', '$2', '$3']);
    expect(begun[0]?.dayAfter).toBe(T0);
    expect(newestEventId([...items, { ...message('plenum.local', T0 + 3000) }])).toBe('$3');
  });

  it('folds the room’s creation and its creator’s first settings into one row', () => {
    const state = (id: string, senderId: string, change: StateItem['change']): StateItem => ({ id, kind: 'state', change, senderId, senderName: senderId, senderAvatarMxc: null, ts: T0 });
    const items: TimelineItem[] = [
      state('$create', bob, { type: 'create' }),
      state('$join', bob, { type: 'member', target: bob, targetName: 'Bob', membership: 'join', previous: null }),
      state('$rules', bob, { type: 'other', eventType: 'm.room.join_rules' }),
      state('$name', bob, { type: 'name', name: 'Room' }),
      state('$invite', bob, { type: 'member', target: alice, targetName: 'Alice', membership: 'invite', previous: null }),
      message('$hello', T0 + 1000, bob),
    ];
    expect(reachesCreation(items)).toBe(true);
    const rows = buildRows({ items, echoes: [], userId: alice, readMarkerEventId: null, atBeginning: true });
    expect(rows.map((row) => (row.kind === 'setup' ? `setup(${row.items.map((item) => item.id).join(',')})` : row.key))).toEqual([
      'beginning',
      'setup($create,$join,$rules,$name)',
      '$invite',
      '$hello',
    ]);
    // Short of the beginning nothing is folded: rows already shown never change under the reader.
    expect(reachesCreation(items.slice(1))).toBe(false);
    expect(buildRows({ items: items.slice(1), echoes: [], userId: alice, readMarkerEventId: null, atBeginning: false }).map((row) => row.key)).toEqual([
      '$join',
      '$rules',
      '$name',
      '$invite',
      '$hello',
    ]);
  });
});
