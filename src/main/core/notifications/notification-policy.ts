/**
 * Which new events become desktop notifications, and how many notifications they make. Pure: the
 * engine (notification-engine.ts) gathers the facts from the SDK, this decides, so every rule can
 * be tested without a client.
 */

/** One new event, decrypted where it could be, with what the account's push rules said about it. */
export interface CandidateEvent {
  readonly roomId: string;
  readonly roomName: string;
  /** A direct chat: the sender's name says where it is from, without the room's. */
  readonly isDirect: boolean;
  readonly eventId: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly senderAvatarMxc: string | null;
  /** The text a preview would show, or null for something without text (an image, an undecryptable message). */
  readonly text: string | null;
  readonly kind: 'message' | 'image' | 'file' | 'encrypted' | 'invite' | 'other';
  /** From the push processor: `notify` in the actions. Muted rooms and most state events say false. */
  readonly pushNotify: boolean;
  /** From the push processor: the highlight tweak (a mention of the user, a keyword, @room). */
  readonly highlight: boolean;
  /** The server's age of the event when it arrived here, in ms. */
  readonly ageMs: number;
}

export interface NotificationSettings {
  readonly doNotDisturb: boolean;
  /** Off: a notification says only that something arrived, with neither sender nor text. */
  readonly showMessagePreviews: boolean;
}

/** What the user is looking at: no notification for the room open in a focused window. */
export interface ViewState {
  readonly activeRoomId: string | null;
  readonly windowFocused: boolean;
}

/** What the UI layer turns into words (notification-text.ts); no strings are made here. */
export type NotificationPlan =
  | { readonly kind: 'event'; readonly event: CandidateEvent }
  | { readonly kind: 'room-burst'; readonly roomId: string; readonly roomName: string; readonly count: number; readonly latest: CandidateEvent }
  | { readonly kind: 'catch-up'; readonly messages: number; readonly rooms: number; readonly highlights: number; readonly firstRoomId: string };

/** Older events than this are history, not news, even in a live sync (a server that caught up with federation). */
export const STALE_AFTER_MS = 5 * 60 * 1000;
/** More notifying events than this from one room in one batch become one "N new messages" notification. */
export const BURST_THRESHOLD = 2;

export interface Batch {
  /** Events the SDK delivered in one sync, oldest first. */
  readonly events: readonly CandidateEvent[];
  /**
   * The first sync after start (from cache or a fresh sign-in) or after being offline: everything in
   * it happened while Plenum was not listening, so it is summarised, never announced one by one.
   */
  readonly catchingUp: boolean;
  /** Server-side notification counts for rooms in the batch, so a summary counts what a limited sync left out. */
  readonly unreadByRoom?: ReadonlyMap<string, number>;
  /**
   * Notifications shown per room in the last few seconds: a room that keeps talking becomes one
   * "N new messages" notification rather than a stream of them, across syncs as within one.
   */
  readonly recentByRoom?: ReadonlyMap<string, number>;
}

export function wantsNotification(event: CandidateEvent, settings: NotificationSettings, view: ViewState): boolean {
  if (settings.doNotDisturb || !event.pushNotify) return false;
  return !(view.windowFocused && view.activeRoomId === event.roomId);
}

export function planNotifications(batch: Batch, settings: NotificationSettings, view: ViewState): NotificationPlan[] {
  const wanted = batch.events.filter((event) => wantsNotification(event, settings, view));
  if (wanted.length === 0) return [];
  const fresh = batch.catchingUp ? [] : wanted.filter((event) => event.ageMs < STALE_AFTER_MS);
  const stale = batch.catchingUp ? wanted : wanted.filter((event) => event.ageMs >= STALE_AFTER_MS);

  const plans: NotificationPlan[] = [];
  if (stale.length > 0) plans.push(summarise(stale, batch.unreadByRoom));
  const byRoom = new Map<string, CandidateEvent[]>();
  for (const event of fresh) byRoom.set(event.roomId, [...(byRoom.get(event.roomId) ?? []), event]);
  for (const [roomId, events] of byRoom) {
    const latest = events.at(-1);
    if (!latest) continue;
    const count = (batch.recentByRoom?.get(roomId) ?? 0) + events.length;
    if (count > BURST_THRESHOLD) plans.push({ kind: 'room-burst', roomId, roomName: latest.roomName, count, latest });
    else for (const event of events) plans.push({ kind: 'event', event });
  }
  return plans;
}

function summarise(events: readonly CandidateEvent[], unreadByRoom: ReadonlyMap<string, number> | undefined): NotificationPlan {
  const rooms = new Set(events.map((event) => event.roomId));
  // A limited sync delivers only the newest events of a busy room; the server's count knows them all.
  let messages = 0;
  for (const roomId of rooms) {
    const delivered = events.filter((event) => event.roomId === roomId).length;
    messages += Math.max(delivered, unreadByRoom?.get(roomId) ?? 0);
  }
  const first = events[0];
  return {
    kind: 'catch-up',
    messages,
    rooms: rooms.size,
    highlights: events.filter((event) => event.highlight).length,
    firstRoomId: first?.roomId ?? '',
  };
}
