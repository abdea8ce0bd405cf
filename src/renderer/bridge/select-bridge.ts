import type { BridgeApi } from '../../shared/ipc/types.ts';

declare const __PLENUM_HARNESS__: boolean;

declare global {
  interface Window {
    /** Exposed by the preload script through contextBridge; absent in a plain browser. */
    readonly plenum?: BridgeApi;
  }
}

/**
 * The preload's bridge in Electron; the WebSocket bridge only in the harness build. The constant
 * is replaced at build time, so the packaged renderer contains no WebSocket code path at all.
 */
export async function selectBridge(): Promise<BridgeApi | undefined> {
  if (window.plenum) return window.plenum;
  if (__PLENUM_HARNESS__) {
    const { connectWebSocketBridge } = await import('./ws-bridge.ts');
    return connectWebSocketBridge(window.location);
  }
  return undefined;
}
