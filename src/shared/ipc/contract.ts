/**
 * Plenum's one IPC contract. Every command (request schema → reply type) and every event
 * (main → renderer) is named here and nowhere else; handlers, the preload allowlist and the
 * renderer client are all derived from this object.
 */
import * as v from 'valibot';
import type { ListPatches, ListSnapshot } from '../model/list.ts';
import type { OutboxItem } from '../model/outbox.ts';
import type { RoomSummary } from '../model/rooms.ts';
import type { SessionView, SyncStatus } from '../model/session.ts';
import type { TimelinePatches, TimelineWindowView } from '../model/timeline.ts';
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

/** A full Matrix user ID (the spec caps them at 255 bytes). */
const MatrixUserId = v.pipe(v.string(), v.maxLength(255), v.regex(/^@[^\s:]+:\S+$/));

/** A localpart or a full Matrix ID; the spec caps user IDs at 255 bytes. */
const UserName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255));
const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

export const contract = {
  commands: {
    'app.info': command(v.strictObject({})).returns<{ version: string; locale: string; defaultHomeserver: string | null }>(),
    'session.get': command(v.strictObject({})).returns<SessionView>(),
    'session.signIn': command(
      v.strictObject({ homeserver: Homeserver, user: UserName, password: Password }),
    ).returns<{ userId: string }>(),
    /** After the user unlocked their keychain: try to resume the stored session again. */
    'session.retryRestore': command(v.strictObject({})).returns<SessionView>(),
    'session.signOut': command(v.strictObject({})).returns<null>(),
    'sync.status': command(v.strictObject({})).returns<SyncStatus>(),
    /** The whole room list; afterwards `rooms.patch` events carry the changes. */
    'rooms.list': command(v.strictObject({})).returns<ListSnapshot<RoomSummary>>(),
    /** A new encrypted direct chat with one person. */
    'rooms.createDirect': command(v.strictObject({ userId: MatrixUserId })).returns<{ roomId: string }>(),
    /** Accepts an invite, or joins a room by ID. */
    'rooms.join': command(v.strictObject({ roomId: RoomId })).returns<null>(),
    'rooms.leave': command(v.strictObject({ roomId: RoomId })).returns<null>(),
    /** Opens a live window on a room's timeline; `timeline.patch` events follow until it is closed. */
    'timeline.open': command(v.strictObject({ roomId: RoomId })).returns<TimelineWindowView>(),
    'timeline.paginate': command(
      v.strictObject({ windowId: WindowId, limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)) }),
    ).returns<{ hasMoreBefore: boolean }>(),
    'timeline.close': command(v.strictObject({ windowId: WindowId })).returns<null>(),
    /**
     * Queues a text message; it is on disk when this returns, and is sent in order and exactly once,
     * across restarts. `markdown`: render the body to HTML when it has formatting.
     */
    'messages.send': command(v.strictObject({ roomId: RoomId, body: MessageBody, markdown: v.boolean() })).returns<{ localId: string }>(),
    /** Sends a failed message again, in its original place in the room's order; a waiting one goes now. */
    'messages.retry': command(v.strictObject({ localId: LocalId })).returns<null>(),
    /** Forgets a failed message; the messages queued behind it go on. */
    'messages.discard': command(v.strictObject({ localId: LocalId })).returns<null>(),
    /** This session's unsent (and just sent) messages; afterwards `outbox.patch` events carry the changes. */
    'outbox.list': command(v.strictObject({})).returns<ListSnapshot<OutboxItem>>(),
  },
  events: {
    'session.changed': event<SessionView>(),
    'sync.status': event<SyncStatus>(),
    'rooms.patch': event<ListPatches<RoomSummary>>(),
    'timeline.patch': event<TimelinePatches>(),
    'outbox.patch': event<ListPatches<OutboxItem>>(),
  },
} as const;
