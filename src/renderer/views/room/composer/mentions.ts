import type { MemberView } from '../../../../shared/model/members.ts';
import type { RoomSummary } from '../../../../shared/model/rooms.ts';

/** The @name or #room being typed at the caret. */
export interface MentionQuery {
  readonly trigger: '@' | '#';
  readonly query: string;
  /** Where the trigger character is, and the caret. */
  readonly start: number;
  readonly end: number;
}

export interface Suggestion {
  readonly id: string;
  readonly kind: 'user' | 'everyone' | 'room';
  readonly label: string;
  /** The user ID, or the room's member count, under the name. */
  readonly detail: string;
  /** What goes into the message. */
  readonly insert: string;
  readonly targetId: string | null;
  readonly avatarMxc: string | null;
}

/** A trigger starts a word (after a space, a line break or an opening bracket) and runs to the caret. */
const QUERY = /(?:^|[\s(])([@#])([^\s@#]{0,64})$/u;

export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = QUERY.exec(text.slice(0, caret));
  if (!match?.[1] || match[2] === undefined) return null;
  return { trigger: match[1] as '@' | '#', query: match[2], start: caret - match[2].length - 1, end: caret };
}

/** Case and accents do not matter: "elo" finds "Éloïse". */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** 0: a word of the name starts with the query, 1: the ID does, 2: it is somewhere in either; null: no match. */
function rank(query: string, name: string, id: string): number | null {
  const q = fold(query);
  if (q === '') return 0;
  const words = fold(name).split(/\s+/);
  if (words.some((word) => word.startsWith(q))) return 0;
  const bare = fold(id).replace(/^[@#!]/, '');
  if (bare.startsWith(q)) return 1;
  return fold(name).includes(q) || bare.includes(q) ? 2 : null;
}

export interface SuggestionSources {
  readonly members: readonly MemberView[];
  readonly rooms: readonly RoomSummary[];
  readonly canMentionRoom: boolean;
  readonly ownUserId: string;
  /** The words the list uses for @room. */
  readonly everyoneLabel: string;
  readonly everyoneDetail: string;
  readonly roomDetail: (room: RoomSummary) => string;
}

export function suggestionsFor(query: MentionQuery, sources: SuggestionSources, limit = 8): Suggestion[] {
  const ranked: { suggestion: Suggestion; rank: number }[] = [];
  if (query.trigger === '@') {
    if (sources.canMentionRoom && 'room'.startsWith(fold(query.query))) {
      ranked.push({
        rank: query.query === '' ? 3 : 0,
        suggestion: { id: 'everyone', kind: 'everyone', label: sources.everyoneLabel, detail: sources.everyoneDetail, insert: '@room', targetId: null, avatarMxc: null },
      });
    }
    for (const member of sources.members) {
      if (member.userId === sources.ownUserId || member.membership === 'ban') continue;
      const score = rank(query.query, member.name, member.userId);
      if (score === null) continue;
      ranked.push({
        rank: score,
        suggestion: { id: member.userId, kind: 'user', label: member.name, detail: member.userId, insert: `@${member.name}`, targetId: member.userId, avatarMxc: member.avatarMxc },
      });
    }
  } else {
    for (const room of sources.rooms) {
      if (room.membership !== 'join' || room.isDirect) continue;
      const score = rank(query.query, room.name, room.id);
      if (score === null) continue;
      ranked.push({
        rank: score,
        suggestion: { id: room.id, kind: 'room', label: room.name, detail: sources.roomDetail(room), insert: `#${room.name}`, targetId: room.id, avatarMxc: room.avatarMxc },
      });
    }
  }
  return ranked
    .toSorted((a, b) => a.rank - b.rank || a.suggestion.label.localeCompare(b.suggestion.label))
    .slice(0, limit)
    .map((entry) => entry.suggestion);
}

/** The text with the query replaced by the suggestion (and a space after it), and where the caret goes. */
export function applySuggestion(text: string, query: MentionQuery, suggestion: Suggestion): { text: string; caret: number } {
  const before = text.slice(0, query.start);
  const after = text.slice(query.end);
  const inserted = `${suggestion.insert}${after.startsWith(' ') ? '' : ' '}`;
  return { text: `${before}${inserted}${after}`, caret: before.length + inserted.length };
}
