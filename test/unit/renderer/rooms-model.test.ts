import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers } from '../../../src/shared/ipc/types.ts';
import type { ListPatch } from '../../../src/shared/model/list.ts';
import type { RoomSummary } from '../../../src/shared/model/rooms.ts';
import { RoomsModel } from '../../../src/renderer/state/rooms.svelte.ts';
import { foldForSearch } from '../../../src/renderer/state/room-sections.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

const ME = '@me:example.org';

function room(id: string, overrides: Partial<RoomSummary> = {}): RoomSummary {
  return {
    notificationMode: 'all',
    space: null,
    id,
    name: id.slice(1),
    avatarMxc: null,
    membership: 'join',
    isDirect: false,
    directUserId: null,
    isEncrypted: true,
    isFavourite: false,
    topic: null,
    memberCount: 2,
    inviter: null,
    lastMessage: null,
    lastActivity: 1000,
    unread: 0,
    highlights: 0,
    ...overrides,
  };
}

/** A main side that keeps a real numbered room list and serves it through the memory transport. */
function scriptedMain(initial: RoomSummary[], overrides: Partial<Handlers> = {}) {
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  const rows = new Map(initial.map((r) => [r.id, r]));
  let seq = 0;
  let listCalls = 0;
  const handlers = stubHandlers({
    'rooms.list': async () => {
      listCalls += 1;
      return { seq, items: [...rows.values()] };
    },
    ...overrides,
  });
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers, onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  const apply = (patch: ListPatch<RoomSummary>): void => {
    if (patch.op === 'remove') rows.delete(patch.id);
    else if (patch.op === 'reset') {
      rows.clear();
      for (const item of patch.items) rows.set(item.id, item);
    } else rows.set(patch.item.id, patch.item);
  };
  return {
    client,
    get listCalls() {
      return listCalls;
    },
    /** Changes the list and emits the batch with the next seq. */
    patch(...patches: ListPatch<RoomSummary>[]) {
      patches.forEach(apply);
      seq += 1;
      listener?.('rooms.patch', { seq, patches });
    },
    /** Changes the list without telling the renderer: what a renderer that missed events sees. */
    patchSilently(...patches: ListPatch<RoomSummary>[]) {
      patches.forEach(apply);
      seq += 1;
    },
  };
}

const names = (model: RoomsModel) => Object.fromEntries(model.sections.map((s) => [s.id, s.rooms.map((r) => r.name)]));

async function started(main: ReturnType<typeof scriptedMain>): Promise<RoomsModel> {
  const model = new RoomsModel(main.client, ME);
  await model.start();
  return model;
}

describe('RoomsModel', () => {
  it('groups rooms into invites, favourites, direct messages and rooms, newest activity first', async () => {
    const main = scriptedMain([
      room('!old', { lastActivity: 100 }),
      room('!new', { lastActivity: 300 }),
      room('!dm', { isDirect: true, lastActivity: 200 }),
      room('!favdm', { isDirect: true, isFavourite: true, lastActivity: 50 }),
      room('!fav', { isFavourite: true, lastActivity: 60 }),
      room('!inv', { membership: 'invite', inviter: '@bob:example.org', lastActivity: 10 }),
    ]);
    const model = await started(main);
    expect(names(model)).toEqual({ invites: ['inv'], favourites: ['fav', 'favdm'], direct: ['dm'], rooms: ['new', 'old'] });
    expect(model.visibleRooms.map((r) => r.name)).toEqual(['inv', 'fav', 'favdm', 'dm', 'new', 'old']);

    main.patch({ op: 'update', item: room('!old', { lastActivity: 400 }) });
    await expect.poll(() => names(model).rooms).toEqual(['old', 'new']);
    main.patch({ op: 'update', item: room('!inv', { lastActivity: 10 }) });
    await expect.poll(() => names(model).invites).toEqual([]);
    expect(names(model).rooms).toEqual(['old', 'new', 'inv']);
    model.dispose();
  });

  it('filters by name ignoring case and accents, and finds direct chats by the other person’s ID', async () => {
    const main = scriptedMain([
      room('!cafe', { name: 'Café Équipe' }),
      room('!board', { name: 'Board' }),
      room('!dm', { name: 'Bob Builder', isDirect: true, lastMessage: { senderId: '@bob.b:example.org', senderName: 'Bob', kind: 'text', text: 'hi', ts: 1 } }),
      room('!inv', { name: 'Planning', membership: 'invite', inviter: '@carol:example.org' }),
    ]);
    const model = await started(main);
    model.filter = 'CAFE equ';
    expect(model.visibleRooms.map((r) => r.id)).toEqual(['!cafe']);
    model.filter = 'bob.b:';
    expect(model.visibleRooms.map((r) => r.id)).toEqual(['!dm']);
    model.filter = 'carol';
    expect(model.visibleRooms.map((r) => r.id)).toEqual(['!inv']);
    model.filter = 'nothing like it';
    expect(model.visibleRooms).toEqual([]);
    model.filter = '  ';
    expect(model.visibleRooms).toHaveLength(4);
    expect(foldForSearch('Ærøskøbing Straße')).toBe('aeroskobing strasse');
    model.dispose();
  });

  it('collapses sections, but a filter shows every match', async () => {
    const main = scriptedMain([room('!a'), room('!b', { isDirect: true })]);
    const model = await started(main);
    model.toggleSection('rooms');
    expect(model.isCollapsed('rooms')).toBe(true);
    expect(model.visibleRooms.map((r) => r.id)).toEqual(['!b']);
    model.filter = 'a';
    expect(model.isCollapsed('rooms')).toBe(false);
    expect(model.visibleRooms.map((r) => r.id)).toEqual(['!a']);
    model.filter = '';
    model.toggleSection('rooms');
    expect(model.visibleRooms).toHaveLength(2);
    model.dispose();
  });

  it('re-reads the snapshot when a patch number is skipped, and ignores batches it already has', async () => {
    const main = scriptedMain([room('!a')]);
    const model = await started(main);
    expect(main.listCalls).toBe(1);

    main.patchSilently({ op: 'add', item: room('!missed') });
    main.patch({ op: 'add', item: room('!b') });
    await expect.poll(() => model.rooms.map((r) => r.id).sort()).toEqual(['!a', '!b', '!missed']);
    expect(main.listCalls).toBe(2);

    main.patch({ op: 'remove', id: '!a' });
    await expect.poll(() => model.rooms.map((r) => r.id).sort()).toEqual(['!b', '!missed']);
    expect(main.listCalls).toBe(2);

    main.patch({ op: 'reset', items: [room('!z')] });
    await expect.poll(() => model.rooms.map((r) => r.id)).toEqual(['!z']);
    model.dispose();
  });

  it('selects nothing when the open room disappears, and moves with Alt+arrows in sidebar order', async () => {
    const main = scriptedMain([room('!a', { lastActivity: 3 }), room('!b', { lastActivity: 2 }), room('!c', { lastActivity: 1 })]);
    const model = await started(main);
    model.select('!unknown');
    expect(model.selectedId).toBeNull();
    model.selectAdjacent(1);
    expect(model.selectedId).toBe('!a');
    model.selectAdjacent(1);
    expect(model.selected?.id).toBe('!b');
    model.selectAdjacent(-1);
    model.selectAdjacent(-1);
    expect(model.selectedId).toBe('!c');

    main.patch({ op: 'update', item: room('!c', { name: 'renamed', lastActivity: 1 }) });
    await expect.poll(() => model.selected?.name).toBe('renamed');
    main.patch({ op: 'remove', id: '!c' });
    await expect.poll(() => model.selectedId).toBeNull();
    model.dispose();
  });

  it('accepts an invite and opens it; a decline removes it; busy while the server answers', async () => {
    let release: () => void = () => {};
    const main = scriptedMain([room('!inv', { membership: 'invite' }), room('!other', { membership: 'invite' })], {
      'rooms.join': async ({ roomId }) => {
        await new Promise<void>((resolve) => (release = resolve));
        main.patch({ op: 'update', item: room(roomId) });
        return null;
      },
      'rooms.leave': async ({ roomId }) => {
        main.patch({ op: 'remove', id: roomId });
        return null;
      },
    });
    const model = await started(main);
    model.select('!other');
    const accepting = model.acceptInvite('!inv');
    await expect.poll(() => model.isBusy('!inv')).toBe(true);
    release();
    expect(await accepting).toEqual({ ok: true });
    expect(model.isBusy('!inv')).toBe(false);
    expect(model.selectedId).toBe('!inv');
    expect(names(model).rooms).toEqual(['inv']);

    model.select('!other');
    expect(await model.declineInvite('!other')).toEqual({ ok: true });
    await expect.poll(() => model.selectedId).toBeNull();
    expect(names(model).invites).toEqual([]);
    model.dispose();
  });

  it('opens a new room or direct chat once its row arrives, and passes refusals on', async () => {
    const main = scriptedMain([], {
      'rooms.create': async ({ name, encrypted, visibility }) => {
        setTimeout(() => main.patch({ op: 'add', item: room('!created', { name, isEncrypted: encrypted }) }), 20);
        expect(visibility).toBe('private');
        return { roomId: '!created', listed: false };
      },
      'rooms.createDirect': async ({ userId }) => {
        if (userId === '@ghost:example.org') throw new AppFailure('NOT_FOUND', 'no such user');
        main.patch({ op: 'add', item: room('!dm', { isDirect: true }) });
        return { roomId: '!dm' };
      },
    });
    const model = await started(main);
    expect(await model.create({ name: '  Team  ', topic: '', encrypted: true, visibility: 'private' })).toEqual({ ok: true, listed: false });
    expect(model.selectedId).toBeNull();
    await expect.poll(() => model.selected?.name).toBe('Team');

    const refused = await model.createDirect('@ghost:example.org');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('NOT_FOUND');
    expect(model.selectedId).toBe('!created');

    expect(await model.createDirect(' @bob:example.org ')).toEqual({ ok: true });
    await expect.poll(() => model.selectedId).toBe('!dm');
    model.dispose();
  });

  it('reopens the room that was open before the window was made again', async () => {
    const main = scriptedMain([room('!a'), room('!b')]);
    const model = new RoomsModel(main.client, ME, '!b');
    await model.start();
    expect(model.selectedId).toBe('!b');
    const gone = new RoomsModel(main.client, ME, '!left-meanwhile');
    await gone.start();
    expect(gone.selectedId).toBeNull();
    model.dispose();
    gone.dispose();
  });

  it('toggles favourites through the server and reports failures', async () => {
    const main = scriptedMain([room('!a')], {
      'rooms.setFavourite': async ({ roomId, favourite }) => {
        if (roomId === '!gone') throw new AppFailure('FORBIDDEN', 'not in room');
        main.patch({ op: 'update', item: room(roomId, { isFavourite: favourite }) });
        return null;
      },
    });
    const model = await started(main);
    expect(await model.setFavourite('!a', true)).toEqual({ ok: true });
    await expect.poll(() => names(model).favourites).toEqual(['a']);
    const failed = await model.setFavourite('!gone', true);
    expect(!failed.ok && failed.error.code).toBe('FORBIDDEN');
    model.dispose();
  });
});
