import { describe, expect, it, vi } from 'vitest';
import { createPreloadApi, type IpcRendererLike } from '../../../src/preload/preload-api.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src/shared/ipc/channels.ts';
import { ok } from '../../../src/shared/ipc/result.ts';
import type { BridgeApi } from '../../../src/shared/ipc/types.ts';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer(reply: (...args: unknown[]) => Promise<unknown> = async () => ok(null)) {
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, ...args: unknown[]) => reply(...args)),
    on: vi.fn((channel: string, listener: IpcListener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: IpcListener) => {
      listeners.get(channel)?.delete(listener);
    }),
  } satisfies IpcRendererLike;
  // What Electron hands an ipcRenderer listener: an event whose `sender` is ipcRenderer itself.
  const ipcEvent = { sender: ipc, senderId: 0, ports: [] };
  const fire = (...args: unknown[]): void => {
    for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener(ipcEvent, ...args);
  };
  const listenerCount = (): number => listeners.get(EVENT_CHANNEL)?.size ?? 0;
  return { ipc, fire, ipcEvent, listenerCount };
}

/** Calls the API the way untyped page code could. */
const untyped = (api: BridgeApi) => api as unknown as {
  invoke(name: unknown, request: unknown): Promise<unknown>;
  on(name: unknown, listener: unknown): () => void;
};

describe('createPreloadApi', () => {
  it('exposes exactly invoke and on', () => {
    expect(Object.keys(createPreloadApi(fakeIpcRenderer().ipc)).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards a contract command over the invoke channel and returns main’s Result', async () => {
    const { ipc } = fakeIpcRenderer(async () => ok({ version: '1.0.0', locale: 'de', defaultHomeserver: null }));
    const api = createPreloadApi(ipc);
    await expect(api.invoke('app.info', {})).resolves.toEqual(ok({ version: '1.0.0', locale: 'de', defaultHomeserver: null }));
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith(INVOKE_CHANNEL, 'app.info', {});
  });

  it.each(['session.steal', '__proto__', 'constructor', 'toString', 42, null, undefined])(
    'answers BAD_REQUEST for %j without touching IPC',
    async (name) => {
      const { ipc } = fakeIpcRenderer();
      const reply = await untyped(createPreloadApi(ipc)).invoke(name, {});
      expect(reply).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'unknown command' } });
      expect(ipc.invoke).not.toHaveBeenCalled();
    },
  );

  it('turns a failed IPC call into a NETWORK Result instead of a rejection', async () => {
    const { ipc } = fakeIpcRenderer(async () => Promise.reject(new Error("No handler registered for 'plenum:invoke'")));
    await expect(createPreloadApi(ipc).invoke('session.get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'NETWORK' },
    });
  });

  it('refuses a reply that is not a Result', async () => {
    const { ipc } = fakeIpcRenderer(async () => ({ ok: false, error: { code: 'PWNED', message: 'x' } }));
    await expect(createPreloadApi(ipc).invoke('session.get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('delivers only the payload of contract events, never the IpcRendererEvent', () => {
    const { ipc, fire, ipcEvent } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const received: unknown[][] = [];
    api.on('sync.status', (...args: unknown[]) => received.push(args));
    fire('sync.status', { state: 'syncing' });
    fire('session.changed', { state: 'signedOut' });
    expect(received).toEqual([[{ state: 'syncing' }]]);
    expect(JSON.stringify(received)).not.toContain('sender');
    expect(received.flat()).not.toContain(ipcEvent);
  });

  it('ignores events whose name is not in the contract', () => {
    const { ipc, fire } = fakeIpcRenderer();
    const listener = vi.fn();
    createPreloadApi(ipc).on('sync.status', listener);
    fire('sync.status.evil', { state: 'syncing' });
    fire(undefined, {});
    expect(listener).not.toHaveBeenCalled();
  });

  it('registers one IPC listener for any number of subscriptions and removes it with the last', () => {
    const { ipc, listenerCount } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const stopA = api.on('sync.status', () => {});
    const stopB = api.on('session.changed', () => {});
    const stopC = api.on('sync.status', () => {});
    expect(ipc.on).toHaveBeenCalledTimes(1);
    expect(listenerCount()).toBe(1);
    stopA();
    stopB();
    expect(listenerCount()).toBe(1);
    stopC();
    expect(listenerCount()).toBe(0);
    api.on('sync.status', () => {});
    expect(listenerCount()).toBe(1);
  });

  it('stops delivering after the disposer runs, and the disposer is idempotent', () => {
    const { ipc, fire } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = api.on('sync.status', first);
    api.on('sync.status', second);
    stopFirst();
    stopFirst();
    fire('sync.status', { state: 'stopped' });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('keeps the same listener function registered twice as two subscriptions', () => {
    const { ipc, fire } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const listener = vi.fn();
    const stop = api.on('sync.status', listener);
    api.on('sync.status', listener);
    stop();
    fire('sync.status', { state: 'stopped' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['an unknown event', 'session.steal', () => {}],
    ['a prototype key', '__proto__', () => {}],
    ['a non-function listener', 'sync.status', 'alert(1)'],
  ])('refuses %s with a no-op disposer and no IPC listener', (_label, name, listener) => {
    const { ipc } = fakeIpcRenderer();
    const stop = untyped(createPreloadApi(ipc)).on(name, listener);
    expect(typeof stop).toBe('function');
    expect(() => stop()).not.toThrow();
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it('keeps other listeners running when one throws', () => {
    const { ipc, fire } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const healthy = vi.fn();
    api.on('sync.status', () => {
      throw new Error('page bug');
    });
    api.on('sync.status', healthy);
    fire('sync.status', { state: 'stopped' });
    expect(healthy).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });
});
