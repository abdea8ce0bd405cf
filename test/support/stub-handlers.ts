import type { Handlers } from '../../src/shared/ipc/types.ts';
import { NO_POLICY } from '../../src/shared/model/policy.ts';
import { applyPreferenceChanges, DEFAULT_PREFERENCES } from '../../src/shared/model/preferences.ts';

/**
 * A complete, inert handler map for tests of the bridge and the renderer's view models, which
 * script only the commands they exercise. New commands are added here once, not in every test.
 */
export function stubHandlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': async () => ({ version: 'test', locale: 'en', defaultHomeserver: null, desktop: false }),
    'session.get': async () => ({ state: 'signedOut' }),
    'session.signIn': async (request) => ({ userId: `@${request.user}:example.org` }),
    'session.retryRestore': async () => ({ state: 'signedOut' }),
    'session.signOut': async () => null,
    'sync.status': async () => ({ state: 'stopped' }),
    'rooms.list': async () => ({ seq: 0, items: [] }),
    'rooms.createDirect': async () => ({ roomId: '!r' }),
    'rooms.join': async () => null,
    'rooms.leave': async () => null,
    'session.discover': async ({ input }) => ({ homeserver: `https://${input}`, serverName: input, login: { password: true, sso: null, oauth: false } }),
    'session.signInSso': async () => ({ userId: '@u:example.org' }),
    'session.cancelSso': async () => null,
    'devices.confirmMethods': async () => ({ password: true, sso: false }),
    'devices.signOutOthersSso': async () => ({ signedOut: 0 }),
    'updates.get': async () => ({ status: 'disabled', reason: 'unsupported' }),
    'updates.install': async () => null,
    'rooms.create': async () => ({ roomId: '!new', listed: false }),
    'rooms.setFavourite': async () => null,
    'rooms.typing': async () => null,
    'timeline.open': async ({ roomId }) => ({ windowId: 'w', roomId, readMarkerEventId: null, seq: 0, items: [], hasMoreBefore: false }),
    'timeline.markRead': async () => null,
    'messages.sendFile': async () => ({ localId: 'plenum.fedcba9876543210' }),
    'timeline.paginate': async () => ({ hasMoreBefore: false }),
    'timeline.close': async () => null,
    'messages.send': async () => ({ localId: 'plenum.0123456789abcdef' }),
    'rooms.members': async ({ roomId }) => ({ roomId, members: [], canMentionRoom: false }),
    'links.open': async () => null,
    'rooms.setNotificationMode': async () => null,
    'notifications.getKeywords': async () => ({ keywords: [] }),
    'notifications.setKeywords': async ({ keywords }) => ({ keywords }),
    'messages.forward': async () => ({ localId: 'plenum.0123456789abcdec' }),
    'messages.edit': async () => ({ localId: 'plenum.0123456789abcdee' }),
    'messages.react': async () => ({ reacted: true }),
    'messages.redact': async () => ({ localId: 'plenum.0123456789abcded' }),
    'messages.retry': async () => null,
    'messages.discard': async () => null,
    'outbox.list': async () => ({ seq: 0, items: [] }),
    'profile.setDisplayName': async () => null,
    'profile.setAvatar': async () => null,
    'devices.list': async () => ({ devices: [] }),
    'devices.signOutOthers': async () => ({ signedOut: 0 }),
    'preferences.get': async () => DEFAULT_PREFERENCES,
    'preferences.set': async (changes) => applyPreferenceChanges(DEFAULT_PREFERENCES, changes),
    'ui.setView': async () => null,
    'policy.get': async () => NO_POLICY,
    ...overrides,
  };
}
