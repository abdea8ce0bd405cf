/**
 * The browser harness's bridge: the same BridgeApi as the preload's, carried over a loopback
 * WebSocket. Compiled only into the harness build (see `__PLENUM_HARNESS__`), never into the app.
 */
import { createEnvelopeClient } from '../../shared/ipc/client.ts';
import { parseServerMessage } from '../../shared/ipc/envelope.ts';
import { HARNESS_BRIDGE_PROTOCOL } from '../../shared/ipc/harness-protocol.ts';
import type { BridgeApi } from '../../shared/ipc/types.ts';

export function connectWebSocketBridge(location: Location): Promise<BridgeApi> {
  const url = new URL('/bridge', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url, HARNESS_BRIDGE_PROTOCOL);
  const client = createEnvelopeClient((message) => {
    if (socket.readyState !== WebSocket.OPEN) throw new Error('bridge closed');
    socket.send(JSON.stringify(message));
  });
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = typeof event.data === 'string' ? parseServerMessage(event.data) : undefined;
    if (message) client.receive(message);
  });
  socket.addEventListener('close', () => client.disconnect('the connection to Plenum’s core closed'));
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(client.api), { once: true });
    socket.addEventListener('error', () => reject(new Error('the harness bridge refused the connection')), { once: true });
  });
}
