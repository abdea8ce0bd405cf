import { getContext, setContext } from 'svelte';

export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: 'info' | 'success' | 'error';
  readonly action?: { readonly label: string; readonly run: () => void };
}

export interface ShowToast {
  readonly tone?: Toast['tone'];
  readonly action?: Toast['action'];
  /** Milliseconds; errors and toasts with an action stay until dismissed unless this is given. */
  readonly timeoutMs?: number;
}

/** Short notices that do not interrupt: "Room created", "Could not leave the room — Try again". */
export class Toasts {
  #items = $state<readonly Toast[]>([]);
  #next = 1;

  get items(): readonly Toast[] {
    return this.#items;
  }

  show(message: string, options: ShowToast = {}): number {
    const id = this.#next++;
    const tone = options.tone ?? 'info';
    this.#items = [...this.#items, { id, message, tone, ...(options.action ? { action: options.action } : {}) }];
    const sticky = tone === 'error' || options.action !== undefined;
    const timeout = options.timeoutMs ?? (sticky ? undefined : 5000);
    if (timeout !== undefined) setTimeout(() => this.dismiss(id), timeout);
    return id;
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((toast) => toast.id !== id);
  }
}

const key = Symbol('toasts');
export const provideToasts = (toasts: Toasts): Toasts => setContext(key, toasts);
export function useToasts(): Toasts {
  const toasts = getContext<Toasts | undefined>(key);
  if (!toasts) throw new Error('useToasts() needs provideToasts() in an ancestor');
  return toasts;
}
