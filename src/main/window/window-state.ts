/**
 * The main window reopens where the user left it. Everything here works on plain data: Electron's
 * BrowserWindow and screen reach it only through the structural types below, so it runs under Node.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as v from 'valibot';
import type { Logger } from '../core/ports.ts';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DisplayLike {
  readonly workArea: Rect;
}

/** Must match minWidth/minHeight in create-main-window.ts: a smaller saved size could not be honoured anyway. */
export const MIN_WIDTH = 480;
export const MIN_HEIGHT = 400;
const MAX_SIZE = 10_000;
/** Far beyond any real desktop (negative on monitors left of or above the primary one), short of absurd. */
const MAX_COORDINATE = 100_000;
/** The file is a few dozen bytes; anything larger did not come from us. */
const MAX_FILE_BYTES = 4 * 1024;

const coordinate = v.pipe(v.number(), v.integer(), v.minValue(-MAX_COORDINATE), v.maxValue(MAX_COORDINATE));
/** The file sits in the profile, where anything can edit it: only values a real window could have are taken. */
const Stored = v.object({
  x: v.optional(coordinate),
  y: v.optional(coordinate),
  width: v.pipe(v.number(), v.integer(), v.minValue(MIN_WIDTH), v.maxValue(MAX_SIZE)),
  height: v.pipe(v.number(), v.integer(), v.minValue(MIN_HEIGHT), v.maxValue(MAX_SIZE)),
  maximized: v.boolean(),
  fullScreen: v.boolean(),
});

export function parseWindowState(json: unknown): WindowState | null {
  const parsed = v.safeParse(Stored, json);
  if (!parsed.success) return null;
  const { x, y, width, height, maximized, fullScreen } = parsed.output;
  // A position is both coordinates or none: half of one would put the window somewhere arbitrary.
  if ((x === undefined) !== (y === undefined)) return null;
  return x === undefined || y === undefined ? { width, height, maximized, fullScreen } : { x, y, width, height, maximized, fullScreen };
}

/** The part of the window one grabs to move it; if none of it is on a screen, the window is lost. */
const TITLE_BAR_HEIGHT = 40;
const MIN_VISIBLE_FRACTION = 0.25;

/**
 * Monitors come and go between runs (a laptop leaves its docking station): a window saved on one
 * that is gone is handed to the OS to centre, at a size that fits what is left.
 */
export function placeOnScreen(state: WindowState, displays: readonly DisplayLike[], defaults: { width: number; height: number }): WindowState {
  const { maximized, fullScreen } = state;
  const largest = displays.map((d) => d.workArea).reduce<Rect | undefined>((best, area) => (!best || area.width * area.height > best.width * best.height ? area : best), undefined);
  // No display reported (the screen module not ready, a headless session): nothing to measure against.
  if (!largest) return { width: defaults.width, height: defaults.height, maximized, fullScreen };

  const { x, y } = state;
  if (x !== undefined && y !== undefined) {
    const window = { x, y, width: state.width, height: state.height };
    const titleBar = { x, y, width: state.width, height: TITLE_BAR_HEIGHT };
    // Displays do not overlap, so the visible parts add up even for a window across two monitors.
    const visible = displays.reduce((sum, d) => sum + overlap(window, d.workArea), 0);
    const grabbable = displays.some((d) => overlap(titleBar, d.workArea) > 0);
    if (grabbable && visible >= MIN_VISIBLE_FRACTION * window.width * window.height) {
      const home = displays.map((d) => d.workArea).reduce((best, area) => (overlap(window, area) > overlap(window, best) ? area : best));
      // A window larger than its screen has edges nobody can reach to resize it: that axis is made to fit exactly.
      const fitsWidth = state.width <= home.width;
      const fitsHeight = state.height <= home.height;
      return {
        x: fitsWidth ? x : home.x,
        y: fitsHeight ? y : home.y,
        width: fitsWidth ? state.width : home.width,
        height: fitsHeight ? state.height : home.height,
        maximized,
        fullScreen,
      };
    }
  }
  return { width: Math.min(state.width, largest.width), height: Math.min(state.height, largest.height), maximized, fullScreen };
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

export interface WindowStateStore {
  /** The saved state, or null when there is none worth using (first start, corrupt file). */
  load(): WindowState | null;
  save(state: WindowState): void;
}

export function createWindowStateStore(file: string, logger: Logger): WindowStateStore {
  return {
    load() {
      let raw: string;
      try {
        raw = readFileSync(file, 'utf8');
      } catch (error) {
        // No file is every first start; anything else (a directory, no permission) is worth a line.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') logger.warn('window state unreadable; using defaults', { code: String(code) });
        return null;
      }
      if (raw.length > MAX_FILE_BYTES) {
        logger.warn('window state file too large; using defaults', { bytes: raw.length });
        return null;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        logger.warn('window state file is not JSON; using defaults');
        return null;
      }
      const state = parseWindowState(json);
      if (!state) logger.warn('window state file has an unknown shape; using defaults');
      return state;
    },
    save(state) {
      // Temp file, fsync, rename: a crash mid-write leaves the old file or the new one, never half of one.
      const temp = `${file}.tmp`;
      try {
        // A leftover temp file (a crash between open and rename) would keep its old mode under 'w'.
        rmSync(temp, { force: true });
        const fd = openSync(temp, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(state));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temp, file);
      } catch (error) {
        // Saves run from timers and the close handler: a full disk must cost the position, not the app.
        rmSync(temp, { force: true });
        logger.error('window state could not be saved', { code: String((error as NodeJS.ErrnoException).code ?? 'unknown') });
      }
    },
  };
}

export type WindowStateEvent = 'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close';

/** The BrowserWindow methods and events the tracker uses; a real BrowserWindow satisfies it. */
export interface WindowLike {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isDestroyed(): boolean;
  on(event: WindowStateEvent, listener: () => void): unknown;
}

const EVENTS: readonly WindowStateEvent[] = ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'];

/**
 * Saves the window's state while the user moves and resizes it (a drag fires dozens of events a
 * second, hence the debounce) and at once when it closes, which a pending timer would not outlive.
 * The normal bounds are saved, so a maximised window restores to its last unmaximised size.
 */
export function trackWindowState(window: WindowLike, save: (state: WindowState) => void, debounceMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    // A resize can still be queued when the window is torn down, and a destroyed window throws on every call.
    if (window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    save({ x, y, width, height, maximized: window.isMaximized(), fullScreen: window.isFullScreen() });
  };
  for (const event of EVENTS) {
    window.on(event, () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(saveNow, debounceMs);
    });
  }
  window.on('close', saveNow);
}
