import type { RoomSummary } from '../../shared/model/rooms.ts';

export type SectionId = 'invites' | 'favourites' | 'direct' | 'rooms';

export interface RoomSection {
  readonly id: SectionId;
  readonly rooms: readonly RoomSummary[];
}

/** The order the sidebar shows them in: what needs an answer first, then what the user chose to keep close. */
export const SECTION_ORDER: readonly SectionId[] = ['invites', 'favourites', 'direct', 'rooms'];

/** A favourite DM is a favourite first: the user's own choice beats the kind of room. */
export function sectionOf(room: RoomSummary): SectionId {
  if (room.membership === 'invite') return 'invites';
  if (room.isFavourite) return 'favourites';
  if (room.isDirect) return 'direct';
  return 'rooms';
}

/** Newest activity first; the name breaks ties so the order never flickers between two patches. */
export function byActivity(a: RoomSummary, b: RoomSummary): number {
  return b.lastActivity - a.lastActivity || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/**
 * Case- and accent-insensitive form for matching: "Café" and "cafe", "Ærø" and "aero" should find
 * each other as people type them on any keyboard.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/æ/giu, 'ae')
    .replace(/ø/giu, 'o')
    .replace(/ß/gu, 'ss')
    .toLocaleLowerCase('en');
}

/**
 * The texts a filter can hit: the room's name, and for direct chats and invites the other person's
 * Matrix ID, since people often search for a colleague by their ID.
 */
export function searchableTexts(room: RoomSummary, ownUserId: string): string[] {
  const texts = [room.name];
  if (room.inviter) texts.push(room.inviter);
  if (room.directUserId) texts.push(room.directUserId);
  if (room.isDirect && room.lastMessage && room.lastMessage.senderId !== ownUserId) texts.push(room.lastMessage.senderId);
  return texts;
}

export function matchesFilter(room: RoomSummary, folded: string, ownUserId: string): boolean {
  if (folded === '') return true;
  return searchableTexts(room, ownUserId).some((text) => foldForSearch(text).includes(folded));
}

/** Every section, in order, each sorted; empty sections are kept so the view can show their empty state. */
export function buildSections(rooms: Iterable<RoomSummary>, filter: string, ownUserId: string): RoomSection[] {
  const folded = foldForSearch(filter.trim());
  const groups = new Map<SectionId, RoomSummary[]>(SECTION_ORDER.map((id) => [id, []]));
  for (const room of rooms) {
    if (matchesFilter(room, folded, ownUserId)) groups.get(sectionOf(room))?.push(room);
  }
  return SECTION_ORDER.map((id) => ({ id, rooms: (groups.get(id) ?? []).sort(byActivity) }));
}
