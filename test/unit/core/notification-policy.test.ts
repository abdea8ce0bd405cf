import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { planNotifications, STALE_AFTER_MS, type CandidateEvent } from '../../../src/main/core/notifications/notification-policy.ts';
import { describeUnread, NOTIFICATION_CATALOGUES, notificationLanguage, notificationText } from '../../../src/main/core/notifications/notification-text.ts';

let next = 0;
const event = (overrides: Partial<CandidateEvent> = {}): CandidateEvent => ({
  roomId: '!room:x',
  roomName: 'Budget',
  isDirect: false,
  eventId: `$e${(next += 1)}`,
  senderId: '@bob:x',
  senderName: 'Bob',
  senderAvatarMxc: 'mxc://x/bob',
  text: 'hello',
  kind: 'message',
  pushNotify: true,
  highlight: false,
  ageMs: 1_000,
  ...overrides,
});
const settings = { doNotDisturb: false, showMessagePreviews: true };
const away = { activeRoomId: null, windowFocused: false };

describe('which events notify', () => {
  it('notifies of a live event the push rules want', () => {
    const e = event();
    expect(planNotifications({ events: [e], catchingUp: false }, settings, away)).toEqual([{ kind: 'event', event: e }]);
  });

  it.each([
    ['the push rules say no (a muted room)', { events: [event({ pushNotify: false })], catchingUp: false }, settings, away],
    ['do-not-disturb is on', { events: [event()], catchingUp: false }, { ...settings, doNotDisturb: true }, away],
    ['the room is open in the focused window', { events: [event()], catchingUp: false }, settings, { activeRoomId: '!room:x', windowFocused: true }],
  ] as const)('says nothing when %s', (_, batch, chosen, view) => {
    expect(planNotifications(batch, chosen, view)).toEqual([]);
  });

  it('does notify for the open room when the window is in the background', () => {
    expect(planNotifications({ events: [event()], catchingUp: false }, settings, { activeRoomId: '!room:x', windowFocused: false })).toHaveLength(1);
  });

  it('sums up a catch-up batch in one notification, counting what a limited sync left out', () => {
    const events = [event(), event(), event({ roomId: '!other:x', highlight: true })];
    const plans = planNotifications({ events, catchingUp: true, unreadByRoom: new Map([['!room:x', 198]]) }, settings, away);
    expect(plans).toEqual([{ kind: 'catch-up', messages: 199, rooms: 2, highlights: 1, firstRoomId: '!room:x' }]);
  });

  it('treats events older than a few minutes as history even in a live sync', () => {
    const plans = planNotifications({ events: [event({ ageMs: STALE_AFTER_MS + 1 }), event()], catchingUp: false }, settings, away);
    expect(plans.map((plan) => plan.kind)).toEqual(['catch-up', 'event']);
  });

  it('turns more than two events of one room into one burst, counting those shown moments ago', () => {
    const burst = planNotifications({ events: [event(), event(), event({ text: 'third' })], catchingUp: false }, settings, away);
    expect(burst).toMatchObject([{ kind: 'room-burst', roomId: '!room:x', count: 3, latest: { text: 'third' } }]);
    const continued = planNotifications({ events: [event()], catchingUp: false, recentByRoom: new Map([['!room:x', 4]]) }, settings, away);
    expect(continued).toMatchObject([{ kind: 'room-burst', count: 5 }]);
    const otherRoom = planNotifications({ events: [event({ roomId: '!b:x' })], catchingUp: false, recentByRoom: new Map([['!room:x', 4]]) }, settings, away);
    expect(otherRoom).toMatchObject([{ kind: 'event' }]);
  });
});

describe('what a notification says', () => {
  it('names sender and room, or only the sender in a direct chat', () => {
    expect(notificationText({ kind: 'event', event: event() }, 'en', true)).toEqual({ title: 'Bob in Budget', body: 'hello' });
    expect(notificationText({ kind: 'event', event: event({ isDirect: true }) }, 'en', true)).toEqual({ title: 'Bob', body: 'hello' });
    expect(notificationText({ kind: 'event', event: event({ kind: 'image', text: null }) }, 'de', true).body).toBe('Hat ein Bild gesendet');
    expect(notificationText({ kind: 'event', event: event({ kind: 'encrypted', text: null }) }, 'fr', true).body).toBe('Message chiffré');
  });

  it('hides sender, room and text with previews off, in every language', () => {
    for (const language of ['en', 'de', 'fr'] as const) {
      const text = notificationText({ kind: 'event', event: event({ text: 'secret figures' }) }, language, false);
      expect(JSON.stringify(text)).not.toMatch(/secret|Bob|Budget/);
      const burst = notificationText({ kind: 'room-burst', roomId: '!room:x', roomName: 'Budget', count: 4, latest: event({ text: 'secret' }) }, language, false);
      expect(JSON.stringify(burst)).not.toMatch(/secret|Bob|Budget/);
    }
  });

  it('uses each language’s plurals', () => {
    const one = { kind: 'catch-up', messages: 1, rooms: 1, highlights: 0, firstRoomId: '!r' } as const;
    const many = { kind: 'catch-up', messages: 200, rooms: 3, highlights: 2, firstRoomId: '!r' } as const;
    expect(notificationText(one, 'en', true).body).toBe('1 new message in 1 conversation');
    expect(notificationText(many, 'en', true).body).toBe('200 new messages in 3 conversations, 2 mention you');
    expect(notificationText(many, 'de', true).body).toBe('200 neue Nachrichten in 3 Unterhaltungen, 2 erwähnen Sie');
    expect(notificationText(one, 'fr', true).body).toBe('1 nouveau message dans 1 conversation');
  });

  it('cuts long bodies and folds their white space', () => {
    const body = notificationText({ kind: 'event', event: event({ text: `line one\n\n${'x'.repeat(500)}` }) }, 'en', true).body;
    expect(body.length).toBe(200);
    expect(body.startsWith('line one x')).toBe(true);
    expect(body.endsWith('…')).toBe(true);
  });

  it('follows the chosen language, else the system’s, else English', () => {
    expect(notificationLanguage('fr', 'de-DE')).toBe('fr');
    expect(notificationLanguage('system', 'de_AT')).toBe('de');
    expect(notificationLanguage('system', 'it-IT')).toBe('en');
  });

  it('describes the badge for tooltips and screen readers', () => {
    expect(describeUnread({ notifications: 0, invites: 0 }, 'en')).toBe('Plenum: no unread messages');
    expect(describeUnread({ notifications: 2, invites: 1 }, 'de')).toBe('Plenum: 3 ungelesene Nachrichten');
  });
});

describe('the notification catalogues', () => {
  interface AstNode {
    readonly type: number;
    readonly value?: unknown;
    readonly options?: Readonly<Record<string, { readonly value: readonly AstNode[] }>>;
  }
  // intl-messageformat's element types 1–6 are the placeholders (argument, number, date, time, select, plural).
  const placeholders = (nodes: readonly AstNode[]): string[] =>
    nodes.flatMap((node) => [
      ...(node.type >= 1 && node.type <= 6 && typeof node.value === 'string' ? [node.value] : []),
      ...Object.values(node.options ?? {}).flatMap((option) => placeholders(option.value)),
    ]);
  const parse = (text: string): readonly AstNode[] => new IntlMessageFormat(text, 'en').getAst() as unknown as readonly AstNode[];
  it.each(['de', 'fr'] as const)('%s has valid ICU with the same placeholders as English', (language) => {
    for (const [key, english] of Object.entries(NOTIFICATION_CATALOGUES.en)) {
      const translated = NOTIFICATION_CATALOGUES[language][key as keyof typeof NOTIFICATION_CATALOGUES.en];
      expect(new Set(placeholders(parse(translated))), key).toEqual(new Set(placeholders(parse(english))));
    }
  });
});

describe('invitations', () => {
  it('say who invited the user where, and nothing of it with previews off', () => {
    const invite = event({ kind: 'invite', text: null, roomName: 'Steering group', senderName: 'Bob' });
    expect(notificationText({ kind: 'event', event: invite }, 'en', true)).toEqual({ title: 'Bob', body: 'Invited you to “Steering group”' });
    expect(notificationText({ kind: 'event', event: invite }, 'de', true).body).toBe('Hat Sie in „Steering group“ eingeladen');
    const hidden = notificationText({ kind: 'event', event: invite }, 'fr', false);
    expect(hidden).toEqual({ title: 'Plenum', body: 'Vous avez une nouvelle invitation' });
  });
});
