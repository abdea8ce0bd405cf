import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createElectronTransport, type IpcMainLike, type WebContentsLike } from '../../../src/main/ipc/electron-transport.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src/shared/ipc/channels.ts';
import { ok, type Result } from '../../../src/shared/ipc/result.ts';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  detached: boolean;
  processId: number;
  routingId: number;
}

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error('second handler');
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  return { ipc, handlers };
}

function fakeContents(id: number, url = 'app://plenum/index.html') {
  const mainFrame: FakeFrame = { url, parent: null, detached: false, processId: 7, routingId: id * 10 };
  const sent: unknown[][] = [];
  const contents = {
    id,
    mainFrame,
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
  };
  return { contents, sent, mainFrame };
}

/** A fresh frame object for the main frame, as Electron may return distinct objects for one frame. */
const copyOf = (frame: FakeFrame): FakeFrame => ({ ...frame });

function eventFrom(contents: ReturnType<typeof fakeContents>['contents'], senderFrame: FakeFrame | null): IpcMainInvokeEvent {
  return { sender: { id: contents.id, mainFrame: contents.mainFrame }, senderFrame } as unknown as IpcMainInvokeEvent;
}

describe('createElectronTransport', () => {
  function setup() {
    const { ipc, handlers } = fakeIpcMain();
    const window = fakeContents(1);
    const known: WebContentsLike[] = [window.contents];
    const transport = createElectronTransport(ipc, () => known);
    const invoke = vi.fn(async (name: unknown): Promise<Result<unknown>> => ok(`handled ${String(name)}`));
    const stop = transport.serve(invoke);
    const call = (event: IpcMainInvokeEvent, ...args: unknown[]) => handlers.get(INVOKE_CHANNEL)?.(event, ...args);
    return { transport, handlers, window, known, invoke, stop, call };
  }

  it('passes invocations from the app’s top frame to the handler', async () => {
    const { window, invoke, call } = setup();
    await expect(call(eventFrom(window.contents, copyOf(window.mainFrame)), 'app.info', {})).resolves.toEqual(
      ok('handled app.info'),
    );
    expect(invoke).toHaveBeenCalledWith('app.info', {});
  });

  it.each([
    ['a subframe', (main: FakeFrame): FakeFrame | null => ({ ...main, parent: main, routingId: 99 })],
    ['a parentless frame that is not the main frame', (main: FakeFrame) => ({ ...main, routingId: 99 })],
    ['a detached frame', (main: FakeFrame) => ({ ...main, detached: true })],
    ['a frame on another origin', (main: FakeFrame) => ({ ...main, url: 'https://evil.example/' })],
    ['a look-alike host', (main: FakeFrame) => ({ ...main, url: 'app://plenum.evil/' })],
    ['a frame that is gone', () => null],
  ])('answers FORBIDDEN to %s without calling the handler', async (_label, frameOf) => {
    const { window, invoke, call } = setup();
    const reply = (await call(eventFrom(window.contents, frameOf(window.mainFrame)), 'app.info', {})) as Result<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses senders that are not one of Plenum’s windows', async () => {
    const { invoke, call } = setup();
    const stranger = fakeContents(2);
    const reply = (await call(eventFrom(stranger.contents, copyOf(stranger.mainFrame)), 'app.info', {})) as Result<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into INTERNAL', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const window = fakeContents(1);
    createElectronTransport(ipc, () => [window.contents]).serve(async () => {
      throw new Error('boom');
    });
    const reply = await handlers.get(INVOKE_CHANNEL)?.(eventFrom(window.contents, copyOf(window.mainFrame)), 'app.info', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('removes its handler when disposed', () => {
    const { handlers, stop } = setup();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(true);
    stop();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(false);
  });

  it('sends events only to live windows showing the app', () => {
    const { ipc } = fakeIpcMain();
    const app = fakeContents(1);
    const navigatedAway = fakeContents(2, 'https://evil.example/');
    const closed = fakeContents(3);
    closed.contents.destroyed = true;
    const transport = createElectronTransport(ipc, () => [app.contents, navigatedAway.contents, closed.contents]);
    transport.emit('sync.status', { state: 'stopped' });
    expect(app.sent).toEqual([[EVENT_CHANNEL, 'sync.status', { state: 'stopped' }]]);
    expect(navigatedAway.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });

  it('keeps delivering to other windows when one send fails', () => {
    const { ipc } = fakeIpcMain();
    const broken = fakeContents(1);
    broken.contents.send = () => {
      throw new Error('could not clone');
    };
    const healthy = fakeContents(2);
    const onSendError = vi.fn();
    const transport = createElectronTransport(ipc, () => [broken.contents, healthy.contents], { onSendError });
    transport.emit('sync.status', { state: 'stopped' });
    expect(healthy.sent).toHaveLength(1);
    expect(onSendError).toHaveBeenCalledWith('sync.status', expect.any(Error));
  });
});
