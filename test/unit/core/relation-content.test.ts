import { describe, expect, it } from 'vitest';
import { editContent, reactionContent, relationOf, replyContent, threadContent } from '../../../src/main/core/outbox/relation-content.ts';
import { stripReplyFallback } from '../../../src/main/core/timeline/reply-fallback.ts';

describe('relation content', () => {
  it('a reply has no fallback and mentions the person answered (not oneself), keeping other mentions', () => {
    expect(replyContent({ msgtype: 'm.text', body: 'yes' }, { eventId: '$o', senderId: '@bob:x' }, '@me:x')).toEqual({
      msgtype: 'm.text',
      body: 'yes',
      'm.relates_to': { 'm.in_reply_to': { event_id: '$o' } },
      'm.mentions': { user_ids: ['@bob:x'] },
    });
    expect(replyContent({ msgtype: 'm.text', body: 'me', 'm.mentions': { user_ids: ['@ann:x'] } }, { eventId: '$o', senderId: '@me:x' }, '@me:x')['m.mentions']).toEqual({
      user_ids: ['@ann:x'],
    });
  });

  it('an edit carries the new text in m.new_content, a "* " fallback, and notifies nobody', () => {
    const edit = editContent('$t', { msgtype: 'm.text', body: '**new**', format: 'org.matrix.custom.html', formatted_body: '<strong>new</strong>' });
    expect(edit).toEqual({
      msgtype: 'm.text',
      body: '* **new**',
      format: 'org.matrix.custom.html',
      formatted_body: '* <strong>new</strong>',
      'm.new_content': { msgtype: 'm.text', body: '**new**', format: 'org.matrix.custom.html', formatted_body: '<strong>new</strong>', 'm.mentions': {} },
      'm.mentions': {},
      'm.relates_to': { rel_type: 'm.replace', event_id: '$t' },
    });
  });

  it('a thread reply falls back to the latest message, or really answers one', () => {
    expect(threadContent({ msgtype: 'm.text', body: 'x' }, '$root', '$latest', null)['m.relates_to']).toEqual({
      rel_type: 'm.thread',
      event_id: '$root',
      is_falling_back: true,
      'm.in_reply_to': { event_id: '$latest' },
    });
    expect(threadContent({ msgtype: 'm.text', body: 'x' }, '$root', '$latest', '$answered')['m.relates_to']).toMatchObject({ is_falling_back: false, 'm.in_reply_to': { event_id: '$answered' } });
  });

  it('names what an outbox row does to another event', () => {
    expect(relationOf('m.reaction', reactionContent('$t', '👍'))).toEqual({ type: 'reaction', eventId: '$t', key: '👍' });
    expect(relationOf('m.room.redaction', { redacts: '$t' })).toEqual({ type: 'redaction', eventId: '$t' });
    expect(relationOf('m.room.message', editContent('$t', { msgtype: 'm.text', body: 'b' }))).toEqual({ type: 'edit', eventId: '$t' });
    expect(relationOf('m.room.message', threadContent({ msgtype: 'm.text', body: 'b' }, '$r', '$l', null))).toEqual({ type: 'thread', eventId: '$r' });
    expect(relationOf('m.room.message', { msgtype: 'm.text', body: 'plain' })).toBeNull();
  });
});

describe('stripReplyFallback', () => {
  it('removes a quoted fallback followed by a blank line, and leaves a quote that is the message', () => {
    expect(stripReplyFallback('> <@a:x> original\n> more\n\nthe answer')).toBe('the answer');
    expect(stripReplyFallback('> just a quote')).toBe('> just a quote');
    expect(stripReplyFallback('no quote\n\nat all')).toBe('no quote\n\nat all');
  });
});
