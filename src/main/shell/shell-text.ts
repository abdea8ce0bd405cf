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

type RoleLabelMap = Readonly<Record<'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll' | 'zoomIn' | 'zoomOut' | 'resetZoom' | 'togglefullscreen' | 'minimize' | 'zoom' | 'front' | 'close', string>>;

/** Electron's role items come with English labels on every platform; these are the translations. */
export const ROLE_LABELS: Readonly<Record<NotificationLanguage, RoleLabelMap>> = {
  en: {
    about: 'About Plenum', services: 'Services', hide: 'Hide Plenum', hideOthers: 'Hide Others', unhide: 'Show All', quit: 'Quit Plenum',
    undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', pasteAndMatchStyle: 'Paste and Match Style', delete: 'Delete', selectAll: 'Select All',
    zoomIn: 'Zoom In', zoomOut: 'Zoom Out', resetZoom: 'Actual Size', togglefullscreen: 'Toggle Full Screen', minimize: 'Minimise', zoom: 'Zoom', front: 'Bring All to Front', close: 'Close Window',
  },
  de: {
    about: 'Über Plenum', services: 'Dienste', hide: 'Plenum ausblenden', hideOthers: 'Andere ausblenden', unhide: 'Alle einblenden', quit: 'Plenum beenden',
    undo: 'Rückgängig', redo: 'Wiederholen', cut: 'Ausschneiden', copy: 'Kopieren', paste: 'Einfügen', pasteAndMatchStyle: 'Einfügen und Stil anpassen', delete: 'Löschen', selectAll: 'Alles auswählen',
    zoomIn: 'Vergrößern', zoomOut: 'Verkleinern', resetZoom: 'Originalgröße', togglefullscreen: 'Vollbild ein/aus', minimize: 'Minimieren', zoom: 'Zoomen', front: 'Alle nach vorne bringen', close: 'Fenster schließen',
  },
  fr: {
    about: 'À propos de Plenum', services: 'Services', hide: 'Masquer Plenum', hideOthers: 'Masquer les autres', unhide: 'Tout afficher', quit: 'Quitter Plenum',
    undo: 'Annuler', redo: 'Rétablir', cut: 'Couper', copy: 'Copier', paste: 'Coller', pasteAndMatchStyle: 'Coller et adapter le style', delete: 'Supprimer', selectAll: 'Tout sélectionner',
    zoomIn: 'Zoom avant', zoomOut: 'Zoom arrière', resetZoom: 'Taille réelle', togglefullscreen: 'Plein écran', minimize: 'Réduire', zoom: 'Agrandir', front: 'Tout ramener au premier plan', close: 'Fermer la fenêtre',
  },
};

export const SHELL_CATALOGUES: Readonly<Record<NotificationLanguage, Catalogue>> = { en, de, fr };

export const shellText = (language: NotificationLanguage): Catalogue => SHELL_CATALOGUES[language];
