import { IntlMessageFormat } from 'intl-messageformat';
import type { NotificationPlan } from './notification-policy.ts';

/**
 * The words of desktop notifications. They are made in main (the renderer may be closed to the
 * tray), so main has this small catalogue of its own, in the renderer's languages and with the
 * same ICU MessageFormat library, for plurals that English-only interpolation gets wrong.
 */
const en = {
  appName: 'Plenum',
  inRoom: '{sender} in {room}',
  image: 'Sent an image',
  file: 'Sent a file',
  encrypted: 'Encrypted message',
  other: 'New activity',
  hidden: 'You have a new message',
  invite: 'Invited you to “{room}”',
  hiddenInvite: 'You have a new invitation',
  burst: '{count, plural, one {# new message} other {# new messages}}',
  burstLatest: '{count, plural, one {# new message} other {# new messages}}, the latest from {sender}: {text}',
  catchUp: '{messages, plural, one {# new message} other {# new messages}} in {rooms, plural, one {# conversation} other {# conversations}}',
  catchUpHighlights: '{messages, plural, one {# new message} other {# new messages}} in {rooms, plural, one {# conversation} other {# conversations}}, {highlights, plural, one {# mentions you} other {# mention you}}',
  unreadNone: 'Plenum: no unread messages',
  unread: 'Plenum: {count, plural, one {# unread message} other {# unread messages}}',
} as const;

export type NotificationMessageKey = keyof typeof en;
type Catalogue = Readonly<Record<NotificationMessageKey, string>>;

const de: Catalogue = {
  appName: 'Plenum',
  inRoom: '{sender} in {room}',
  image: 'Hat ein Bild gesendet',
  file: 'Hat eine Datei gesendet',
  encrypted: 'Verschlüsselte Nachricht',
  other: 'Neue Aktivität',
  hidden: 'Sie haben eine neue Nachricht',
  invite: 'Hat Sie in „{room}“ eingeladen',
  hiddenInvite: 'Sie haben eine neue Einladung',
  burst: '{count, plural, one {# neue Nachricht} other {# neue Nachrichten}}',
  burstLatest: '{count, plural, one {# neue Nachricht} other {# neue Nachrichten}}, die letzte von {sender}: {text}',
  catchUp: '{messages, plural, one {# neue Nachricht} other {# neue Nachrichten}} in {rooms, plural, one {# Unterhaltung} other {# Unterhaltungen}}',
  catchUpHighlights: '{messages, plural, one {# neue Nachricht} other {# neue Nachrichten}} in {rooms, plural, one {# Unterhaltung} other {# Unterhaltungen}}, {highlights, plural, one {# erwähnt Sie} other {# erwähnen Sie}}',
  unreadNone: 'Plenum: keine ungelesenen Nachrichten',
  unread: 'Plenum: {count, plural, one {# ungelesene Nachricht} other {# ungelesene Nachrichten}}',
};

const fr: Catalogue = {
  appName: 'Plenum',
  inRoom: '{sender} dans {room}',
  image: 'A envoyé une image',
  file: 'A envoyé un fichier',
  encrypted: 'Message chiffré',
  other: 'Nouvelle activité',
  hidden: 'Vous avez un nouveau message',
  invite: 'Vous a invité dans « {room} »',
  hiddenInvite: 'Vous avez une nouvelle invitation',
  burst: '{count, plural, one {# nouveau message} other {# nouveaux messages}}',
  burstLatest: '{count, plural, one {# nouveau message} other {# nouveaux messages}}, le dernier de {sender} : {text}',
  catchUp: '{messages, plural, one {# nouveau message} other {# nouveaux messages}} dans {rooms, plural, one {# conversation} other {# conversations}}',
  catchUpHighlights: '{messages, plural, one {# nouveau message} other {# nouveaux messages}} dans {rooms, plural, one {# conversation} other {# conversations}}, {highlights, plural, one {# vous mentionne} other {# vous mentionnent}}',
  unreadNone: 'Plenum : aucun message non lu',
  unread: 'Plenum : {count, plural, one {# message non lu} other {# messages non lus}}',
};

export const NOTIFICATION_CATALOGUES = { en, de, fr } as const satisfies Record<string, Catalogue>;
export type NotificationLanguage = keyof typeof NOTIFICATION_CATALOGUES;

/** Notification bodies are cut here: the OS truncates anyway, and long bodies cost nothing useful. */
const MAX_BODY = 200;

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

/** The badge's and tray's words for screen readers and tooltips. */
export function describeUnread(counts: { notifications: number; invites: number }, language: NotificationLanguage): string {
  const count = counts.notifications + counts.invites;
  const catalogue = NOTIFICATION_CATALOGUES[language];
  return count === 0 ? catalogue.unreadNone : String(new IntlMessageFormat(catalogue.unread, language).format({ count }));
}

export function notificationText(plan: NotificationPlan, language: NotificationLanguage, showPreviews: boolean): NotificationText {
  const catalogue = NOTIFICATION_CATALOGUES[language];
  const t = (key: NotificationMessageKey, values?: Record<string, string | number>): string =>
    String(new IntlMessageFormat(catalogue[key], language).format(values));
  switch (plan.kind) {
    case 'catch-up': {
      const values = { messages: plan.messages, rooms: plan.rooms, highlights: plan.highlights };
      return { title: t('appName'), body: t(plan.highlights > 0 ? 'catchUpHighlights' : 'catchUp', values) };
    }
    case 'room-burst': {
      if (!showPreviews) return { title: t('appName'), body: t('burst', { count: plan.count }) };
      const text = preview(plan.latest, t);
      return { title: plan.roomName, body: cut(t('burstLatest', { count: plan.count, sender: plan.latest.senderName, text })) };
    }
    case 'event': {
      const { event } = plan;
      if (!showPreviews) return { title: t('appName'), body: t(event.kind === 'invite' ? 'hiddenInvite' : 'hidden') };
      if (event.kind === 'invite') return { title: event.senderName, body: cut(t('invite', { room: event.roomName })) };
      const title = event.isDirect || event.roomName === event.senderName ? event.senderName : t('inRoom', { sender: event.senderName, room: event.roomName });
      return { title, body: cut(preview(event, t)) };
    }
  }
}

function preview(event: { kind: string; text: string | null }, t: (key: NotificationMessageKey) => string): string {
  if (event.kind === 'message' && event.text) return event.text;
  if (event.kind === 'image') return t('image');
  if (event.kind === 'file') return t('file');
  if (event.kind === 'encrypted') return t('encrypted');
  return event.text ?? t('other');
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_BODY ? `${flat.slice(0, MAX_BODY - 1)}…` : flat;
}

/** The notification language: the user's choice, else the system's, else English (as the renderer picks). */
export function notificationLanguage(choice: 'system' | NotificationLanguage, systemLocale: string): NotificationLanguage {
  if (choice !== 'system') return choice;
  const base = systemLocale.toLowerCase().split(/[-_]/)[0] ?? '';
  return base === 'de' || base === 'fr' ? base : 'en';
}
