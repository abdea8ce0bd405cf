import type { WebSocket } from 'ws';
import { parseClientMessage, type ServerMessage } from '../shared/ipc/envelope.ts';
import type { InvokeHandler, ServerTransport } from '../shared/ipc/server.ts';

/** Largest client message the harness accepts; a sign-in request is well under 10 KiB. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

export interface WebSocketTransport extends ServerTransport {
  /** Adopts an already authenticated socket. */
  attach(socket: WebSocket): void;
  close(): void;
}

/** The harness's ServerTransport: the same envelopes as the memory transport, over loopback WebSockets. */
export function createWebSocketTransport(): WebSocketTransport {
  const sockets = new Set<WebSocket>();
  let invoke: InvokeHandler | undefined;

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  return {
    serve(handler) {
      invoke = handler;
      return () => {
        if (invoke === handler) invoke = undefined;
      };
    },
    emit(name, payload) {
      for (const socket of sockets) send(socket, { t: 'event', name, payload });
    },
    attach(socket) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('message', (data, isBinary) => {
        const message = isBinary ? undefined : parseClientMessage(data.toString());
        // A message that is not an envelope cannot be answered (it has no id): drop the connection.
        if (!message || !invoke) return socket.close(1008, 'malformed message');
        void invoke(message.name, message.payload).then((result) => send(socket, { t: 'reply', id: message.id, result }));
      });
    },
    close() {
      for (const socket of sockets) socket.close(1001, 'harness stopping');
      sockets.clear();
    },
  };
}
