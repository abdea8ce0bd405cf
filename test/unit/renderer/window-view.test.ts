import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import { WindowViewReporter, type AttentionSource, type FocusEvents } from '../../../src/renderer/state/window-view.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

/** A page whose focus and visibility the test sets, firing the events a browser would. */
function fakePage() {
  const listeners = new Map<string, Set<() => void>>();
  const on = (type: string, listener: () => void): void => void listeners.set(type, (listeners.get(type) ?? new Set()).add(listener));
  const off = (type: string, listener: () => void): void => void listeners.get(type)?.delete(listener);
  const fire = (type: string): void => listeners.get(type)?.forEach((listener) => listener());
  const state = { focused: true, visibility: 'visible' as DocumentVisibilityState };
  const page: AttentionSource = {
    hasFocus: () => state.focused,
    get visibilityState() {
      return state.visibility;
    },
    addEventListener: on,
    removeEventListener: off,
  };
  const win: FocusEvents = { addEventListener: on, removeEventListener: off };
  return { page, win, state, fire, listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0) };
}

function mainSide() {
  const views: unknown[] = [];
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers: stubHandlers({ 'ui.setView': async (view) => (views.push(view), null) }), onEvent: () => () => undefined }, server);
  return { client, views };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('WindowViewReporter', () => {
  it('reports the open room and the focus, and each change of them once', async () => {
    const main = mainSide();
    const fake = fakePage();
    const reporter = new WindowViewReporter(main.client, fake.page, fake.win);
    reporter.start();
    reporter.setActiveRoom('!a:x');
    reporter.setActiveRoom('!a:x');
    fake.state.focused = false;
    fake.fire('blur');
    fake.fire('blur');
    fake.state.focused = true;
    fake.fire('focus');
    await settle();
    expect(main.views).toEqual([
      { activeRoomId: null, windowFocused: true },
      { activeRoomId: '!a:x', windowFocused: true },
      { activeRoomId: '!a:x', windowFocused: false },
      { activeRoomId: '!a:x', windowFocused: true },
    ]);
    reporter.dispose();
  });

  it('counts a hidden (minimised) window as not looked at, even if it kept focus', async () => {
    const main = mainSide();
    const fake = fakePage();
    const reporter = new WindowViewReporter(main.client, fake.page, fake.win);
    reporter.start();
    reporter.setActiveRoom('!a:x');
    fake.state.visibility = 'hidden';
    fake.fire('visibilitychange');
    await settle();
    expect(main.views.at(-1)).toEqual({ activeRoomId: '!a:x', windowFocused: false });
    reporter.dispose();
  });

  it('lets every room notify again once disposed, and stops listening', async () => {
    const main = mainSide();
    const fake = fakePage();
    const reporter = new WindowViewReporter(main.client, fake.page, fake.win);
    reporter.start();
    reporter.setActiveRoom('!a:x');
    reporter.dispose();
    await settle();
    expect(main.views.at(-1)).toEqual({ activeRoomId: null, windowFocused: false });
    expect(fake.listenerCount()).toBe(0);
  });
});
