import { SvelteMap } from 'svelte/reactivity';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { TypingView } from '../../shared/model/rooms.ts';
import type { MessageKey, MessageValues } from '../i18n/translator.ts';

export type TypingUser = TypingView['users'][number];

const NOBODY: readonly TypingUser[] = [];

/** Who is typing in which room, from the core's `typing.changed` events (never this user). */
export class TypingModel {
  #bridge: BridgeApi;
  #rooms = new SvelteMap<string, readonly TypingUser[]>();
  #stops: Unsubscribe[] = [];

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  /** The people typing in a room, in the order the server lists them. */
  users(roomId: string): readonly TypingUser[] {
    return this.#rooms.get(roomId) ?? NOBODY;
  }

  start(): void {
    if (this.#stops.length > 0) return;
    this.#stops.push(
      this.#bridge.on('typing.changed', ({ roomId, users }) => {
        if (users.length === 0) this.#rooms.delete(roomId);
        else this.#rooms.set(roomId, users);
      }),
      // Another account may sign in next; it must not inherit who was typing to the last one.
      this.#bridge.on('session.changed', (session) => {
        if (session.state !== 'signedIn') this.#rooms.clear();
      }),
    );
  }

  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#rooms.clear();
  }
}

/** "Bob is typing…", "Bob and Carol are typing…", "Several people are typing…"; null for nobody. */
export function describeTyping(users: readonly TypingUser[]): { key: MessageKey; values?: MessageValues } | null {
  const [first, second, ...others] = users;
  if (!first) return null;
  if (!second) return { key: 'composer.typing.one', values: { name: first.name } };
  if (others.length === 0) return { key: 'composer.typing.two', values: { first: first.name, second: second.name } };
  return { key: 'composer.typing.several' };
}

/**
 * Typing notices arrive only as changes and there is no command to ask who is typing, so one model
 * per bridge listens for the whole session; a room view opened later still knows who is typing.
 */
const shared = new WeakMap<BridgeApi, TypingModel>();
export function typingModelFor(bridge: BridgeApi): TypingModel {
  let model = shared.get(bridge);
  if (!model) {
    model = new TypingModel(bridge);
    model.start();
    shared.set(bridge, model);
  }
  return model;
}

export interface TypingTimings {
  /** While typing continues, the notice is renewed at most this often. */
  readonly renewMs: number;
  /** Without a keystroke for this long, the user has stopped typing. */
  readonly idleMs: number;
}

export const TYPING_TIMINGS: TypingTimings = { renewMs: 4_000, idleMs: 5_000 };

/**
 * Tells the room that this user is typing, without a request per keystroke: `typing: true` when
 * typing starts and at most every `renewMs` while it goes on, `typing: false` once after `idleMs`
 * of quiet or when stop() is called (sent, blurred, room left). Failures are ignored: a typing
 * notice is a courtesy, and the next keystroke tries again.
 */
export class TypingNotifier {
  #bridge: BridgeApi;
  #roomId: string;
  #timings: TypingTimings;
  #active = false;
  #lastSent = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(bridge: BridgeApi, roomId: string, timings: TypingTimings = TYPING_TIMINGS) {
    this.#bridge = bridge;
    this.#roomId = roomId;
    this.#timings = timings;
  }

  typed(): void {
    const now = Date.now();
    if (!this.#active || now - this.#lastSent >= this.#timings.renewMs) {
      this.#active = true;
      this.#lastSent = now;
      void this.#bridge.invoke('rooms.typing', { roomId: this.#roomId, typing: true });
    }
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.stop(), this.#timings.idleMs);
  }

  stop(): void {
    clearTimeout(this.#idle);
    this.#idle = undefined;
    if (!this.#active) return;
    this.#active = false;
    void this.#bridge.invoke('rooms.typing', { roomId: this.#roomId, typing: false });
  }
}
