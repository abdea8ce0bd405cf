import type * as v from 'valibot';
import type { contract } from './contract.ts';
import type { Result } from './result.ts';

type Commands = typeof contract.commands;
type Events = typeof contract.events;

export type CommandName = keyof Commands;
export type EventName = keyof Events;
/** The request after validation in main (what a handler receives). */
export type Request<N extends CommandName> = v.InferOutput<Commands[N]['request']>;
/** The request a caller writes (before transforms such as trimming). */
export type RequestInput<N extends CommandName> = v.InferInput<Commands[N]['request']>;
export type Reply<N extends CommandName> = Commands[N]['reply'];
export type EventPayload<N extends EventName> = Events[N]['payload'];

/** Main implements exactly this; a missing or mistyped handler fails the type check via `satisfies Handlers`. */
export type Handlers = { readonly [N in CommandName]: (request: Request<N>) => Promise<Reply<N>> };

export type Unsubscribe = () => void;

/**
 * What the renderer sees: the preload's `window.plenum` in Electron, the WebSocket client in the
 * browser harness, the memory transport in tests. Results, never thrown errors.
 */
export interface BridgeApi {
  invoke<N extends CommandName>(name: N, request: RequestInput<N>): Promise<Result<Reply<N>>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): Unsubscribe;
}
