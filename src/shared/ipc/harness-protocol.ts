/**
 * The WebSocket subprotocol of the browser harness's bridge. The harness server refuses other
 * upgrades, and the packaged renderer must not contain this string (checked by a test).
 */
export const HARNESS_BRIDGE_PROTOCOL = 'plenum-harness-bridge.v1';
