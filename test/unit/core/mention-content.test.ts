import { describe, expect, it } from 'vitest';
import { mentionedMessageContent } from '../../../src/main/core/outbox/mention-content.ts';

describe('mentionedMessageContent', () => {
  it('links each pill still in the text and lists the people in m.mentions', () => {
    const content = mentionedMessageContent(
      'Hi @Ann Smith and @Ann, see #Budget_2027',
      {
        users: [
          { userId: '@ann:x', text: '@Ann' },
          { userId: '@annsmith:x', text: '@Ann Smith' },
          { userId: '@gone:x', text: '@Removed Person' },
        ],
        rooms: [{ roomId: '!r:x', text: '#Budget_2027' }],
        room: false,
      },
      false,
      'x',
    );
    expect(content.body).toBe('Hi @Ann Smith and @Ann, see #Budget_2027');
    expect(content.formatted_body).toBe(
      'Hi <a href="https://matrix.to/#/@annsmith:x">Ann Smith</a> and <a href="https://matrix.to/#/@ann:x">Ann</a>, see <a href="https://matrix.to/#/!r%3Ax?via=x">#Budget_2027</a>',
    );
    expect(content['m.mentions']).toEqual({ user_ids: ['@ann:x', '@annsmith:x'] });
  });

  it('says @room only when the room allows this user to, and a name full of Markdown stays text', () => {
    const pill = { users: [{ userId: '@e:x', text: '@*Evil* [x](javascript:1)' }], rooms: [], room: true };
    const allowed = mentionedMessageContent('@room look: @*Evil* [x](javascript:1)', pill, true, 'x');
    expect(allowed['m.mentions']).toEqual({ user_ids: ['@e:x'], room: true });
    expect(allowed.formatted_body).toBe('@room look: <a href="https://matrix.to/#/@e:x">*Evil* [x](javascript:1)</a>');
    expect(mentionedMessageContent('@room look', { users: [], rooms: [], room: true }, false, 'x')['m.mentions']).toEqual({ user_ids: [] });
  });
});
