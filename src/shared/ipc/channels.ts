/**
 * The two Electron IPC channels of the bridge. Main and the preload both need them, and they carry
 * only (name, payload) pairs whose names come from the contract, so they live beside it.
 */
export const INVOKE_CHANNEL = 'plenum:invoke';
export const EVENT_CHANNEL = 'plenum:event';
