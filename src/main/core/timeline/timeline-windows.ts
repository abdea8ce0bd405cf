import { randomUUID } from 'node:crypto';
import { Direction, EventType, MatrixEventEvent, TimelineWindow, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { ListPatch } from '../../../shared/model/list.ts';
import type { TimelineItem, TimelineWindowView } from '../../../shared/model/timeline.ts';
import type { EventHub } from '../event-hub.ts';
import { isTimelineRow, toTimelineItem, type ProjectionContext } from './timeline-item.ts';
import { createReplyTargets } from './reply-targets.ts';

const INITIAL_EVENTS = 30;
/**
 * Events a window holds before the SDK drops them from the far end. Back-pagination keeps every
 * row in the window (the renderer virtualises the list), so this is how far a user can scroll
 * back in one sitting: 2,000 events, state changes included. Each back-pagination resends the
 * window as a 'reset', which stays under a megabyte of JSON at this size.
 */
const WINDOW_LIMIT = 2000;
/** Events taken from the live timeline per step when a sync appended some. */
const LIVE_STEP = 100;
const MAX_OPEN_WINDOWS = 16;

interface OpenWindow {
  readonly roomId: string;
  readonly window: TimelineWindow;
  order: string[];
  json: Map<string, string>;
  seq: number;
}

export interface TimelineWindows {
  open(roomId: string): Promise<TimelineWindowView>;
  paginate(windowId: string, limit: number): Promise<{ hasMoreBefore: boolean }>;
  close(windowId: string): void;
  /** After a sync or a decryption: extends windows at the live end and emits what changed. */
  refresh(client: MatrixClient): void;
  closeAll(): void;
  /** How the windows project a reply's original, for other views of the same room (threads). */
  context(room: Room): ProjectionContext;
}

/**
 * Timeline windows for the rooms the UI has open; only those produce patches. Each window keeps
 * the IDs and JSON it last sent, so a refresh sends only appended and changed rows, and anything
 * that reorders (back-pagination) as one reset.
 */
export function createTimelineWindows(hub: EventHub): TimelineWindows {
  const windows = new Map<string, OpenWindow>();
  let client: MatrixClient | undefined;
  // Originals of replies that are not in the room's loaded timeline: fetched once, then shown.
  const replyTargets = createReplyTargets(() => republishSoon());
  // An edit is applied to its message after the sync that brought it (once it is decrypted, say),
  // and the SDK tells only the message itself: each shown message is watched once.
  const watched = new WeakSet<MatrixEvent>();
  let republishQueued = false;
  function republishSoon(): void {
    if (republishQueued) return;
    republishQueued = true;
    setImmediate(() => {
      republishQueued = false;
      for (const [windowId, open] of windows) publish(windowId, open);
    });
  }
  const watch = (event: MatrixEvent): void => {
    if (watched.has(event)) return;
    watched.add(event);
    event.on(MatrixEventEvent.Replaced, republishSoon);
  };

  const itemsOf = (open: OpenWindow): TimelineItem[] => {
    const current = client;
    const room = current?.getRoom(open.roomId);
    if (!room || !current) return [];
    const context: ProjectionContext = { replyTarget: (eventId) => replyTargets.get(current, room, eventId) };
    return open.window
      .getEvents()
      .filter(isTimelineRow)
      .map((event) => {
        watch(event);
        return toTimelineItem(room, event, context);
      });
  };
  const remember = (open: OpenWindow, items: readonly TimelineItem[]): void => {
    open.order = items.map((item) => item.id);
    open.json = new Map(items.map((item) => [item.id, JSON.stringify(item)]));
  };

  function publish(windowId: string, open: OpenWindow): void {
    const items = itemsOf(open);
    const extendsPrevious = open.order.every((id, index) => items[index]?.id === id);
    const patches: ListPatch<TimelineItem>[] = [];
    if (!extendsPrevious) {
      patches.push({ op: 'reset', items });
    } else {
      items.forEach((item, index) => {
        const json = JSON.stringify(item);
        if (index >= open.order.length) patches.push({ op: 'add', item });
        else if (open.json.get(item.id) !== json) patches.push({ op: 'update', item });
      });
    }
    remember(open, items);
    if (patches.length === 0) return;
    open.seq += 1;
    hub.emit('timeline.patch', { windowId, seq: open.seq, patches, hasMoreBefore: open.window.canPaginate(Direction.Backward) });
  }

  return {
    async open(roomId) {
      const room = client?.getRoom(roomId);
      if (!client || !room) throw new AppFailure('NOT_FOUND', 'no such room in this session');
      if (windows.size >= MAX_OPEN_WINDOWS) throw new AppFailure('BAD_REQUEST', 'too many open timelines');
      // With lazy-loaded members the SDK knows only some senders: names, avatars and typing notices
      // of the rest would be missing.
      await room.loadMembersIfNeeded().catch(() => undefined);
      const window = new TimelineWindow(client, room.getUnfilteredTimelineSet(), { windowLimit: WINDOW_LIMIT });
      await window.load(undefined, INITIAL_EVENTS);
      const windowId = randomUUID();
      const open: OpenWindow = { roomId, window, order: [], json: new Map(), seq: 0 };
      windows.set(windowId, open);
      const items = itemsOf(open);
      remember(open, items);
      return { windowId, roomId, readMarkerEventId: fullyReadEventId(room), seq: 0, items, hasMoreBefore: window.canPaginate(Direction.Backward) };
    },

    async paginate(windowId, limit) {
      const open = windows.get(windowId);
      if (!open) throw new AppFailure('NOT_FOUND', 'no such timeline window');
      await open.window.paginate(Direction.Backward, limit);
      publish(windowId, open);
      return { hasMoreBefore: open.window.canPaginate(Direction.Backward) };
    },

    close(windowId) {
      windows.delete(windowId);
    },

    refresh(current) {
      client = current;
      for (const [windowId, open] of windows) {
        // Only local events (no request): the live timeline already holds what sync brought, and
        // extending is synchronous, so a burst larger than one step is taken whole.
        while (open.window.extend(Direction.Forward, LIVE_STEP));
        publish(windowId, open);
      }
    },

    context(room) {
      const current = client;
      return { replyTarget: (eventId) => (current ? replyTargets.get(current, room, eventId) : 'unavailable') };
    },

    closeAll() {
      windows.clear();
      replyTargets.clear();
      client = undefined;
    },
  };
}

/** The m.fully_read marker (account data, per room), if it names an event. */
function fullyReadEventId(room: Room): string | null {
  const eventId: unknown = room.getAccountData(EventType.FullyRead)?.getContent().event_id;
  return typeof eventId === 'string' && eventId.startsWith('$') && eventId.length <= 255 ? eventId : null;
}
