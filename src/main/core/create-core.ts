import type { BridgeSource } from '../../shared/ipc/server.ts';
import type { Handlers } from '../../shared/ipc/types.ts';
import { createEventHub } from './event-hub.ts';
import type { CorePorts } from './ports.ts';
import { createSessionManager } from './session/session-manager.ts';

export interface Core extends BridgeSource {
  dispose(): Promise<void>;
}

/** The one composition of Plenum's Matrix core; Electron, the browser harness and tests all call this. */
export function createCore(ports: CorePorts): Core {
  const hub = createEventHub();
  const session = createSessionManager(ports, hub);

  const handlers = {
    'app.info': async () => ({
      version: ports.app.version,
      locale: ports.app.locale,
      defaultHomeserver: ports.app.defaultHomeserver ?? null,
    }),
    'session.get': async () => session.view(),
    'session.signIn': (request) => session.signIn(request),
    'session.signOut': async () => {
      await session.signOut();
      return null;
    },
    'sync.status': async () => session.syncStatus(),
  } satisfies Handlers;

  return {
    handlers,
    onEvent: hub.onEvent,
    dispose: () => session.dispose(),
  };
}
