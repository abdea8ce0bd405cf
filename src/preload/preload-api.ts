/**
 * What the sandboxed preload exposes as `window.plenum`: the contract's commands and events, and
 * nothing else. Names are checked here as well as in main, so a compromised page can't even reach
 * IPC with an unknown name, and page code never receives an IpcRendererEvent (whose `sender` would
 * hand it ipcRenderer itself).
 */
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc/channels.ts';
import { isCommandName, isEventName } from '../shared/ipc/names.ts';
import { fail, isErrorCode, type Result } from '../shared/ipc/result.ts';
import type { BridgeApi, EventName, Unsubscribe } from '../shared/ipc/types.ts';

/** The parts of Electron's `ipcRenderer` used here; structural so tests can pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type AnyListener = (payload: unknown) => void;

const noop: Unsubscribe = () => {};

export function createPreloadApi(ipc: IpcRendererLike): BridgeApi {
  const listeners = new Map<EventName, Set<AnyListener>>();
  let subscribed = false;

  // One IPC listener for all events, registered while anyone listens. It forwards the payload only.
  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (!isEventName(name)) return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // One failing page listener must not starve the others.
        console.error('plenum: event listener failed', error);
      }
    }
  };

  function unsubscribeIfIdle(): void {
    if (!subscribed || [...listeners.values()].some((set) => set.size > 0)) return;
    ipc.removeListener(EVENT_CHANNEL, onEvent);
    subscribed = false;
  }

  const api: BridgeApi = {
    async invoke(name, request) {
      // Refused here as data, not as a thrown error, like every other failure across the bridge.
      if (!isCommandName(name)) return fail('BAD_REQUEST', 'unknown command');
      let reply: unknown;
      try {
        reply = await ipc.invoke(INVOKE_CHANNEL, name, request);
      } catch {
        // E.g. main has no handler yet, or the request could not be cloned.
        return fail('NETWORK', 'the request did not reach Plenum’s core');
      }
      return (isResult(reply) ? reply : fail('INTERNAL', 'malformed reply')) as Awaited<ReturnType<BridgeApi['invoke']>>;
    },
    on(name, listener) {
      // Unknown names and non-functions are ignored, so `on` never throws into page code.
      if (!isEventName(name) || typeof listener !== 'function') return noop;
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const entry: AnyListener = (payload) => listener(payload as never);
      set.add(entry);
      if (!subscribed) {
        ipc.on(EVENT_CHANNEL, onEvent);
        subscribed = true;
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        unsubscribeIfIdle();
      };
    },
  };
  return api;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null) return false;
  const error = candidate.error as { code?: unknown; message?: unknown };
  return isErrorCode(error.code) && typeof error.message === 'string';
}
