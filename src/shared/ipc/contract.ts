/**
 * Plenum's one IPC contract. Every command (request schema → reply type) and every event
 * (main → renderer) is named here and nowhere else; handlers, the preload allowlist and the
 * renderer client are all derived from this object.
 */
import * as v from 'valibot';
import type { DeviceView } from '../model/devices.ts';
import type { ListPatches, ListSnapshot } from '../model/list.ts';
import type { OutboxItem } from '../model/outbox.ts';
import type { PolicyView } from '../model/policy.ts';
import { PROXY_BYPASS, PROXY_SERVER, type Preferences } from '../model/preferences.ts';
import type { RoomMembersView } from '../model/members.ts';
import type { DirectoryRoom, RoomSettingsView } from '../model/room-settings.ts';
import type { DirectoryUser, SearchResults } from '../model/search.ts';
import type { RoomSummary, TypingView } from '../model/rooms.ts';
import type { SpaceDirectoryPage } from '../model/spaces.ts';
import type { DiscoveredServer, SessionView, SyncStatus } from '../model/session.ts';
import type { UpdateState } from '../model/updates.ts';
import type { ThreadView, TimelinePatches, TimelineWindowView } from '../model/timeline.ts';
import { command, event } from './define.ts';

/**
 * An http(s) URL, a server name for .well-known discovery (optionally with a port), or empty when
 * the user is a full Matrix ID whose server name is discovered instead.
 */
const Homeserver = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2048),
  v.union([
    v.literal(''),
    v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//i, 'homeserver URLs use http(s)')),
    v.pipe(v.string(), v.regex(/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/, 'not a server name')),
  ]),
);
/**
 * A room ID: `!opaque:server` in room versions up to 11, `!<hash>` without a server from version 12
 * (MSC4291, Synapse's default now). Loosely checked; the server knows the rest.
 */
export const RoomId = v.pipe(v.string(), v.maxLength(255), v.regex(/^![^\s:]+(?::\S+)?$/));
const WindowId = v.pipe(v.string(), v.uuid());
/** An outbox item's ID, which is also its transaction ID (outbox/outbox-store.ts makes them). */
const LocalId = v.pipe(v.string(), v.regex(/^plenum\.[A-Za-z0-9_-]{16,64}$/));
/** 64 KiB of text: the server caps a whole event at 65,536 bytes, so longer would never be sent. */
const MessageBody = v.pipe(v.string(), v.minLength(1), v.maxLength(65_536));

/** An event ID: `$opaque` (room v3+) or `$opaque:server` (older rooms). */
const EventId = v.pipe(v.string(), v.maxLength(255), v.regex(/^\$[^\s]+$/));
/**
 * File bytes as base64: JSON-safe on every transport. About 100 MiB of file at most; the homeserver's
 * own upload limit (usually smaller) is checked by the core, which answers TOO_LARGE.
 */
const Base64Data = v.pipe(v.string(), v.minLength(1), v.maxLength(140_000_000), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const MimeType = v.pipe(v.string(), v.maxLength(255), v.regex(/^[\w.+-]+\/[\w.+-]+$/));
const FileName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255));
const Pixels = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

/** The pills the composer put in a message (the text it inserted for each person) and whether it says @room. */
const Mentions = v.strictObject({
  users: v.pipe(v.array(v.strictObject({ userId: v.pipe(v.string(), v.maxLength(255), v.regex(/^@[^\s:]+:\S+$/)), text: v.pipe(v.string(), v.minLength(2), v.maxLength(256)) })), v.maxLength(100)),
  rooms: v.pipe(v.array(v.strictObject({ roomId: RoomId, text: v.pipe(v.string(), v.minLength(2), v.maxLength(256)) })), v.maxLength(100)),
  room: v.boolean(),
});
/** A reaction: usually one emoji (a flag or a family is several code points), at most a short text. */
const ReactionKey = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** A full Matrix user ID (the spec caps them at 255 bytes). */
const MatrixUserId = v.pipe(v.string(), v.maxLength(255), v.regex(/^@[^\s:]+:\S+$/));

/** A localpart or a full Matrix ID; the spec caps user IDs at 255 bytes. */
const UserName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255));
const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

export const contract = {
  commands: {
    /** `desktop`: the tray, start at login and the proxy exist here (the app, not the browser harness). */
    'app.info': command(v.strictObject({})).returns<{ version: string; locale: string; defaultHomeserver: string | null; desktop: boolean }>(),
    'session.get': command(v.strictObject({})).returns<SessionView>(),
    'session.signIn': command(
      v.strictObject({ homeserver: Homeserver, user: UserName, password: Password }),
    ).returns<{ userId: string }>(),
    /**
     * Single sign-on: opens the server's SSO page (for one identity provider, or the server's choice
     * when null) in the system browser and waits for it to hand back; `session.changed` says
     * `awaitingBrowser` meanwhile. Fails with SSO_CANCELLED, SSO_TIMEOUT, SSO_STATE_MISMATCH,
     * BROWSER_UNAVAILABLE, UNSUPPORTED_LOGIN_FLOW or what the server answered.
     */
    'session.signInSso': command(
      v.strictObject({ homeserver: Homeserver, identityProvider: v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._~-]{1,255}$/))) }),
    ).returns<{ userId: string }>(),
    /** Stops waiting for the browser: the pending `session.signInSso` or `devices.signOutOthersSso` fails with SSO_CANCELLED. */
    'session.cancelSso': command(v.strictObject({})).returns<null>(),
    /** After the user unlocked their keychain: try to resume the stored session again. */
    'session.retryRestore': command(v.strictObject({})).returns<SessionView>(),
    'session.signOut': command(v.strictObject({})).returns<null>(),
    /**
     * Finds the homeserver behind a server name, URL or full Matrix ID as the user types it
     * (.well-known discovery, then /versions and the login flows), so the sign-in form can say early
     * whether it will work. Fails with NOT_A_MATRIX_SERVER, NETWORK or UNSUPPORTED_LOGIN_FLOW.
     */
    'session.discover': command(v.strictObject({ input: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2048)) })).returns<DiscoveredServer>(),
    'sync.status': command(v.strictObject({})).returns<SyncStatus>(),
    /** Where automatic updates stand; `updates.changed` follows every change. */
    'updates.get': command(v.strictObject({})).returns<UpdateState>(),
    /** The user's consent: quits, installs the downloaded update and starts again. NOT_FOUND when none waits. */
    'updates.install': command(v.strictObject({})).returns<null>(),
    /** The whole room list; afterwards `rooms.patch` events carry the changes. */
    'rooms.list': command(v.strictObject({})).returns<ListSnapshot<RoomSummary>>(),
    /** A new encrypted direct chat with one person. */
    'rooms.createDirect': command(v.strictObject({ userId: MatrixUserId })).returns<{ roomId: string }>(),
    /** Accepts an invite, or joins a room by ID. */
    'rooms.join': command(v.strictObject({ roomId: RoomId })).returns<null>(),
    /** Leaves a joined room, or declines an invite. */
    'rooms.leave': command(v.strictObject({ roomId: RoomId })).returns<null>(),
    /**
     * A new room; encrypted rooms stay encrypted for good. Public rooms are published in the server's
     * directory; `listed` says whether the server accepted that (Synapse refuses non-admins silently by default).
     */
    'rooms.create': command(
      v.pipe(
      v.strictObject({
        name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255)),
        topic: v.pipe(v.string(), v.trim(), v.maxLength(1000)),
        encrypted: v.boolean(),
        visibility: v.picklist(['private', 'public', 'space']),
        /** Created in this space, which lists it; `space` visibility lets the space's members join without an invitation. */
        spaceId: v.optional(RoomId),
      }),
      v.check((request) => request.visibility !== 'space' || request.spaceId !== undefined, 'a room open to a space’s members needs the space'),
      ),
    ).returns<{ roomId: string; listed: boolean }>(),
    /** A new space; public ones are listed in the server's directory where the server allows it. */
    'spaces.create': command(
      v.strictObject({
        name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255)),
        topic: v.pipe(v.string(), v.trim(), v.maxLength(1000)),
        visibility: v.picklist(['private', 'public']),
      }),
    ).returns<{ spaceId: string; listed: boolean }>(),
    /** One page of a space's rooms and subspaces, joined or not (the server's /hierarchy). */
    'spaces.directory': command(v.strictObject({ spaceId: RoomId, page: v.optional(v.pipe(v.string(), v.maxLength(1024))) })).returns<SpaceDirectoryPage>(),
    /** Joins a room of the space through the servers the space names for it. */
    'spaces.joinRoom': command(v.strictObject({ spaceId: RoomId, roomId: RoomId })).returns<null>(),
    /** Adds rooms this user is in to the space; answers once the room list shows them there. */
    'spaces.addRooms': command(v.strictObject({ spaceId: RoomId, roomIds: v.pipe(v.array(RoomId), v.minLength(1), v.maxLength(50)) })).returns<null>(),
    /** Takes a room out of the space (the room itself stays as it is). */
    'spaces.removeRoom': command(v.strictObject({ spaceId: RoomId, roomId: RoomId })).returns<null>(),
    /** The m.favourite tag, which follows the account to every device. */
    'rooms.setFavourite': command(v.strictObject({ roomId: RoomId, favourite: v.boolean() })).returns<null>(),
    /**
     * What notifies in a room (all messages, mentions and keywords, or nothing), stored as the
     * account's push rules; `rooms.patch` carries the new mode once the server confirms it.
     */
    'rooms.setNotificationMode': command(v.strictObject({ roomId: RoomId, mode: v.picklist(['all', 'mentions', 'mute']) })).returns<null>(),
    /** The account's notification keywords (push rules of its own, on every device). */
    'notifications.getKeywords': command(v.strictObject({})).returns<{ keywords: readonly string[] }>(),
    /** Replaces the keywords; a message containing one notifies and is highlighted. */
    'notifications.setKeywords': command(
      v.strictObject({ keywords: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))), v.maxLength(50)) }),
    ).returns<{ keywords: readonly string[] }>(),
    /** A room's settings and what this user may change (by its power levels). */
    'rooms.settings': command(v.strictObject({ roomId: RoomId })).returns<RoomSettingsView>(),
    /** Changes the given settings (each one FORBIDDEN unless the power levels allow it); the new settings come back. */
    'rooms.updateSettings': command(
      v.strictObject({
        roomId: RoomId,
        name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255))),
        topic: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000))),
        joinRule: v.optional(v.picklist(['invite', 'public'])),
        historyVisibility: v.optional(v.picklist(['shared', 'invited', 'joined', 'world_readable'])),
        /** Only true: encryption can never be switched off again. */
        encrypted: v.optional(v.literal(true)),
      }),
    ).returns<RoomSettingsView>(),
    'rooms.invite': command(v.strictObject({ roomId: RoomId, userId: MatrixUserId })).returns<null>(),
    /** Removes (kick), bans or unbans someone, if this user's level is above theirs and the room's level for it. */
    'rooms.moderate': command(
      v.strictObject({ roomId: RoomId, userId: MatrixUserId, action: v.picklist(['kick', 'ban', 'unban']), reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(512))) }),
    ).returns<null>(),
    /** Sets someone's power level (member 0, moderator 50, admin 100), never above this user's own. */
    'rooms.setPowerLevel': command(
      v.strictObject({ roomId: RoomId, userId: MatrixUserId, level: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)) }),
    ).returns<null>(),
    /** Searches the server's public room directory (another server's, with `server`). */
    'rooms.directory': command(
      v.strictObject({ query: v.pipe(v.string(), v.maxLength(255)), server: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/))) }),
    ).returns<{ rooms: readonly DirectoryRoom[] }>(),
    /** Joins a room by its address (#alias:server) or ID. */
    'rooms.joinByAddress': command(
      v.strictObject({ address: v.pipe(v.string(), v.trim(), v.maxLength(255), v.regex(/^[#!][^\s]+$/, 'not a room address')) }),
    ).returns<{ roomId: string }>(),
    /** Server-side message search, newest first: one room, or every room (`roomId` null). Encrypted rooms cannot be searched by the server. */
    'search.messages': command(
      v.strictObject({ term: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255)), roomId: v.nullable(RoomId) }),
    ).returns<SearchResults>(),
    /** People in the server's user directory. */
    'search.people': command(v.strictObject({ term: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255)) })).returns<{ users: readonly DirectoryUser[] }>(),
    /** The room's members (joined, then invited) for the member list and @-mentions. */
    'rooms.members': command(v.strictObject({ roomId: RoomId })).returns<RoomMembersView>(),
    /**
     * A Matrix link (matrix.to or matrix:) the user clicked in a message: shows the room, event or
     * direct chat it names (`navigation.openRoom`), or says why not (`navigation.linkUnavailable`).
     */
    'links.open': command(v.strictObject({ url: v.pipe(v.string(), v.maxLength(2048)) })).returns<null>(),
    /** Tells the others in the room that this user is (or stopped) typing; the core renews and times it out. */
    'rooms.typing': command(v.strictObject({ roomId: RoomId, typing: v.boolean() })).returns<null>(),
    /** Opens a live window on a room's timeline; `timeline.patch` events follow until it is closed. */
    'timeline.open': command(v.strictObject({ roomId: RoomId })).returns<TimelineWindowView>(),
    'timeline.paginate': command(
      v.strictObject({ windowId: WindowId, limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)) }),
    ).returns<{ hasMoreBefore: boolean }>(),
    /** A thread's root and replies (m.thread), for its panel; `timeline.patch` events say when to ask again. */
    'threads.get': command(v.strictObject({ roomId: RoomId, rootId: EventId })).returns<ThreadView>(),
    'timeline.close': command(v.strictObject({ windowId: WindowId })).returns<null>(),
    /** The user has seen the room up to this event: sends a read receipt and moves the fully-read marker. */
    'timeline.markRead': command(v.strictObject({ roomId: RoomId, eventId: EventId })).returns<null>(),
    /**
     * Queues a text message; it is on disk when this returns, and is sent in order and exactly once,
     * across restarts. `markdown`: render the body to HTML when it has formatting.
     */
    'messages.send': command(
      v.strictObject({
        roomId: RoomId,
        body: MessageBody,
        markdown: v.boolean(),
        replyTo: v.optional(EventId),
        mentions: v.optional(Mentions),
        threadRoot: v.optional(EventId),
      }),
    ).returns<{ localId: string }>(),
    /**
     * Queues an edit of one of this user's own text messages (m.replace), like a message: on disk
     * when this returns. FORBIDDEN for anyone else's message or a file; NOT_FOUND for an unknown one.
     */
    'messages.edit': command(v.strictObject({ roomId: RoomId, eventId: EventId, body: MessageBody, markdown: v.boolean() })).returns<{ localId: string }>(),
    /** Adds a reaction, or takes this user's own one with that key back (`reacted: false`). */
    'messages.react': command(v.strictObject({ roomId: RoomId, eventId: EventId, key: ReactionKey })).returns<{ reacted: boolean }>(),
    /** Sends a copy of a message (as it reads now, with its attachment) to another room the user is in. */
    'messages.forward': command(v.strictObject({ roomId: RoomId, eventId: EventId, toRoomId: RoomId })).returns<{ localId: string }>(),
    /** Deletes a message (a redaction): this user's own, or anyone's for those with the room's redact power. */
    'messages.redact': command(
      v.strictObject({ roomId: RoomId, eventId: EventId, reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(512))) }),
    ).returns<{ localId: string }>(),
    /**
     * Queues a file (an image when `width`/`height` are given): stored with the message before this
     * returns, encrypted in encrypted rooms, uploaded and sent in order with the room's other messages.
     */
    'messages.sendFile': command(
      v.strictObject({
        roomId: RoomId,
        name: FileName,
        mimetype: MimeType,
        data: Base64Data,
        width: v.optional(Pixels),
        height: v.optional(Pixels),
      }),
    ).returns<{ localId: string }>(),
    /** Sends a failed message again, in its original place in the room's order; a waiting one goes now. */
    'messages.retry': command(v.strictObject({ localId: LocalId })).returns<null>(),
    /** Forgets a failed message; the messages queued behind it go on. */
    'messages.discard': command(v.strictObject({ localId: LocalId })).returns<null>(),
    /** This session's unsent (and just sent) messages; afterwards `outbox.patch` events carry the changes. */
    'outbox.list': command(v.strictObject({})).returns<ListSnapshot<OutboxItem>>(),
    /** Sets the display name on the server (and in every room, as the server does); `session.changed` follows. */
    'profile.setDisplayName': command(v.strictObject({ displayName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255)) })).returns<null>(),
    /** Uploads a new avatar picture and sets it; `session.changed` follows. */
    'profile.setAvatar': command(v.strictObject({ mimetype: MimeType, data: Base64Data })).returns<null>(),
    /** This account's sessions (devices), this one first. */
    'devices.list': command(v.strictObject({})).returns<{ devices: readonly DeviceView[] }>(),
    /** Signs out every other session of this account; the server asks for the password again. */
    'devices.signOutOthers': command(v.strictObject({ password: Password })).returns<{ signedOut: number }>(),
    /** How the server wants this user to confirm signing out other sessions: the password, single sign-on, or both. */
    'devices.confirmMethods': command(v.strictObject({})).returns<{ password: boolean; sso: boolean }>(),
    /**
     * Signs out every other session, confirmed through single sign-on: the server's confirmation page
     * opens in the browser and Plenum waits until the server accepts. `session.cancelSso` stops the
     * wait (SSO_CANCELLED); also SSO_TIMEOUT, BROWSER_UNAVAILABLE.
     */
    'devices.signOutOthersSso': command(v.strictObject({})).returns<{ signedOut: number }>(),
    'preferences.get': command(v.strictObject({})).returns<Preferences>(),
    /** Changes the given preferences, keeps the rest; `preferences.changed` follows. */
    'preferences.set': command(
      v.strictObject({
        theme: v.optional(v.picklist(['system', 'light', 'dark'])),
        language: v.optional(v.picklist(['system', 'en', 'de', 'fr'])),
        showMessagePreviews: v.optional(v.boolean()),
        doNotDisturb: v.optional(v.boolean()),
        closeToTray: v.optional(v.boolean()),
        startAtLogin: v.optional(v.boolean()),
        startMinimised: v.optional(v.boolean()),
        proxy: v.optional(
          v.strictObject({
            mode: v.picklist(['system', 'direct', 'manual']),
            server: v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.maxLength(300), v.regex(PROXY_SERVER, 'not a proxy server (host:port)'))]),
            bypass: v.pipe(v.string(), v.trim(), v.maxLength(2000), v.regex(PROXY_BYPASS, 'not a list of hosts')),
          }),
        ),
      }),
    ).returns<Preferences>(),
    /** What the organisation's policy fixes: locked preferences, the homeserver, sign-in and room rules. */
    'policy.get': command(v.strictObject({})).returns<PolicyView>(),
    /**
     * What the window shows: the open room of a focused window never notifies, and opening a room
     * takes its notifications back. The renderer reports every change of room, focus and visibility.
     */
    'ui.setView': command(v.strictObject({ activeRoomId: v.nullable(RoomId), windowFocused: v.boolean() })).returns<null>(),
  },
  events: {
    'session.changed': event<SessionView>(),
    'updates.changed': event<UpdateState>(),
    'sync.status': event<SyncStatus>(),
    'rooms.patch': event<ListPatches<RoomSummary>>(),
    'timeline.patch': event<TimelinePatches>(),
    'outbox.patch': event<ListPatches<OutboxItem>>(),
    /** Who is typing in a room right now (never this user); an empty list when nobody is. */
    'typing.changed': event<TypingView>(),
    'preferences.changed': event<Preferences>(),
    /** Main asks the window to show a room (a notification was clicked; later, a deep link). */
    'navigation.openRoom': event<{ readonly roomId: string; readonly eventId: string | null }>(),
    /** The native menu asks the window to show the settings or the keyboard shortcuts. */
    'navigation.showView': event<{ readonly view: 'settings' | 'shortcuts' }>(),
    /** A deep link named a room the user is not in, an alias no server knows, or a person without a direct chat. */
    'navigation.linkUnavailable': event<{ readonly reason: 'notJoined' | 'notFound' | 'noDirectChat' }>(),
  },
} as const;
