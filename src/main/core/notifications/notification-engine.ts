import {
  ClientEvent,
  EventType,
  MatrixEventEvent,
  NotificationCountType,
  RelationType,
  RoomEvent,
  SyncState,
  type IRoomTimelineData,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import type { ISyncStateData } from 'matrix-js-sdk/lib/sync.js';
import type { Logger, NotificationOutcome, Notifier } from '../ports.ts';
import { directRoomIds } from '../rooms/room-summary.ts';
import { isTextKind, messageKind, type MessageKind } from '../timeline/message-kind.ts';
import { stripReplyFallback } from '../timeline/reply-fallback.ts';
import { planNotifications, STALE_AFTER_MS, wantsNotification, type CandidateEvent, type NotificationPlan, type NotificationSettings, type ViewState } from './notification-policy.ts';
import { notificationText, type NotificationLanguage } from './notification-text.ts';

export interface NotificationEngineOptions {
  readonly notifier: Notifier;
  readonly settings: () => NotificationSettings & { readonly language: NotificationLanguage };
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface NotificationEngine {
  attach(client: MatrixClient): void;
  detach(): void;
  /** What the renderer shows; the open room of a focused window never notifies, and its notifications go. */
  setView(view: ViewState): void;
  /** Resolves once every batch received so far has been decided (tests; shutdown). */
  idle(): Promise<void>;
}

/** How long an undecryptable event may wait for its key before it is decided on as "encrypted message". */
export const KEY_WAIT_MS = 4_000;
/** Notifications from one room within this time count together towards a burst. */
export const COALESCE_WINDOW_MS = 10_000;
const CATCH_UP_TAG = 'plenum:catch-up';

/** Kinds of event a person is told about; everything else (state, receipts, reactions) only moves counts. */
const NOTIFYING_TYPES = new Set<string>([EventType.RoomMessage, EventType.RoomMessageEncrypted, EventType.Sticker]);

/**
 * The notification engine: collects the live events of each sync, decrypts them, asks the
 * account's push rules (matrix-js-sdk's push processor, which knows mutes, mentions, keywords and
 * per-room settings) and lets notification-policy.ts decide what the person is told. Batches are
 * decided one after another, in the order the syncs arrived.
 */
export function createNotificationEngine(options: NotificationEngineOptions): NotificationEngine {
  const now = options.now ?? Date.now;
  let client: MatrixClient | undefined;
  let userId: string | null = null;
  let view: ViewState = { activeRoomId: null, windowFocused: false };
  let pending: { event: MatrixEvent; room: Room }[] = [];
  let queue: Promise<void> = Promise.resolve();
  /** Set by a PREPARED from the cache: the next real sync brings what happened while Plenum was closed. */
  let nextSyncCatchesUp = false;
  const shownRooms = new Set<string>();
  const recent = new Map<string, { count: number; at: number }>();

  const record = (event: MatrixEvent, outcome: NotificationOutcome): void => {
    const roomId = event.getRoomId();
    const eventId = event.getId();
    if (roomId && eventId) options.notifier.recordDecision?.({ roomId, eventId, outcome });
  };

  const onTimeline = (event: MatrixEvent, room: Room | undefined, toStart: boolean | undefined, removed: boolean, data: IRoomTimelineData): void => {
    if (!room || toStart || removed || !data.liveEvent) return;
    pending.push({ event, room });
  };

  // Invites carry no timeline: the SDK hands their stripped state, our member event included, to
  // ClientEvent.Event. Each invite is taken once, however often that state is replayed.
  const invitesSeen = new Set<string>();
  const onEvent = (event: MatrixEvent): void => {
    const roomId = event.getRoomId();
    const room = roomId ? client?.getRoom(roomId) : null;
    if (!room || !isInviteForMe(event, userId) || room.getMyMembership() !== 'invite') return;
    const key = `${roomId}|${event.getId() ?? event.getTs()}`;
    if (invitesSeen.has(key)) return;
    invitesSeen.add(key);
    pending.push({ event, room });
  };

  const onSync = (state: SyncState, previous: SyncState | null, data?: ISyncStateData): void => {
    if (state !== SyncState.Prepared && state !== SyncState.Syncing) return;
    const batch = pending;
    pending = [];
    // The first sync is history: replayed from the cache (the previous run decided on it) or a fresh sign-in's backlog.
    if (state === SyncState.Prepared) {
      nextSyncCatchesUp = Boolean(data?.fromCache);
      for (const { event } of batch) record(event, 'history');
      return;
    }
    const catchingUp = nextSyncCatchesUp || (previous !== null && previous !== SyncState.Syncing && previous !== SyncState.Prepared);
    nextSyncCatchesUp = false;
    const current = client;
    if (!current) return;
    queue = queue.then(() => decide(current, batch, catchingUp)).catch(() => options.logger.warn('a notification batch could not be decided'));
    clearRead(current);
  };

  async function decide(current: MatrixClient, batch: readonly { event: MatrixEvent; room: Room }[], catchingUp: boolean): Promise<void> {
    const direct = directRoomIds(current);
    const candidates: { event: MatrixEvent; candidate: CandidateEvent }[] = [];
    for (const { event, room } of batch) {
      if (event.getSender() === userId) {
        record(event, 'own');
        continue;
      }
      if (!isInviteForMe(event, userId) && !NOTIFYING_TYPES.has(event.getWireType()) && !NOTIFYING_TYPES.has(event.getType())) continue;
      await decrypted(current, event);
      // An edit corrects a message already notified about (MSC3958; Synapse's push rules may not say so yet).
      if (event.getRelation()?.rel_type === RelationType.Replace) continue;
      const candidate = toCandidate(current, event, room, direct.has(room.roomId));
      if (candidate) candidates.push({ event, candidate });
    }
    if (client !== current) return;
    const settings = options.settings();
    for (const { event, candidate } of candidates) {
      const reason = outcomeIfNotWanted(candidate, settings, view);
      if (reason) record(event, reason);
    }
    const unreadByRoom = new Map(batch.map(({ room }) => [room.roomId, room.getUnreadNotificationCount(NotificationCountType.Total)]));
    const recentByRoom = new Map([...recent].filter(([, entry]) => now() - entry.at < COALESCE_WINDOW_MS).map(([roomId, entry]) => [roomId, entry.count]));
    const plans = planNotifications({ events: candidates.map(({ candidate }) => candidate), catchingUp, unreadByRoom, recentByRoom }, settings, view);
    const decidedIds = new Set<string>();
    for (const plan of plans) show(plan, settings, decidedIds);
    for (const { event, candidate } of candidates) {
      if (decidedIds.has(candidate.eventId)) continue;
      if (wantsNotification(candidate, settings, view)) record(event, catchingUp || candidate.ageMs >= STALE_AFTER_MS ? 'summarised' : 'coalesced');
    }
  }

  function show(plan: NotificationPlan, settings: NotificationSettings & { language: NotificationLanguage }, decidedIds: Set<string>): void {
    const text = notificationText(plan, settings.language, settings.showMessagePreviews);
    const previews = settings.showMessagePreviews;
    if (plan.kind === 'catch-up') {
      options.notifier.show({ tag: CATCH_UP_TAG, roomId: plan.firstRoomId, eventId: null, ...text, iconMxc: null, silent: false });
      return;
    }
    const latest = plan.kind === 'event' ? plan.event : plan.latest;
    const entry = recent.get(latest.roomId);
    const fresh = entry && now() - entry.at < COALESCE_WINDOW_MS ? entry.count : 0;
    recent.set(latest.roomId, { count: plan.kind === 'event' ? fresh + 1 : plan.count, at: now() });
    shownRooms.add(latest.roomId);
    const silent = fresh > 0;
    const eventId = latest.kind === 'invite' ? null : latest.eventId;
    options.notifier.show({ tag: latest.roomId, roomId: latest.roomId, eventId, ...text, iconMxc: previews ? latest.senderAvatarMxc : null, silent });
    decidedIds.add(latest.eventId);
    options.notifier.recordDecision?.({ roomId: latest.roomId, eventId: latest.eventId, outcome: 'notified' });
  }

  /** Notifications of rooms read since (here or on another device) are taken back. */
  function clearRead(current: MatrixClient): void {
    for (const roomId of [...shownRooms]) {
      const room = current.getRoom(roomId);
      // An invitation has no unread count; it stays until it is answered (joined or declined).
      if (room?.getMyMembership() === 'invite') continue;
      if (room && room.getUnreadNotificationCount(NotificationCountType.Total) > 0) continue;
      shownRooms.delete(roomId);
      recent.delete(roomId);
      options.notifier.clear(roomId);
    }
  }

  return {
    attach(next) {
      client = next;
      userId = next.getUserId();
      nextSyncCatchesUp = false;
      next.on(RoomEvent.Timeline, onTimeline);
      next.on(ClientEvent.Event, onEvent);
      next.on(ClientEvent.Sync, onSync);
    },
    detach() {
      if (client) {
        client.off(RoomEvent.Timeline, onTimeline);
        client.off(ClientEvent.Event, onEvent);
        client.off(ClientEvent.Sync, onSync);
      }
      client = undefined;
      userId = null;
      pending = [];
      for (const roomId of shownRooms) options.notifier.clear(roomId);
      options.notifier.clear(CATCH_UP_TAG);
      shownRooms.clear();
      recent.clear();
    },
    setView(next) {
      view = next;
      if (next.windowFocused && next.activeRoomId && shownRooms.delete(next.activeRoomId)) {
        recent.delete(next.activeRoomId);
        options.notifier.clear(next.activeRoomId);
      }
    },
    idle: () => queue,
  };
}

function isInviteForMe(event: MatrixEvent, userId: string | null): boolean {
  return event.getType() === EventType.RoomMember && event.getStateKey() === userId && event.getContent().membership === 'invite';
}

function outcomeIfNotWanted(event: CandidateEvent, settings: NotificationSettings, view: ViewState): NotificationOutcome | null {
  if (!event.pushNotify) return 'push-rules';
  if (settings.doNotDisturb) return 'do-not-disturb';
  if (view.windowFocused && view.activeRoomId === event.roomId) return 'focused';
  return null;
}

/** Encrypted events are decided on their cleartext: push rules match the body, and the preview shows it. */
async function decrypted(client: MatrixClient, event: MatrixEvent): Promise<void> {
  if (!event.isEncrypted()) return;
  await client.decryptEventIfNeeded(event).catch(() => undefined);
  if (!event.isDecryptionFailure()) return;
  // The key may be on its way (to-device messages can trail the room event): wait a little for it.
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      event.off(MatrixEventEvent.Decrypted, onDecrypted);
      resolve();
    };
    const onDecrypted = (): void => {
      if (!event.isDecryptionFailure()) done();
    };
    const timer = setTimeout(done, KEY_WAIT_MS);
    event.on(MatrixEventEvent.Decrypted, onDecrypted);
  });
}

function toCandidate(client: MatrixClient, event: MatrixEvent, room: Room, isDirect: boolean): CandidateEvent | null {
  const invite = isInviteForMe(event, client.getUserId());
  // Stripped invite state has neither an event ID nor a timestamp: the room stands for the invite,
  // and it is news when it arrives in a live sync.
  const eventId = event.getId() ?? (invite ? `invite:${room.roomId}` : undefined);
  const senderId = event.getSender();
  if (!eventId || !senderId) return null;
  const actions = client.getPushActionsForEvent(event, true);
  const member = room.getMember(senderId);
  const content = event.getContent();
  const failed = event.isDecryptionFailure() || event.getType() === EventType.RoomMessageEncrypted;
  const kind = messageKind(content.msgtype);
  const body: unknown = typeof content.body === 'string' && event.replyEventId ? stripReplyFallback(content.body) : content.body;
  const name = member?.name || senderId;
  const text = !failed && typeof body === 'string' && isTextKind(kind) ? (kind === 'emote' ? `* ${name} ${body}` : body) : null;
  const age = event.getLocalAge();
  return {
    roomId: room.roomId,
    roomName: room.name,
    isDirect,
    eventId,
    senderId,
    senderName: name,
    senderAvatarMxc: member?.getMxcAvatarUrl() ?? null,
    text,
    kind: failed ? 'encrypted' : invite ? 'invite' : candidateKind(kind),
    pushNotify: actions?.notify === true,
    highlight: actions?.tweaks?.highlight === true,
    ageMs: invite ? 0 : Number.isFinite(age) ? age : Math.max(0, Date.now() - event.getTs()),
  };
}

function candidateKind(kind: MessageKind): CandidateEvent['kind'] {
  if (isTextKind(kind)) return 'message';
  if (kind === 'image') return 'image';
  return kind === 'file' || kind === 'video' || kind === 'audio' ? 'file' : 'other';
}
