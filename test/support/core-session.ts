/**
 * A Plenum core behind the real bridge (memory transport), as the renderer would use it, with what
 * the tests watch: the room list as patches leave it, every outbox item ever seen and each item's
 * states in order.
 * Used in-process by outbox.test.ts and in a child process by fixtures/outbox-core.ts.
 */
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import type { PolicySource } from '../../src/main/core/policy/policy-sources.ts';
import type { Logger, Notifier, UnreadIndicator } from '../../src/main/core/ports.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi, CommandName, Reply, RequestInput } from '../../src/shared/ipc/types.ts';
import type { ListPatch } from '../../src/shared/model/list.ts';
import type { OutboxItem, OutboxState } from '../../src/shared/model/outbox.ts';
import type { RoomSummary } from '../../src/shared/model/rooms.ts';

export interface CoreSessionOptions {
  readonly service: string;
  readonly dataDir: string;
  readonly cryptoDir: string;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  readonly notifier?: Notifier;
  readonly unread?: UnreadIndicator;
  readonly policySources?: readonly PolicySource[];
  /** Sees every outbox patch as it arrives (from before the session resumes). */
  readonly onOutboxPatch?: (patch: ListPatch<OutboxItem>) => void;
  /** Sees every room summary as it arrives. */
  readonly onRoom?: (room: RoomSummary) => void;
}

export interface CoreSession {
  readonly core: Core;
  readonly bridge: BridgeApi;
  readonly rooms: Map<string, RoomSummary>;
  /** The latest view of every outbox item seen, kept after the outbox drops it. */
  readonly items: Map<string, OutboxItem>;
  /** Each item's states, in the order the events reported them. */
  readonly states: Map<string, OutboxState[]>;
  /** Every outbox patch, with the time it arrived. */
  readonly patches: { readonly at: number; readonly patch: ListPatch<OutboxItem> }[];
  /** Invokes a command and throws on a failed result. */
  call<N extends CommandName>(name: N, request: RequestInput<N>): Promise<Reply<N>>;
  signIn(homeserver: string, user: string, password: string): Promise<void>;
  dispose(): Promise<void>;
}

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export async function startCoreSession(options: CoreSessionOptions): Promise<CoreSession> {
  const core = createCore({
    secrets: createKeytarSecretStore(options.service),
    logger: options.logger ?? quiet,
    app: { version: 'test', locale: 'en', deviceDisplayName: 'Plenum test' },
    dataDir: options.dataDir,
    cryptoDir: options.cryptoDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.unread ? { unread: options.unread } : {}),
    ...(options.policySources ? { policySources: options.policySources } : {}),
  });
  const pair = createMemoryTransportPair();
  serveBridge(core, pair.server);
  const rooms = new Map<string, RoomSummary>();
  const items = new Map<string, OutboxItem>();
  const states = new Map<string, OutboxState[]>();
  const patches: CoreSession['patches'] = [];
  const see = (item: OutboxItem): void => {
    items.set(item.localId, item);
    const seen = states.get(item.localId) ?? [];
    if (seen.at(-1) !== item.state) seen.push(item.state);
    states.set(item.localId, seen);
  };
  pair.client.on('rooms.patch', ({ patches: roomPatches }) => {
    for (const patch of roomPatches) {
      if (patch.op === 'remove') rooms.delete(patch.id);
      if (patch.op === 'reset') rooms.clear();
      if (patch.op !== 'add' && patch.op !== 'update') continue;
      rooms.set(patch.item.id, patch.item);
      options.onRoom?.(patch.item);
    }
  });
  pair.client.on('outbox.patch', ({ patches: outboxPatches }) => {
    for (const patch of outboxPatches) {
      patches.push({ at: Date.now(), patch });
      options.onOutboxPatch?.(patch);
      if (patch.op === 'add' || patch.op === 'update') see(patch.item);
      if (patch.op === 'reset') patch.items.forEach(see);
    }
  });

  const call: CoreSession['call'] = async (name, request) => {
    const result = await pair.client.invoke(name, request);
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };

  await core.start();
  for (const room of (await call('rooms.list', {})).items) rooms.set(room.id, room);
  for (const item of (await call('outbox.list', {})).items) see(item);
  return {
    core,
    bridge: pair.client,
    rooms,
    items,
    states,
    patches,
    call,
    async signIn(homeserver, user, password) {
      await call('session.signIn', { homeserver, user, password });
    },
    dispose: () => core.dispose(),
  };
}

export interface ServerEvent {
  readonly event_id: string;
  readonly sender: string;
  readonly type: string;
  readonly content: Record<string, unknown>;
  readonly unsigned?: { readonly transaction_id?: string };
}

/** A room's events as the server has them (/messages, oldest first), read with `accessToken`. */
export async function serverEvents(baseUrl: string, accessToken: string, roomId: string, limit = 200): Promise<ServerEvent[]> {
  const url = `${baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!response.ok) throw new Error(`/messages → ${response.status}`);
  return ((await response.json()) as { chunk: ServerEvent[] }).chunk.reverse();
}
