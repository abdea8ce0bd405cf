import type { MatrixClient } from 'matrix-js-sdk';
import { logger as sdkGlobalLogger } from 'matrix-js-sdk/lib/logger.js';
import type { BridgeSource } from '../../shared/ipc/server.ts';
import type { Handlers } from '../../shared/ipc/types.ts';
import { createAccount } from './account/account.ts';
import { createEventHub } from './event-hub.ts';
import { createMediaResponder, type MediaResponder } from './media/media-responder.ts';
import { createNotificationEngine } from './notifications/notification-engine.ts';
import { createNotificationSettings } from './notifications/push-rule-settings.ts';
import { createManagedSettings } from './policy/managed-settings.ts';
import { notificationLanguage } from './notifications/notification-text.ts';
import { createOutbox } from './outbox/outbox.ts';
import { openOutboxStore } from './outbox/outbox-store.ts';
import type { CorePorts, UnreadCounts } from './ports.ts';
import type { MatrixLink } from '../../shared/links/matrix-link.ts';
import type { Policy } from '../../shared/policy/policy-schema.ts';
import type { Preferences } from '../../shared/model/preferences.ts';
import type { UpdateState } from '../../shared/model/updates.ts';
import type { RoomSummary } from '../../shared/model/rooms.ts';
import { AppFailure } from '../../shared/ipc/result.ts';
import { openPreferences } from './preferences/preferences.ts';
import { createLinkOpener } from './rooms/open-link.ts';
import { createMessageActions } from './rooms/message-actions.ts';
import { createRoomActions } from './rooms/room-actions.ts';
import { createSpaceActions } from './rooms/spaces.ts';
import { createRoomAdmin } from './rooms/room-admin.ts';
import { createRoomListProjection } from './rooms/room-list.ts';
import { roomMembers } from './rooms/room-members.ts';
import { searchMessages, searchPeople } from './rooms/search.ts';
import { parseMatrixLink } from '../../shared/links/matrix-link.ts';
import { createTypingNotices } from './rooms/typing.ts';
import { discoverServer } from './session/discover-server.ts';
import { quietSdkGlobalLogger } from './session/sdk-logger.ts';
import { createSessionManager, DEFAULT_SSO_TIMEOUT_MS } from './session/session-manager.ts';
import { SSO_PAGE_TEXT } from './session/sso-page-text.ts';
import { createReadMarkers } from './timeline/read-markers.ts';
import { createTimelineWindows } from './timeline/timeline-windows.ts';
import { threadView } from './timeline/threads.ts';
import { openLocalStore } from './store/local-store.ts';

export interface Core extends BridgeSource {
  /** Serves the renderer's media URLs (plenum-media: in Electron, /media/ in the harness). */
  readonly media: MediaResponder;
  /** Asks the renderer to show a room: a notification was clicked (later: a deep link). */
  openRoom(roomId: string, eventId: string | null): void;
  /** The native menu's Settings and Keyboard shortcuts: the window shows them. */
  showView(view: 'settings' | 'shortcuts'): void;
  /** A deep link from the OS or a clicked permalink: shows the room or direct chat it names. */
  openLink(link: MatrixLink): Promise<void>;
  /** The policy in force once every source has answered, for main's own decisions (updates). */
  policy(): Promise<Policy>;
  /**
   * Main's automatic updates (they need Electron, so they live outside the core): the window hears
   * their state and gives its consent through the bridge. Until attached, updates are "unsupported".
   */
  attachUpdates(updates: UpdateSource): void;
  /** Resolves once every notification batch received so far has been decided. */
  notificationsIdle(): Promise<void>;
  /** Resumes a stored session (from disk first, then the network). */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** The organisation fixes the homeserver or lists the allowed ones: sign-in checks the server first. */
const restrictsServers = (policy: Policy): boolean => policy.HomeserverUrl !== undefined || (policy.AllowedHomeservers?.length ?? 0) > 0;

/** Before main attaches its updates (and always in the browser harness): nothing to update here. */
const NO_UPDATES: UpdateState = { status: 'disabled', reason: 'unsupported' };

/** What the core needs of main's update flow (src/main/shell/update-policy.ts's UpdateFlow has it). */
export interface UpdateSource {
  state(): UpdateState;
  onChange(listener: (state: UpdateState) => void): () => void;
  /** Quits and installs a downloaded update; false when none waits. */
  consent(): boolean;
}

/** The badge's numbers, from the room list the user sees (so the badge and the list never disagree). */
export function unreadCounts(rooms: readonly RoomSummary[]): UnreadCounts {
  let notifications = 0;
  let highlights = 0;
  let unreadRooms = 0;
  let invites = 0;
  for (const room of rooms) {
    if (room.membership === 'invite') {
      invites += 1;
      continue;
    }
    notifications += room.unread;
    highlights += room.highlights;
    if (room.unread > 0) unreadRooms += 1;
  }
  return { rooms: unreadRooms, notifications, highlights, invites };
}

/** The one composition of Plenum's Matrix core; Electron, the browser harness and tests all call this. */
export function createCore(ports: CorePorts): Core {
  // Parts of matrix-js-sdk still log through its process-wide logger at debug level, with room and
  // event IDs: only its warnings and errors may reach the console.
  quietSdkGlobalLogger(sdkGlobalLogger);
  const hub = createEventHub();
  const store = openLocalStore(ports.dataDir);
  if (store.rebuilt) ports.logger.warn('the local store was unreadable and has been rebuilt; it refills from the server');
  // Its own file: rebuilding a corrupt cache must never lose an unsent message.
  const outboxStore = openOutboxStore(ports.dataDir);
  if (outboxStore.rebuilt) ports.logger.error('the outbox was unreadable and has been set aside; messages in it were not sent');
  const outbox = createOutbox({ store: outboxStore, hub, logger: ports.logger });
  const rooms = createRoomListProjection(hub);
  const roomActions = createRoomActions();
  const messageActions = createMessageActions(outbox);
  const notificationSettings = createNotificationSettings();
  const roomAdmin = createRoomAdmin();
  const spaces = createSpaceActions(() => {
    if (syncedClient) rooms.refresh(syncedClient);
  });
  const timelines = createTimelineWindows(hub);
  const typing = createTypingNotices(hub);
  const readMarkers = createReadMarkers();
  // Profile commands reply once session.changed carries the new name or picture.
  const account = createAccount({ profileChanged: () => session.refreshProfile() });
  const managed = createManagedSettings(ports.policySources ?? [], ports.logger);
  const preferences = openPreferences(ports.dataDir, hub, ports.logger, (stored) => managed.effective(stored));
  const effectivePreferences = (): Preferences => managed.effective(preferences.get());
  const links = createLinkOpener(hub, ports.logger);
  let updates: UpdateSource | undefined;
  // The single sign-on confirmation of "sign out other sessions" that waits for the browser, if any.
  let reauthCancel: AbortController | undefined;
  let stopUpdates: (() => void) | undefined;
  const notifications = ports.notifier
    ? createNotificationEngine({
        notifier: ports.notifier,
        logger: ports.logger,
        settings: () => {
          const { showMessagePreviews, doNotDisturb, language } = effectivePreferences();
          return { showMessagePreviews, doNotDisturb, language: notificationLanguage(language, ports.app.locale) };
        },
      })
    : null;
  // The signed-in session's client, for the media responder to find events (and their keys) in.
  let syncedClient: MatrixClient | null = null;
  /** The synced client for commands that read straight from it (members, search). */
  const signedInClient = (): MatrixClient => {
    if (!syncedClient) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return syncedClient;
  };
  const fetchFn: typeof fetch = ports.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const session = createSessionManager(ports, store, hub, {
    // Commands work from the moment a session runs, not only after its first sync.
    started: (running) => {
      outbox.attach(running);
      roomActions.attach(running.client);
      messageActions.attach(running.client);
      notificationSettings.attach(running.client);
      roomAdmin.attach(running.client);
      spaces.attach(running.client);
      typing.attach(running.client);
      readMarkers.attach(running.client);
      account.attach(running.client);
      notifications?.attach(running.client);
    },
    stopping: () => outbox.detach(),
    synced: (client) => {
      syncedClient = client;
      rooms.refresh(client);
      ports.unread?.set(unreadCounts(rooms.snapshot().items));
      timelines.refresh(client);
      links.synced(client);
      outbox.synced();
    },
    ended: (userId) => {
      syncedClient = null;
      rooms.clear();
      roomActions.detach();
      messageActions.detach();
      notificationSettings.detach();
      roomAdmin.detach();
      spaces.detach();
      typing.detach();
      readMarkers.detach();
      account.detach();
      notifications?.detach();
      links.detach();
      ports.unread?.set({ rooms: 0, notifications: 0, highlights: 0, invites: 0 });
      timelines.closeAll();
      outbox.forget(userId);
    },
  });

  const handlers = {
    'app.info': async () => {
      await managed.ready;
      return {
      version: ports.app.version,
      locale: ports.app.locale,
      defaultHomeserver: managed.policy().HomeserverUrl ?? ports.app.defaultHomeserver ?? null,
      desktop: ports.app.desktop ?? false,
      };
    },
    'session.get': async () => session.view(),
    'session.signIn': async (request) => {
      await managed.ready;
      const policy = managed.policy();
      // Refused here, not only hidden on the sign-in screen: a password must not leave at all.
      if (policy.DisablePasswordLogin === true) throw new AppFailure('POLICY_LOCKED', 'your organisation allows single sign-on only');
      const homeserver = policy.HomeserverUrl ?? request.homeserver;
      if (restrictsServers(policy) || policy.ForceSso === true) {
        // Checked before any credentials leave: the server a Matrix ID names counts when the field is empty.
        const found = await discoverServer(homeserver || request.user.split(':').slice(1).join(':'), fetchFn);
        managed.checkHomeserver(found.serverName, found.homeserver);
        if (policy.ForceSso === true && found.login.sso !== null) throw new AppFailure('POLICY_LOCKED', 'your organisation signs in through single sign-on here');
      }
      return session.signIn({ ...request, homeserver });
    },
    'session.signInSso': async (request) => {
      await managed.ready;
      const policy = managed.policy();
      const homeserver = policy.HomeserverUrl ?? request.homeserver;
      if (restrictsServers(policy)) {
        const found = await discoverServer(homeserver, fetchFn);
        managed.checkHomeserver(found.serverName, found.homeserver);
      }
      const language = notificationLanguage(effectivePreferences().language, ports.app.locale);
      return session.signInSso({ homeserver, identityProvider: request.identityProvider, pageText: SSO_PAGE_TEXT[language] });
    },
    'session.cancelSso': async () => {
      session.cancelSso();
      reauthCancel?.abort();
      return null;
    },
    'session.retryRestore': async () => {
      await session.restore();
      return session.view();
    },
    'session.signOut': async () => {
      await session.signOut();
      return null;
    },
    'session.discover': ({ input }) => discoverServer(input, fetchFn),
    'sync.status': async () => session.syncStatus(),
    'updates.get': async () => updates?.state() ?? NO_UPDATES,
    'updates.install': async () => {
      if (!updates?.consent()) throw new AppFailure('NOT_FOUND', 'no downloaded update waits');
      return null;
    },
    'rooms.list': async () => rooms.snapshot(),
    'rooms.createDirect': ({ userId }) => roomActions.createDirect(userId),
    'rooms.join': async ({ roomId }) => {
      await roomActions.join(roomId);
      return null;
    },
    'rooms.leave': async ({ roomId }) => {
      await roomActions.leave(roomId);
      return null;
    },
    'rooms.create': async ({ spaceId, visibility, ...request }) => {
      await managed.ready;
      // Checked before the room exists, so a refusal leaves no room outside the space it was meant for.
      const inSpace = spaceId === undefined ? undefined : spaces.newRoomInSpace(spaceId, visibility === 'space');
      const created = await roomActions.create({
        ...request,
        visibility: visibility === 'space' ? 'private' : visibility,
        encrypted: request.encrypted || managed.policy().ForceEncryptionForNewRooms === true,
        ...(inSpace ? { initialState: inSpace.initialState } : {}),
      });
      if (spaceId !== undefined) await spaces.addCreatedRoom(spaceId, created.roomId);
      return created;
    },
    'spaces.create': (request) => spaces.create(request),
    'spaces.directory': ({ spaceId, page }) => spaces.directory(spaceId, page),
    'spaces.joinRoom': async ({ spaceId, roomId }) => {
      await spaces.joinRoom(spaceId, roomId);
      return null;
    },
    'spaces.addRooms': async ({ spaceId, roomIds }) => {
      await spaces.addRooms(spaceId, roomIds);
      return null;
    },
    'spaces.removeRoom': async ({ spaceId, roomId }) => {
      await spaces.removeRoom(spaceId, roomId);
      return null;
    },
    'rooms.setFavourite': async ({ roomId, favourite }) => {
      await roomActions.setFavourite(roomId, favourite);
      return null;
    },
    'rooms.settings': async ({ roomId }) => roomAdmin.settings(roomId),
    'rooms.updateSettings': async ({ roomId, name, topic, joinRule, historyVisibility, encrypted }) => {
      if (name !== undefined) await roomAdmin.setName(roomId, name);
      if (topic !== undefined) await roomAdmin.setTopic(roomId, topic);
      if (joinRule !== undefined) await roomAdmin.setJoinRule(roomId, joinRule);
      if (historyVisibility !== undefined) await roomAdmin.setHistoryVisibility(roomId, historyVisibility);
      if (encrypted) await roomAdmin.enableEncryption(roomId);
      return roomAdmin.settings(roomId);
    },
    'rooms.invite': async ({ roomId, userId }) => {
      await roomAdmin.invite(roomId, userId);
      return null;
    },
    'rooms.moderate': async ({ roomId, userId, action, reason }) => {
      if (action === 'kick') await roomAdmin.kick(roomId, userId, reason);
      else if (action === 'ban') await roomAdmin.ban(roomId, userId, reason);
      else await roomAdmin.unban(roomId, userId);
      return null;
    },
    'rooms.setPowerLevel': async ({ roomId, userId, level }) => {
      await roomAdmin.setPowerLevel(roomId, userId, level);
      return null;
    },
    'rooms.directory': async ({ query, server }) => ({ rooms: await roomAdmin.directory(query, server) }),
    'rooms.joinByAddress': ({ address }) => roomAdmin.joinByAddress(address),
    'search.messages': ({ term, roomId }) => {
      return searchMessages(signedInClient(), term, roomId);
    },
    'search.people': async ({ term }) => {
      return { users: await searchPeople(signedInClient(), term) };
    },
    'rooms.members': ({ roomId }) => {
      return roomMembers(signedInClient(), roomId);
    },
    'links.open': async ({ url }) => {
      const link = parseMatrixLink(url);
      if (!link) throw new AppFailure('BAD_REQUEST', 'not a Matrix link');
      await links.open(link);
      return null;
    },
    'rooms.setNotificationMode': async ({ roomId, mode }) => {
      await notificationSettings.setRoomMode(roomId, mode);
      return null;
    },
    'notifications.getKeywords': async () => ({ keywords: notificationSettings.keywords() }),
    'notifications.setKeywords': async ({ keywords }) => ({ keywords: await notificationSettings.setKeywords(keywords) }),
    'rooms.typing': async ({ roomId, typing: isTyping }) => {
      await typing.setTyping(roomId, isTyping);
      return null;
    },
    'timeline.open': ({ roomId }) => timelines.open(roomId),
    'timeline.paginate': ({ windowId, limit }) => timelines.paginate(windowId, limit),
    'threads.get': async ({ roomId, rootId }) => {
      const room = syncedClient?.getRoom(roomId);
      if (!syncedClient || !room) throw new AppFailure('NOT_FOUND', 'no such room in this session');
      return threadView(syncedClient, roomId, rootId, timelines.context(room));
    },
    'timeline.close': async ({ windowId }) => {
      timelines.close(windowId);
      return null;
    },
    'timeline.markRead': async ({ roomId, eventId }) => {
      await readMarkers.markRead(roomId, eventId);
      return null;
    },
    // Both wait for the policy the same way, so a text sent right after a file is still committed after it.
    'messages.send': async (request) => {
      await managed.ready;
      return messageActions.send(request);
    },
    'messages.edit': async (request) => {
      await managed.ready;
      return messageActions.edit(request);
    },
    'messages.react': async (request) => {
      await managed.ready;
      return messageActions.react(request);
    },
    'messages.forward': async (request) => {
      await managed.ready;
      return messageActions.forward(request);
    },
    'messages.redact': async (request) => {
      await managed.ready;
      return messageActions.redact(request);
    },
    'messages.sendFile': async (request) => {
      await managed.ready;
      const limitMb = managed.policy().MaxUploadSizeMb;
      // Base64 carries 3 bytes in 4 characters; the organisation's limit is checked before anything is queued.
      if (limitMb !== undefined && Math.floor((request.data.length * 3) / 4) > limitMb * 1024 * 1024) {
        throw new AppFailure('TOO_LARGE', `your organisation allows files up to ${limitMb} MB`);
      }
      return outbox.sendFile(request);
    },
    'messages.retry': async ({ localId }) => {
      outbox.retry(localId);
      return null;
    },
    'messages.discard': async ({ localId }) => {
      outbox.discard(localId);
      return null;
    },
    'outbox.list': async () => outbox.snapshot(),
    'profile.setDisplayName': async ({ displayName }) => {
      await account.setDisplayName(displayName);
      return null;
    },
    'profile.setAvatar': async ({ mimetype, data }) => {
      await account.setAvatar(mimetype, Buffer.from(data, 'base64'));
      return null;
    },
    'devices.list': async () => ({ devices: await account.listDevices() }),
    'devices.signOutOthers': async ({ password }) => ({ signedOut: await account.signOutOthers(password) }),
    'devices.confirmMethods': () => account.confirmMethods(),
    'devices.signOutOthersSso': async () => {
      reauthCancel?.abort();
      const cancel = new AbortController();
      reauthCancel = cancel;
      try {
        const open = ports.openExternal ?? (async () => false);
        const signedOut = await account.signOutOthersSso({ open, signal: cancel.signal, timeoutMs: ports.ssoTimeoutMs ?? DEFAULT_SSO_TIMEOUT_MS });
        return { signedOut };
      } finally {
        if (reauthCancel === cancel) reauthCancel = undefined;
      }
    },
    'preferences.get': async () => {
      await managed.ready;
      return effectivePreferences();
    },
    'preferences.set': async (changes) => {
      await managed.ready;
      managed.checkChanges(changes);
      return managed.effective(preferences.set(changes));
    },
    'policy.get': async () => {
      await managed.ready;
      return managed.view();
    },
    'ui.setView': async (view) => {
      notifications?.setView(view);
      return null;
    },
  } satisfies Handlers;

  return {
    handlers,
    onEvent: hub.onEvent,
    media: createMediaResponder(
      () => session.mediaFetcher(),
      () => syncedClient,
    ),
    openRoom: (roomId, eventId) => hub.emit('navigation.openRoom', { roomId, eventId }),
    openLink: (link) => links.open(link),
    showView: (view) => hub.emit('navigation.showView', { view }),
    attachUpdates(source) {
      stopUpdates?.();
      updates = source;
      stopUpdates = source.onChange((state) => hub.emit('updates.changed', state));
      hub.emit('updates.changed', source.state());
    },
    policy: async () => {
      await managed.ready;
      return managed.policy();
    },
    notificationsIdle: () => notifications?.idle() ?? Promise.resolve(),
    start: () => session.restore(),
    async dispose() {
      stopUpdates?.();
      await session.dispose();
      store.close();
      outboxStore.close();
    },
  };
}
