import type { NotificationLanguage } from '../core/notifications/notification-text.ts';

/**
 * The words of main's own UI: the tray menu, the native menus and the spelling menu. Main has its
 * own small catalogue because these exist while the window may be closed; standard items (cut,
 * copy, quit, zoom …) use Electron's roles, whose labels the operating system translates.
 */
const en = {
  trayOpen: 'Open Plenum',
  trayDoNotDisturb: 'Do not disturb',
  trayQuit: 'Quit Plenum',
  menuFile: 'File',
  menuEdit: 'Edit',
  menuView: 'View',
  menuWindow: 'Window',
  menuHelp: 'Help',
  menuSettings: 'Settings…',
  menuDoNotDisturb: 'Do not disturb',
  menuKeyboardShortcuts: 'Keyboard shortcuts',
  spellNoSuggestions: 'No suggestions',
  spellAddToDictionary: 'Add to dictionary',
} as const;

export type ShellTextKey = keyof typeof en;
type Catalogue = Readonly<Record<ShellTextKey, string>>;

const de: Catalogue = {
  trayOpen: 'Plenum öffnen',
  trayDoNotDisturb: 'Nicht stören',
  trayQuit: 'Plenum beenden',
  menuFile: 'Datei',
  menuEdit: 'Bearbeiten',
  menuView: 'Ansicht',
  menuWindow: 'Fenster',
  menuHelp: 'Hilfe',
  menuSettings: 'Einstellungen…',
  menuDoNotDisturb: 'Nicht stören',
  menuKeyboardShortcuts: 'Tastenkombinationen',
  spellNoSuggestions: 'Keine Vorschläge',
  spellAddToDictionary: 'Zum Wörterbuch hinzufügen',
};

const fr: Catalogue = {
  trayOpen: 'Ouvrir Plenum',
  trayDoNotDisturb: 'Ne pas déranger',
  trayQuit: 'Quitter Plenum',
  menuFile: 'Fichier',
  menuEdit: 'Édition',
  menuView: 'Affichage',
  menuWindow: 'Fenêtre',
  menuHelp: 'Aide',
  menuSettings: 'Paramètres…',
  menuDoNotDisturb: 'Ne pas déranger',
  menuKeyboardShortcuts: 'Raccourcis clavier',
  spellNoSuggestions: 'Aucune suggestion',
  spellAddToDictionary: 'Ajouter au dictionnaire',
};

export const SHELL_CATALOGUES: Readonly<Record<NotificationLanguage, Catalogue>> = { en, de, fr };

export const shellText = (language: NotificationLanguage): Catalogue => SHELL_CATALOGUES[language];
