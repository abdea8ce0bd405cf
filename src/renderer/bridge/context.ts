import { getContext, setContext } from 'svelte';
import type { BridgeApi } from '../../shared/ipc/types.ts';

const key = Symbol('bridge');

/** The app's one bridge to main, for view models created inside components. */
export const provideBridge = (bridge: BridgeApi): BridgeApi => setContext(key, bridge);

export function useBridge(): BridgeApi {
  const bridge = getContext<BridgeApi | undefined>(key);
  if (!bridge) throw new Error('useBridge() needs provideBridge() in an ancestor');
  return bridge;
}
