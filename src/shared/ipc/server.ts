import { dispatch, type DispatchOptions } from './dispatch.ts';
import type { Result } from './result.ts';
import type { EventName, EventPayload, Handlers, Unsubscribe } from './types.ts';

export type InvokeHandler = (name: unknown, payload: unknown) => Promise<Result<unknown>>;

/** One way of carrying commands in and events out: Electron IPC, a WebSocket, or memory. */
export interface ServerTransport {
  /** Installs the function that answers every invocation; returns a disposer. */
  serve(invoke: InvokeHandler): Unsubscribe;
  /** Delivers an event to every connected renderer. */
  emit(name: EventName, payload: unknown): void;
}

export type EventListener = <N extends EventName>(name: N, payload: EventPayload<N>) => void;

/** What the core offers a bridge: its command handlers and a feed of its events. */
export interface BridgeSource {
  readonly handlers: Handlers;
  onEvent(listener: EventListener): Unsubscribe;
}

/** Connects a core to a transport; the same function serves Electron, the harness and tests. */
export function serveBridge(source: BridgeSource, transport: ServerTransport, options: DispatchOptions = {}): Unsubscribe {
  const stopServing = transport.serve((name, payload) => dispatch(source.handlers, name, payload, options));
  const stopEvents = source.onEvent((name, payload) => transport.emit(name, payload));
  return () => {
    stopEvents();
    stopServing();
  };
}
