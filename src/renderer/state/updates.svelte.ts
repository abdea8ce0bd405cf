import { getContext, setContext } from 'svelte';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import type { UpdateState } from '../../shared/model/updates.ts';

/** What the window assumes until main has answered (and what the browser harness always answers). */
export const NO_UPDATES: UpdateState = { status: 'disabled', reason: 'unsupported' };

/** What the workspace's banner shows: an update waiting for consent, one installing, or a failed install. */
export type UpdateBannerPhase = 'ready' | 'installing' | 'failed';

/**
 * Automatic updates as the window shows them. Main runs them (src/main/shell/update-policy.ts) and
 * decides everything; this model mirrors its state and carries the user's consent ("Restart and
 * update") back. A downloaded update the organisation's policy installs on quit asks nobody, so it
 * never shows the banner.
 *
 * "Later" hides the banner for that version only; a newer download shows it again. The choice lives
 * as long as the window's models (main.ts creates this one once), so a language change keeps it.
 */
export class UpdatesModel {
  #bridge: BridgeApi;
  #state = $state.raw<UpdateState>(NO_UPDATES);
  /** The install command is under way (the button says "Restarting…"). */
  #requesting = $state(false);
  /** The install command itself failed (no update waited any more, or main could not be asked). */
  #commandFailed = $state(false);
  /** The version "Later" was chosen for. */
  #dismissedVersion = $state<string | null>(null);
  /** The failure message was closed. */
  #failureDismissed = $state(false);
  #heard = false;
  #stops: Unsubscribe[] = [];
  #disposed = false;

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  /** Where updates stand, as main last said; "unsupported" until it has answered. */
  get state(): UpdateState {
    return this.#state;
  }
  /** The install command is on its way to main. */
  get busy(): boolean {
    return this.#requesting;
  }
  /** Installing failed: the command was refused, or the updater failed while installing. */
  get installFailed(): boolean {
    return this.#commandFailed || (this.#state.status === 'error' && this.#state.during === 'install');
  }
  /** "Later" was chosen for the update that waits now. */
  get dismissed(): boolean {
    return this.#state.status === 'downloaded' && this.#state.version === this.#dismissedVersion;
  }
  /** What the banner shows, or null for no banner. */
  get banner(): UpdateBannerPhase | null {
    if (this.installFailed) return this.#failureDismissed ? null : 'failed';
    const state = this.#state;
    if (state.status === 'installing') return 'installing';
    if (state.status === 'downloaded' && !state.installsOnQuit && !this.dismissed) return 'ready';
    return null;
  }

  /** Follows main's update state; the first answer never overwrites a change heard meanwhile. */
  async start(): Promise<void> {
    this.#stops.push(
      this.#bridge.on('updates.changed', (next) => {
        this.#heard = true;
        this.#apply(next);
      }),
    );
    const result = await this.#bridge.invoke('updates.get', {});
    if (result.ok && !this.#heard && !this.#disposed) this.#apply(result.value);
  }

  dispose(): void {
    this.#disposed = true;
    for (const stop of this.#stops.splice(0)) stop();
  }

  /**
   * The user's consent: main quits and installs the downloaded update (Plenum starts again
   * afterwards). False, with installFailed set, when it could not; true when main took it over.
   */
  async install(): Promise<boolean> {
    if (this.#requesting) return false;
    this.#requesting = true;
    this.#commandFailed = false;
    this.#failureDismissed = false;
    try {
      const result = await this.#bridge.invoke('updates.install', {});
      if (!result.ok) this.#commandFailed = true;
      return result.ok;
    } finally {
      this.#requesting = false;
    }
  }

  /** "Later" (for the waiting version only), or closing the failure message. */
  dismiss(): void {
    if (this.installFailed) this.#failureDismissed = true;
    if (this.#state.status === 'downloaded') this.#dismissedVersion = this.#state.version;
  }

  #apply(next: UpdateState): void {
    const previous = this.#state;
    this.#state = next;
    if (next.status !== previous.status) {
      // A new turn of the flow: an earlier failed click says nothing about it.
      this.#commandFailed = false;
      if (!(next.status === 'error' && next.during === 'install')) this.#failureDismissed = false;
    }
  }
}

const key = Symbol('updates');
export const provideUpdates = (updates: UpdatesModel): UpdatesModel => setContext(key, updates);
export function useUpdates(): UpdatesModel {
  const updates = getContext<UpdatesModel | undefined>(key);
  if (!updates) throw new Error('useUpdates() needs provideUpdates() in an ancestor');
  return updates;
}
/**
 * The model if an ancestor provides one. For the settings' Desktop section, which the unit tests
 * also render outside the app (test/unit/renderer/components/WithContext.svelte provides no updates
 * yet); it then leaves its Updates group out. The app always provides the model.
 */
export const findUpdates = (): UpdatesModel | undefined => getContext<UpdatesModel | undefined>(key);
