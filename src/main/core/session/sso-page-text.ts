import type { NotificationLanguage } from '../notifications/notification-text.ts';
import type { LoopbackPageText } from './sso-loopback.ts';

/**
 * The words of the page the browser shows when single sign-on hands back to Plenum. Main serves it,
 * so main carries these few strings, in the renderer's languages.
 */
export const SSO_PAGE_TEXT = {
  en: {
    lang: 'en',
    title: 'Plenum',
    signedIn: 'You are signed in to Plenum',
    mismatch: 'This sign-in was not started by Plenum, so it was not used',
    noToken: 'The server did not complete the sign-in',
    closeTab: 'You can close this tab and return to Plenum.',
  },
  de: {
    lang: 'de',
    title: 'Plenum',
    signedIn: 'Sie sind bei Plenum angemeldet',
    mismatch: 'Diese Anmeldung wurde nicht von Plenum begonnen und wurde daher nicht verwendet',
    noToken: 'Der Server hat die Anmeldung nicht abgeschlossen',
    closeTab: 'Sie können diesen Tab schließen und zu Plenum zurückkehren.',
  },
  fr: {
    lang: 'fr',
    title: 'Plenum',
    signedIn: 'Vous êtes connecté à Plenum',
    mismatch: 'Cette connexion n’a pas été lancée par Plenum ; elle n’a donc pas été utilisée',
    noToken: 'Le serveur n’a pas terminé la connexion',
    closeTab: 'Vous pouvez fermer cet onglet et revenir à Plenum.',
  },
} as const satisfies Record<NotificationLanguage, LoopbackPageText>;
