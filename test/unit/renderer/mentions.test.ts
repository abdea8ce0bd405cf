import { describe, expect, it } from 'vitest';
import type { MemberView } from '../../../src/shared/model/members.ts';
import type { RoomSummary } from '../../../src/shared/model/rooms.ts';
import { applySuggestion, mentionQueryAt, suggestionsFor, type SuggestionSources } from '../../../src/renderer/views/room/composer/mentions.ts';

const member = (userId: string, name: string): MemberView => ({ userId, name, avatarMxc: null, membership: 'join', powerLevel: 0, creator: false });
const room = (id: string, name: string, extra: Partial<RoomSummary> = {}): RoomSummary =>
  ({ id, name, membership: 'join', isDirect: false, avatarMxc: null, memberCount: 3, ...extra }) as RoomSummary;

const sources: SuggestionSources = {
  members: [member('@me:x', 'Me Myself'), member('@eloise:x', 'Éloïse Martin'), member('@bob:x', 'Bob Builder'), member('@bobby:x', 'Roberta')],
  rooms: [room('!a:x', 'Budget 2027'), room('!b:x', 'Bob', { isDirect: true }), room('!c:x', 'Board', { membership: 'invite' })],
  canMentionRoom: true,
  ownUserId: '@me:x',
  everyoneLabel: 'Everyone in the room',
  everyoneDetail: '@room',
  roomDetail: (r) => `${r.memberCount} members`,
};

describe('mention queries', () => {
  it('start at a word and run to the caret', () => {
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ trigger: '@', query: 'bo', start: 3, end: 6 });
    expect(mentionQueryAt('@', 1)).toEqual({ trigger: '@', query: '', start: 0, end: 1 });
    expect(mentionQueryAt('see #bud', 8)).toMatchObject({ trigger: '#', query: 'bud' });
    expect(mentionQueryAt('mail me@bo', 10)).toBeNull();
    expect(mentionQueryAt('@bob is here', 12)).toBeNull();
    expect(mentionQueryAt('(@bo', 4)).toMatchObject({ query: 'bo' });
  });

  it('suggest people by name or ID, accents aside, never oneself; @room only where allowed', () => {
    const at = (query: string, extra: Partial<SuggestionSources> = {}) =>
      suggestionsFor({ trigger: '@', query, start: 0, end: query.length + 1 }, { ...sources, ...extra }).map((s) => s.insert);
    expect(at('elo')).toEqual(['@Éloïse Martin']);
    expect(at('bob')).toEqual(['@Bob Builder', '@Roberta']);
    expect(at('me')).toEqual([]);
    expect(at('ro')).toEqual(['@room', '@Roberta']);
    expect(at('ro', { canMentionRoom: false })).toEqual(['@Roberta']);
    expect(at('').at(-1)).toBe('@room');
  });

  it('suggest joined group rooms for #', () => {
    const rooms = suggestionsFor({ trigger: '#', query: 'b', start: 0, end: 2 }, sources);
    expect(rooms.map((s) => [s.insert, s.targetId, s.detail])).toEqual([['#Budget 2027', '!a:x', '3 members']]);
  });

  it('replace the query with the pill text and a space, caret after it', () => {
    const query = mentionQueryAt('hi @bo and more', 6)!;
    const [bob] = suggestionsFor(query, sources);
    expect(applySuggestion('hi @bo and more', query, bob!)).toEqual({ text: 'hi @Bob Builder and more', caret: 15 });
    const end = mentionQueryAt('hi @bo', 6)!;
    expect(applySuggestion('hi @bo', end, bob!)).toEqual({ text: 'hi @Bob Builder ', caret: 16 });
  });
});
