import { createEnvelopeClient } from './client.ts';
import { parseClientMessage, parseServerMessage, type ServerMessage } from './envelope.ts';
import type { InvokeHandler, ServerTransport } from './server.ts';
import type { BridgeApi } from './types.ts';

/**
 * A connected client/server pair that passes every message through JSON text, as a real wire does,
 * so tests catch payloads that would not survive serialisation.
 */
export function createMemoryTransportPair(): { server: ServerTransport; client: BridgeApi } {
  let invoke: InvokeHandler | undefined;
  const toClient = (message: ServerMessage): void => {
    const parsed = parseServerMessage(JSON.stringify(message));
    if (parsed) void Promise.resolve().then(() => client.receive(parsed));
  };

  const client = createEnvelopeClient((message) => {
    const parsed = parseClientMessage(JSON.stringify(message));
    if (!parsed || !invoke) throw new Error('no server');
    const serve = invoke;
    void serve(parsed.name, parsed.payload).then((result) => toClient({ t: 'reply', id: parsed.id, result }));
  });

  const server: ServerTransport = {
    serve(handler) {
      invoke = handler;
      return () => {
        if (invoke === handler) invoke = undefined;
      };
    },
    emit(name, payload) {
      toClient({ t: 'event', name, payload });
    },
  };
  return { server, client: client.api };
}
