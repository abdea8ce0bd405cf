import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';

/** The parts of the page whose focus and visibility decide whether the user is looking. */
export interface AttentionSource {
  hasFocus(): boolean;
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}
export interface FocusEvents {
  addEventListener(type: 'focus' | 'blur', listener: () => void): void;
  removeEventListener(type: 'focus' | 'blur', listener: () => void): void;
}

/**
 * Tells main which room is open and whether the window is looked at, so the open room of a focused
 * window never notifies and opening a room takes its notifications back. Only changes are sent.
 */
export class WindowViewReporter {
  #bridge: BridgeApi;
  #document: AttentionSource;
  #window: FocusEvents;
  #activeRoomId: string | null = null;
  #sent = '';
  #stops: Unsubscribe[] = [];

  constructor(bridge: BridgeApi, page: AttentionSource = document, win: FocusEvents = window) {
    this.#bridge = bridge;
    this.#document = page;
    this.#window = win;
  }

  start(): void {
    const update = (): void => this.#report();
    this.#window.addEventListener('focus', update);
    this.#window.addEventListener('blur', update);
    this.#document.addEventListener('visibilitychange', update);
    this.#stops.push(() => {
      this.#window.removeEventListener('focus', update);
      this.#window.removeEventListener('blur', update);
      this.#document.removeEventListener('visibilitychange', update);
    });
    this.#report();
  }

  setActiveRoom(roomId: string | null): void {
    this.#activeRoomId = roomId;
    this.#report();
  }

  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
    // Nothing is on screen any more: every room may notify again.
    void this.#bridge.invoke('ui.setView', { activeRoomId: null, windowFocused: false });
  }

  #report(): void {
    const view = { activeRoomId: this.#activeRoomId, windowFocused: this.#document.visibilityState === 'visible' && this.#document.hasFocus() };
    const json = JSON.stringify(view);
    if (json === this.#sent) return;
    this.#sent = json;
    void this.#bridge.invoke('ui.setView', view);
  }
}
