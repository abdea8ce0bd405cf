import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/main/core/ports.ts';
import {
  createWindowStateStore,
  parseWindowState,
  placeOnScreen,
  trackWindowState,
  type WindowLike,
  type WindowState,
  type WindowStateEvent,
} from '../../../src/main/window/window-state.ts';

// The tracker is wired to a real BrowserWindow: this fails to compile if the structural type drifts from Electron's.
const _fitsBrowserWindow = (window: BrowserWindow): WindowLike => window;

const valid = { x: 100, y: 50, width: 1200, height: 800, maximized: false, fullScreen: true };

describe('parseWindowState', () => {
  it('takes a saved state, with or without a position', () => {
    expect(parseWindowState(valid)).toEqual(valid);
    expect(parseWindowState({ width: 480, height: 400, maximized: true, fullScreen: false })).toEqual({ width: 480, height: 400, maximized: true, fullScreen: false });
    expect(parseWindowState({ ...valid, x: -1920, y: -200 })).toMatchObject({ x: -1920, y: -200 });
  });

  it('ignores unknown keys', () => {
    expect(parseWindowState({ ...valid, version: 9, extra: 'x' })).toEqual(valid);
  });

  it.each([
    ['null', null],
    ['a string', 'window'],
    ['an array', [100, 50, 1200, 800]],
    ['a number', 42],
    ['an empty object', {}],
    ['NaN width', { ...valid, width: Number.NaN }],
    ['infinite height', { ...valid, height: Number.POSITIVE_INFINITY }],
    ['fractional width', { ...valid, width: 1200.5 }],
    ['string width', { ...valid, width: '1200' }],
    ['width below the window minimum', { ...valid, width: 479 }],
    ['height below the window minimum', { ...valid, height: 399 }],
    ['zero size', { ...valid, width: 0, height: 0 }],
    ['negative size', { ...valid, width: -1200 }],
    ['absurd width', { ...valid, width: 10_001 }],
    ['absurd height', { ...valid, height: 1e9 }],
    ['absurd position', { ...valid, x: 1e12 }],
    ['NaN position', { ...valid, y: Number.NaN }],
    ['string position', { ...valid, x: '100' }],
    ['x without y', { width: 1200, height: 800, x: 10, maximized: false, fullScreen: false }],
    ['y without x', { width: 1200, height: 800, y: 10, maximized: false, fullScreen: false }],
    ['a non-boolean maximized', { ...valid, maximized: 'true' }],
    ['a missing fullScreen', { x: 1, y: 1, width: 1200, height: 800, maximized: false }],
    ['a null position', { ...valid, x: null, y: null }],
  ])('refuses %s', (_name, json) => {
    expect(parseWindowState(json)).toBeNull();
  });
});

const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const external = { workArea: { x: 1440, y: 0, width: 2560, height: 1415 } };
const defaults = { width: 1200, height: 800 };
const state = (changes: Partial<WindowState>): WindowState => ({ width: 1000, height: 700, maximized: false, fullScreen: false, ...changes });

describe('placeOnScreen', () => {
  it('keeps a window that is on a display', () => {
    expect(placeOnScreen(state({ x: 100, y: 80 }), [laptop, external], defaults)).toEqual(state({ x: 100, y: 80 }));
    expect(placeOnScreen(state({ x: 2000, y: 200 }), [laptop, external], defaults)).toEqual(state({ x: 2000, y: 200 }));
  });

  it('keeps a window the user left partly off the edge', () => {
    expect(placeOnScreen(state({ x: 900, y: 300 }), [laptop], defaults)).toEqual(state({ x: 900, y: 300 }));
  });

  it('keeps a window across two displays', () => {
    expect(placeOnScreen(state({ x: 1000, y: 100 }), [laptop, external], defaults)).toEqual(state({ x: 1000, y: 100 }));
  });

  it('hands a window on an unplugged monitor to the OS to centre', () => {
    const placed = placeOnScreen(state({ x: 2000, y: 200, maximized: true }), [laptop], defaults);
    expect(placed).toEqual(state({ maximized: true }));
    expect(placed).not.toHaveProperty('x');
    expect(placed).not.toHaveProperty('y');
  });

  it('shrinks a window from a larger, unplugged monitor to the largest display left', () => {
    const placed = placeOnScreen(state({ x: 1600, y: 40, width: 2400, height: 1300 }), [laptop], defaults);
    expect(placed).toEqual(state({ width: 1440, height: 875 }));
  });

  it('picks the largest work area to fit into', () => {
    const small = { workArea: { x: -1024, y: 0, width: 1024, height: 728 } };
    const placed = placeOnScreen(state({ x: 5000, y: 5000, width: 3000, height: 2000 }), [small, laptop], defaults);
    expect(placed).toEqual(state({ width: 1440, height: 875 }));
  });

  it('fits a visible window that is bigger than its display, keeping the position where it fits', () => {
    const placed = placeOnScreen(state({ x: 20, y: 10, width: 2560, height: 800 }), [laptop], defaults);
    expect(placed).toEqual(state({ x: 0, y: 10, width: 1440, height: 800 }));
  });

  it('drops a window less than a quarter visible', () => {
    // 200 × 700 of 1000 × 700 on screen: a fifth.
    expect(placeOnScreen(state({ x: 1240, y: 100 }), [laptop], defaults)).toEqual(state({}));
  });

  it('drops a window whose title bar is off every display', () => {
    // Mostly visible, but the strip one drags it by is above the top of the screen.
    expect(placeOnScreen(state({ x: 100, y: -60, height: 800 }), [laptop], defaults)).toEqual(state({ height: 800 }));
  });

  it('uses the defaults when no display is reported', () => {
    expect(placeOnScreen(state({ x: 100, y: 100, fullScreen: true }), [], defaults)).toEqual({ width: 1200, height: 800, maximized: false, fullScreen: true });
  });

  it('fits a saved size without a position into the largest display', () => {
    expect(placeOnScreen(state({ width: 3000, height: 500 }), [laptop], defaults)).toEqual(state({ width: 1440, height: 500 }));
  });
});

function recordingLogger() {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const record = (level: string) => (message: string, fields?: unknown) => lines.push({ level, message, fields });
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  return { logger, lines };
}

describe('createWindowStateStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plenum-window-state-'));
    file = join(dir, 'window-state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns null without a word on the first start', () => {
    const { logger, lines } = recordingLogger();
    expect(createWindowStateStore(file, logger).load()).toBeNull();
    expect(lines).toEqual([]);
  });

  it('reads back what it saved', () => {
    const { logger } = recordingLogger();
    const store = createWindowStateStore(file, logger);
    store.save(valid);
    expect(store.load()).toEqual(valid);
    store.save(state({}));
    expect(createWindowStateStore(file, logger).load()).toEqual(state({}));
  });

  it('writes atomically: no temp file is left, and only the owner can read it', () => {
    const { logger, lines } = recordingLogger();
    const store = createWindowStateStore(file, logger);
    writeFileSync(`${file}.tmp`, 'left over from a crash', { mode: 0o644 });
    store.save(valid);
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(valid);
    expect(lines).toEqual([]);
  });

  it.each([
    ['not JSON', '{"width": 12'],
    ['the wrong shape', JSON.stringify({ ...valid, width: 'wide' })],
    ['hostile values', JSON.stringify({ ...valid, x: 1e300 })],
    ['too large', JSON.stringify({ ...valid, padding: 'x'.repeat(10_000) })],
    ['empty', ''],
  ])('returns null and warns, without the content, for a file that is %s', (_name, content) => {
    writeFileSync(file, content);
    const { logger, lines } = recordingLogger();
    expect(createWindowStateStore(file, logger).load()).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    // Only counts and codes: a corrupt file's content could be anything, and logs get shared.
    expect(Object.keys((lines[0]?.fields ?? {}) as object).every((key) => key === 'bytes' || key === 'code')).toBe(true);
  });

  it('warns when the path cannot be read as a file', () => {
    const { logger, lines } = recordingLogger();
    expect(createWindowStateStore(dir, logger).load()).toBeNull();
    expect(lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('logs a failed save instead of throwing, and leaves no temp file', () => {
    const { logger, lines } = recordingLogger();
    const missing = join(dir, 'gone', 'window-state.json');
    expect(() => createWindowStateStore(missing, logger).save(valid)).not.toThrow();
    expect(lines.map((l) => l.level)).toEqual(['error']);
    expect(readdirSync(dir)).toEqual([]);
  });
});

class FakeWindow implements WindowLike {
  bounds = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  fullScreen = false;
  destroyed = false;
  private listeners = new Map<WindowStateEvent, (() => void)[]>();
  getNormalBounds = () => ({ ...this.bounds });
  isMaximized = () => this.maximized;
  isFullScreen = () => this.fullScreen;
  isDestroyed = () => this.destroyed;
  on(event: WindowStateEvent, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: WindowStateEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

describe('trackWindowState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, after the window has been still for the debounce time', () => {
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, save, 500);
    for (let i = 0; i < 20; i++) {
      window.bounds = { ...window.bounds, x: 10 + i };
      window.emit(i % 2 ? 'move' : 'resize');
      vi.advanceTimersByTime(100);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ x: 29, y: 20, width: 1000, height: 700, maximized: false, fullScreen: false });
  });

  it.each(['maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const)('saves the normal bounds and the flags after %s', (event) => {
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, save);
    window.maximized = event === 'maximize';
    window.fullScreen = event === 'enter-full-screen';
    window.emit(event);
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledWith({ x: 10, y: 20, width: 1000, height: 700, maximized: window.maximized, fullScreen: window.fullScreen });
  });

  it('saves at once on close, and not again when the timer would have fired', () => {
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, save);
    window.emit('resize');
    window.bounds = { x: 0, y: 0, width: 800, height: 600 };
    window.emit('close');
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ x: 0, y: 0, width: 800, height: 600, maximized: false, fullScreen: false });
    vi.advanceTimersByTime(5_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does not touch a window that is already destroyed', () => {
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, save);
    window.emit('resize');
    window.destroyed = true;
    window.getNormalBounds = () => {
      throw new Error('Object has been destroyed');
    };
    expect(() => vi.advanceTimersByTime(500)).not.toThrow();
    expect(save).not.toHaveBeenCalled();
  });
});
