import type { Handlers } from '../../src/shared/ipc/types.ts';

/**
 * A complete, inert handler map for tests of the bridge and the renderer's view models, which
 * script only the commands they exercise. New commands are added here once, not in every test.
 */
export function stubHandlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': async () => ({ version: 'test', locale: 'en', defaultHomeserver: null }),
    'session.get': async () => ({ state: 'signedOut' }),
    'session.signIn': async (request) => ({ userId: `@${request.user}:example.org` }),
    'session.retryRestore': async () => ({ state: 'signedOut' }),
    'session.signOut': async () => null,
    'sync.status': async () => ({ state: 'stopped' }),
    'rooms.list': async () => ({ seq: 0, items: [] }),
    'rooms.createDirect': async () => ({ roomId: '!r' }),
    'rooms.join': async () => null,
    'rooms.leave': async () => null,
    'timeline.open': async () => ({ windowId: 'w', seq: 0, items: [], hasMoreBefore: false }),
    'timeline.paginate': async () => ({ hasMoreBefore: false }),
    'timeline.close': async () => null,
    'messages.send': async () => ({ localId: 'plenum.0123456789abcdef' }),
    'messages.retry': async () => null,
    'messages.discard': async () => null,
    'outbox.list': async () => ({ seq: 0, items: [] }),
    ...overrides,
  };
}
