/**
 * Turns a room's timeline items and local echoes into the flat list of rows the virtual list
 * shows: day separators, the "new messages" marker, and whether a message continues its sender's
 * group (no repeated avatar and name).
 */
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { StateItem, TimelineItem } from '../../../shared/model/timeline.ts';
import { isSameDay } from '../../i18n/format.ts';

/**
 * Separators travel at the end of the row before them, and the "beginning of the room" row (with
 * the first day's separator) exists only once nothing older is left: loading older messages then
 * only ever adds rows in front and never changes a row already shown, which lets the virtual list
 * keep them in place (`shift`).
 */
interface RowBase {
  readonly key: string;
  readonly continuation: boolean;
  /** The day separator below this row, for the next row's day (its timestamp), or null. */
  readonly dayAfter: number | null;
  /** The "new messages" line below this row. */
  readonly markerAfter: boolean;
}
export type TimelineRow =
  | (RowBase & { readonly kind: 'beginning' })
  | (RowBase & { readonly kind: 'setup'; readonly items: readonly StateItem[] })
  | (RowBase & { readonly kind: 'item'; readonly item: TimelineItem })
  | (RowBase & { readonly kind: 'echo'; readonly echo: OutboxItem });

/** Messages by the same person closer together than this share one header. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

export interface RowInput {
  readonly items: readonly TimelineItem[];
  readonly echoes: readonly OutboxItem[];
  readonly userId: string;
  /** The "new messages" line goes after this event, if newer events follow it. */
  readonly readMarkerEventId: string | null;
  /** Nothing older is left to load: the rows start with the beginning of the room. */
  readonly atBeginning: boolean;
}

/**
 * How many events at the start are the room's creation and its creator's first settings (their
 * join, permissions, join rules, name, topic…): shown as one line that opens to the details.
 */
export function setupLength(items: readonly TimelineItem[]): number {
  const first = items[0];
  if (!first || first.kind !== 'state' || first.change.type !== 'create') return 0;
  let length = 1;
  for (const item of items.slice(1)) {
    if (item.kind !== 'state' || item.senderId !== first.senderId) break;
    if (item.change.type === 'member' && item.change.target !== first.senderId) break;
    length += 1;
  }
  return length;
}

/**
 * Whether the window reaches back to the room's first event. The server may still say there is
 * more (it knows only after one more request), but nothing older can come: the beginning shows at
 * once, so it never appears later above rows the user is reading.
 */
export function reachesCreation(items: readonly TimelineItem[]): boolean {
  const first = items[0];
  return first?.kind === 'state' && first.change.type === 'create';
}

const groupable = (item: TimelineItem): boolean => item.kind === 'message' || item.kind === 'encrypted' || item.kind === 'redacted';

export function buildRows({ items, echoes, userId, readMarkerEventId, atBeginning }: RowInput): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const firstTs = items[0]?.ts ?? echoes[0]?.createdAt ?? null;
  if (atBeginning) rows.push({ kind: 'beginning', key: 'beginning', continuation: false, dayAfter: firstTs, markerAfter: false });
  let previous: { senderId: string; ts: number } | null = null;
  let lastTs: number | null = null;
  // The line goes above the event after the read one; none when the read event is unknown or last.
  const readIndex = readMarkerEventId ? items.findIndex((item) => item.id === readMarkerEventId) : -1;
  const markerAbove = readIndex >= 0 ? readIndex + 1 : -1;

  const place = (senderId: string | null, ts: number, markerAbove: boolean): Pick<RowBase, 'continuation' | 'dayAfter' | 'markerAfter'> => {
    // The first day's separator belongs to the beginning row (when there is one).
    const newDay = lastTs !== null && !isSameDay(lastTs, ts);
    lastTs = ts;
    const previousRow = rows.at(-1);
    if (previousRow && (newDay || markerAbove)) rows[rows.length - 1] = { ...previousRow, dayAfter: newDay ? ts : null, markerAfter: markerAbove };
    const continuation =
      senderId !== null && !newDay && !markerAbove && previous !== null && previous.senderId === senderId && ts - previous.ts >= 0 && ts - previous.ts < GROUP_WINDOW_MS;
    return { continuation, dayAfter: null, markerAfter: false };
  };

  const setup = atBeginning ? setupLength(items) : 0;
  const creation = items[0];
  if (setup > 1 && creation) {
    rows.push({ kind: 'setup', key: `setup:${creation.id}`, items: items.slice(0, setup) as StateItem[], ...place(null, creation.ts, false) });
  }
  items.forEach((item, index) => {
    if (setup > 1 && index < setup) return;
    const grouped = groupable(item);
    rows.push({ kind: 'item', key: item.id, item, ...place(grouped ? item.senderId : null, item.ts, index === markerAbove) });
    previous = grouped ? { senderId: item.senderId, ts: item.ts } : null;
  });
  for (const echo of echoes) {
    rows.push({ kind: 'echo', key: echo.localId, echo, ...place(userId, echo.createdAt, false) });
    previous = { senderId: userId, ts: echo.createdAt };
  }
  return rows;
}
/** The newest event the server knows (a read receipt target): never a local echo. */
export function newestEventId(items: readonly TimelineItem[]): string | null {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const id = items[index]?.id;
    if (id?.startsWith('$')) return id;
  }
  return null;
}
