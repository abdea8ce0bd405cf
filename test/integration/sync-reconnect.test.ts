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
import type { RoomSummary } from '../../src/shared/model/rooms.ts';
import type { SyncState } from '../../src/shared/model/session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp, type MatrixHttp } from '../support/matrix-http.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'reconnect test password';
const SERVICE = `plenum-sync-reconnect-${process.pid}-${Date.now()}`;

/**
 * The core's fetch, watched: which /sync long-polls are waiting on the server, how keep-alive
 * probes fare, and a way to lose an answer on the wire deterministically (the server has sent it,
 * the connection drops before the core reads it).
 */
function watchedFetch() {
  let longPolls = 0;
  let failedProbes = 0;
  let holding = false;
  let held = 0;
  let loseHeld: () => void = () => {};
  let lost = new Promise<void>((resolve) => (loseHeld = resolve));
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/_matrix/client/versions') {
      return fetch(input, init).catch((error: unknown) => {
        failedProbes += 1;
        throw error;
      });
    }
    if (!url.pathname.endsWith('/sync')) return fetch(input, init);
    const longPoll = url.searchParams.has('since') && url.searchParams.get('timeout') !== '0';
    if (longPoll) longPolls += 1;
    try {
      const response = await fetch(input, init);
      if (holding) {
        held += 1;
        await lost;
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      }
      return response;
    } finally {
      if (longPoll) longPolls -= 1;
    }
  };
  return {
    fetchFn,
    longPollsInFlight: () => longPolls,
    failedProbes: () => failedProbes,
    /** From now on, answers to /sync are kept from the core until lose(). */
    hold() {
      holding = true;
    },
    held: () => held,
    /** The held answers fail as a dropped connection does; later requests pass again. */
    lose() {
      holding = false;
      loseHeld();
      lost = new Promise<void>((resolve) => (loseHeld = resolve));
    },
  };
}

interface Running {
  core: Core;
  client: BridgeApi;
  rooms: Map<string, RoomSummary>;
  statuses: SyncState[];
  net: ReturnType<typeof watchedFetch>;
}

describe('sync across a homeserver that goes away and comes back', () => {
  let synapse: RunningSynapse;
  let bob: MatrixHttp;
  const roomIds = { before: '', after: '', lost: '' };
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-sync-reconnect-'));
  let running: Running | undefined;

  async function boot(): Promise<Running> {
    const net = watchedFetch();
    const core = createCore({
      secrets: createKeytarSecretStore(SERVICE),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum reconnect test' },
      dataDir,
      cryptoDir: testCryptoDir(),
      fetch: net.fetchFn,
    });
    const pair = createMemoryTransportPair();
    serveBridge(core, pair.server);
    const result: Running = { core, client: pair.client, rooms: new Map(), statuses: [], net };
    pair.client.on('sync.status', (status) => result.statuses.push(status.state));
    pair.client.on('rooms.patch', ({ patches }) => {
      for (const patch of patches) {
        if (patch.op === 'reset') {
          result.rooms.clear();
          for (const item of patch.items) result.rooms.set(item.id, item);
        } else if (patch.op === 'remove') result.rooms.delete(patch.id);
        else result.rooms.set(patch.item.id, patch.item);
      }
    });
    await core.start();
    const snapshot = await pair.client.invoke('rooms.list', {});
    if (!snapshot.ok) throw new Error(snapshot.error.code);
    for (const item of snapshot.value.items) result.rooms.set(item.id, item);
    running = result;
    return result;
  }

  const preview = (r: Running, roomId: string) => {
    const room = r.rooms.get(roomId);
    return { text: room?.lastMessage?.text ?? null, unread: room?.unread ?? 0 };
  };
  const sessionState = async (r: Running) => {
    const view = await r.client.invoke('session.get', {});
    return view.ok ? view.value.state : view.error.code;
  };
  /** Consecutive repeats collapsed: the statuses the renderer went through. */
  const path = (states: SyncState[]): string => states.filter((state, i) => state !== states[i - 1]).join(' → ');
  const longPolling = (r: Running) => expect.poll(() => r.net.longPollsInFlight(), { timeout: 20_000 }).toBeGreaterThan(0);

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    const a = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    const b = await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' });
    const alice = matrixHttp(synapse.baseUrl, a.accessToken, a.userId);
    bob = matrixHttp(synapse.baseUrl, b.accessToken, b.userId);
    for (const key of Object.keys(roomIds) as (keyof typeof roomIds)[]) {
      const roomId = await bob.createRoom({ name: `Room ${key}`, preset: 'private_chat', invite: [a.userId] });
      await alice.join(roomId);
      await bob.send(roomId, { msgtype: 'm.text', body: `hello from ${key}` });
      roomIds[key] = roomId;
    }
  });
  afterAll(async () => {
    await running?.core.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('goes offline when the server stops mid-long-poll, stays signed in, and catches up by itself once it is back', async () => {
    const r = await boot();
    expect((await r.client.invoke('session.signIn', { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD })).ok).toBe(true);
    await expect.poll(() => preview(r, roomIds.before), { timeout: 20_000 }).toEqual({ text: 'hello from before', unread: 1 });
    await expect.poll(() => r.statuses.at(-1), { timeout: 20_000 }).toBe('syncing');

    // The core has processed its last answer and waits on the next: bob's message lands during
    // that long-poll, and the server goes away the moment it has accepted it.
    await longPolling(r);
    const mark = r.statuses.length;
    await bob.send(roomIds.before, { msgtype: 'm.text', body: 'sent as the server went down' });
    await synapse.halt();

    await expect.poll(() => r.statuses.at(-1), { timeout: 10_000 }).toBe('offline');
    // Several connectivity probes fail while it is down: that is still "offline", never a sign-out.
    await expect.poll(() => r.net.failedProbes(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(r.statuses.at(-1)).toBe('offline');
    expect(await sessionState(r)).toBe('signedIn');

    await synapse.start();
    const backAt = performance.now();
    await bob.send(roomIds.after, { msgtype: 'm.text', body: 'sent as the server came back' });
    await expect.poll(() => r.statuses.at(-1), { timeout: 30_000, interval: 50 }).toBe('syncing');
    const reconnectMs = Math.round(performance.now() - backAt);

    await expect.poll(() => preview(r, roomIds.before), { timeout: 10_000 }).toEqual({ text: 'sent as the server went down', unread: 2 });
    await expect.poll(() => preview(r, roomIds.after), { timeout: 10_000 }).toEqual({ text: 'sent as the server came back', unread: 2 });
    expect(path(r.statuses.slice(mark))).toMatch(/^offline( → connecting)? → syncing$/);
    expect(await sessionState(r)).toBe('signedIn');
    // The SDK probes at least every 10 s, the core's first steps far sooner (a few hundred ms here).
    expect(reconnectMs).toBeLessThan(12_000);
  });

  it('an answer lost with the connection is fetched again: nothing between two sync positions is skipped', async () => {
    const r = running as Running;
    await longPolling(r);
    const mark = r.statuses.length;
    // The server answers the long-poll with bob's message, and the connection drops before the core
    // reads it: the saved position must not move past what the core never processed.
    r.net.hold();
    await bob.send(roomIds.lost, { msgtype: 'm.text', body: 'answered but never delivered' });
    await expect.poll(() => r.net.held(), { timeout: 10_000 }).toBe(1);
    await synapse.halt();
    r.net.lose();

    await expect.poll(() => r.statuses.at(-1), { timeout: 10_000 }).toBe('offline');
    expect(preview(r, roomIds.lost)).toEqual({ text: 'hello from lost', unread: 1 });
    await synapse.start();
    await expect.poll(() => preview(r, roomIds.lost), { timeout: 30_000 }).toEqual({ text: 'answered but never delivered', unread: 2 });
    await expect.poll(() => r.statuses.at(-1), { timeout: 10_000 }).toBe('syncing');
    expect(path(r.statuses.slice(mark))).toMatch(/^offline( → connecting)? → syncing$/);
  });

  it('a restarted core shows, from disk, every message that arrived across the outages', async () => {
    await running?.core.dispose();
    running = undefined;
    // With the server down, whatever the new core shows came from its own disk.
    await synapse.halt();
    const r = await boot();
    expect(preview(r, roomIds.before)).toEqual({ text: 'sent as the server went down', unread: 2 });
    expect(preview(r, roomIds.after)).toEqual({ text: 'sent as the server came back', unread: 2 });
    expect(preview(r, roomIds.lost)).toEqual({ text: 'answered but never delivered', unread: 2 });
    expect(await sessionState(r)).toBe('signedIn');
    await synapse.start();
    await expect.poll(() => r.statuses.at(-1), { timeout: 30_000 }).toBe('syncing');
    expect(r.statuses).not.toContain('error');
  });
});
