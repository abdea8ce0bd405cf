/** The parts of Electron's `app` used here; structural so tests can pass a fake. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface DisposeBeforeQuitOptions {
  /** Never wait longer than this: a hung network call must not keep a zombie app alive. */
  readonly timeoutMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Electron does not wait for promises in `before-quit`, so the first quit is held back, the
 * disposer runs (closing the store and the sync loop cleanly), and then the quit is repeated.
 */
export function disposeBeforeQuit(
  app: QuittableApp,
  dispose: () => Promise<void>,
  options: DisposeBeforeQuitOptions = {},
): void {
  let state: 'running' | 'disposing' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.timeoutMs ?? 5_000);
    });
    void Promise.race([dispose(), timeout])
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        clearTimeout(timer);
        state = 'done';
        app.quit();
      });
  });
}
