import { ClientEvent, SyncState, type MatrixClient } from 'matrix-js-sdk';
import type { ISyncStateData } from 'matrix-js-sdk/lib/sync.js';
import type { SyncStatus } from '../../../shared/model/session.ts';
import { toSyncStatus } from './sync-status.ts';

/**
 * How a session keeps its client current. Today this is matrix-js-sdk's v2 `/sync`; simplified
 * sliding sync (MSC4186) is to replace it behind this interface. The session starts, stops and
 * nudges a loop and hears a protocol-neutral status — never the SDK's sync states or tokens — and
 * reads rooms from the client, which both protocols fill.
 */
export interface SyncLoop {
  /** Starts syncing; with saved state, resolves once that state is loaded (offline too), not when the server answers. */
  start(): Promise<void>;
  /** Stops syncing; the SDK's own pending work is let settle first (see below). */
  stop(): Promise<void>;
  /**
   * Probes the server now instead of at the next backoff step: for when the OS reports the network
   * back or the machine wakes up (an Electron adapter's job, through a connectivity port).
   */
  retryNow(): void;
}

export interface SyncLoopHooks {
  readonly onStatus: (status: SyncStatus) => void;
  /** After every sync, cached or live: the moment to persist, then project. */
  readonly onSynced: () => void;
}

export interface V2SyncOptions {
  /** A saved position exists: start() waits (briefly) for the SDK to replay it. */
  readonly hasSavedState: boolean;
}

/** How long start() waits for saved state and stop() for the loop to get going. */
const STARTUP_SETTLE_MS = 3_000;

/** v2 `/sync` with lazy-loaded members, through matrix-js-sdk's SyncApi. */
export function createV2SyncLoop(client: MatrixClient, hooks: SyncLoopHooks, options: V2SyncOptions): SyncLoop {
  let markLive: () => void = () => {};
  const live = new Promise<void>((resolve) => (markLive = resolve));
  let markFirstSync: () => void = () => {};
  const firstSync = new Promise<void>((resolve) => (markFirstSync = resolve));
  const pacer = createReconnectPacer(() => client.retryImmediately());
  const onSync = (state: SyncState, _previous: SyncState | null, data?: ISyncStateData): void => {
    markFirstSync();
    if (!data?.fromCache) markLive();
    pacer.observe(state, data);
    hooks.onStatus(toSyncStatus(state, data));
    hooks.onSynced();
  };

  return {
    async start() {
      client.on(ClientEvent.Sync, onSync);
      await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true });
      // With saved state, starting means "the cached rooms are loaded": the SDK replays them without
      // the network, so the first room list a window sees after a restart is complete, even offline.
      if (options.hasSavedState) await Promise.race([firstSync, delay(STARTUP_SETTLE_MS)]);
    },
    async stop() {
      // matrix-js-sdk 43 sends its first /sync while still starting up and only awaits it once its
      // loop runs; stopped before that, the request's AbortError is left unhandled (which would end
      // a Node process). So a stop first lets the loop reach its first live answer, briefly.
      await Promise.race([live, delay(STARTUP_SETTLE_MS)]);
      // Before the SDK stops: a probe started after it would reject a promise nobody awaits any more.
      pacer.dispose();
      client.stopClient();
    },
    retryNow: () => pacer.retryNow(),
  };
}

/**
 * Waits before the first probes after a lost connection, with jitter so clients cut off together
 * do not return together. matrix-js-sdk 43 waits 2–7 s before its first /versions probe and
 * 5–10 s between later ones, flat (SyncApi.startKeepAlives/pokeKeepAlive); these shorter steps come
 * first and the SDK's interval is the cap, so a short outage (a restarted server, a Wi-Fi hand-over)
 * ends within about a second while a long one costs a probe every 5–10 s.
 */
export const RECONNECT_STEPS_MS: readonly number[] = [500, 1_000, 2_000, 4_000];

export interface ReconnectPacer {
  /** Every sync state the SDK reports, in order. */
  observe(state: SyncState, data?: ISyncStateData): void;
  /** Probes at once if the connection is down and no probe of ours is under way; restarts the steps. */
  retryNow(): void;
  dispose(): void;
}

/**
 * Drives the SDK's keep-alive through its public `retryImmediately()` (which replaces its pending
 * probe timer with a probe now). A step is only scheduled right after the SDK reports RECONNECTING
 * or ERROR — that is, right after it armed its own timer and with no probe in flight — and is
 * shorter than that timer, so there is only ever one chain of probes.
 */
export function createReconnectPacer(
  retry: () => boolean,
  steps: readonly number[] = RECONNECT_STEPS_MS,
  random: () => number = Math.random,
): ReconnectPacer {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let down = false;
  let probing = false;
  let disposed = false;

  const cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  const probe = (): void => {
    timer = undefined;
    if (!disposed) probing = retry();
  };

  return {
    observe(state, data) {
      // Replayed saved state says nothing about the connection.
      if (state === SyncState.Prepared && data?.fromCache) return;
      cancel();
      probing = false;
      if (state === SyncState.Syncing || state === SyncState.Prepared) {
        down = false;
        attempt = 0;
        return;
      }
      if (state === SyncState.Stopped || isFinal(data)) {
        down = false;
        return;
      }
      if (state !== SyncState.Reconnecting && state !== SyncState.Error) return; // Catchup: a probe answered
      down = true;
      const step = steps[attempt];
      if (step === undefined || disposed) return; // from here on the SDK's own interval paces the probes
      attempt += 1;
      timer = setTimeout(probe, step / 2 + random() * (step / 2));
      timer.unref?.();
    },
    retryNow() {
      if (disposed || !down || probing) return;
      cancel();
      attempt = 0;
      probe();
    },
    dispose() {
      disposed = true;
      cancel();
    },
  };
}

/** An invalid token stops the SDK's loop for good: probing could not bring it back. */
const isFinal = (data?: ISyncStateData): boolean => (data?.error as { errcode?: unknown } | undefined)?.errcode === 'M_UNKNOWN_TOKEN';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
