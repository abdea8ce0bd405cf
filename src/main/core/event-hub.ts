import type { EventListener } from '../../shared/ipc/server.ts';
import type { EventName, EventPayload, Unsubscribe } from '../../shared/ipc/types.ts';

/** The core's outgoing events, typed by the contract. */
export interface EventHub {
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
  onEvent(listener: EventListener): Unsubscribe;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
