import { isEventName } from './names.ts';
import { fail, type Result } from './result.ts';
import type { ClientMessage, ServerMessage } from './envelope.ts';
import type { BridgeApi, EventName, Unsubscribe } from './types.ts';

type AnyListener = (payload: unknown) => void;

export interface EnvelopeClient {
  readonly api: BridgeApi;
  /** Feed every message that arrives from the server. */
  receive(message: ServerMessage): void;
  /** The connection is gone: pending calls fail with NETWORK instead of hanging. */
  disconnect(reason: string): void;
}

/** A BridgeApi on top of any message channel (WebSocket, memory); the channel only moves envelopes. */
export function createEnvelopeClient(send: (message: ClientMessage) => void): EnvelopeClient {
  let nextId = 0;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<AnyListener>>();

  const api: BridgeApi = {
    invoke(name, request) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        try {
          send({ t: 'invoke', id, name, payload: request });
        } catch {
          pending.delete(id);
          resolve(fail('NETWORK', 'the connection to Plenum\'s core is closed'));
        }
      });
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as AnyListener);
      return (): void => {
        set.delete(listener as AnyListener);
      };
    },
  };

  return {
    api,
    receive(message) {
      if (message.t === 'reply') {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      if (!isEventName(message.name)) return;
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
    },
    disconnect(reason) {
      for (const resolve of pending.values()) resolve(fail('NETWORK', reason));
      pending.clear();
    },
  };
}

export type { Unsubscribe };
