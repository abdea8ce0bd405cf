import { BrowserWindow, Menu } from 'electron';
import type { Logger } from '../core/ports.ts';
import { APP_ORIGIN } from './app-protocol-path.ts';
import type { RoleLabels } from './app-menu.ts';
import { buildEditContextMenu, type EditContextLabels } from './spellcheck-menu.ts';
import { MIN_HEIGHT, MIN_WIDTH, trackWindowState, type WindowState } from './window-state.ts';

export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  readonly logger: Logger;
  /** Where the window was last (placed on today's screens); the OS centres a default-sized one without. */
  readonly state: WindowState | null;
  readonly saveState: (state: WindowState) => void;
  /** Started hidden in the tray (at login, or by preference): shown later by the tray or a second launch. */
  readonly startHidden: boolean;
  /** The spelling menu's own words and Electron's role labels, in the user's language. */
  readonly editMenuText: () => { labels: EditContextLabels; roles: RoleLabels };
}

/**
 * The one application window. Every web preference that matters for security is spelled out, even
 * where it equals Electron's default, so a reviewer (or a future default change) can't miss it.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { state } = options;
  const window = new BrowserWindow({
    width: state?.width ?? 1200,
    height: state?.height ?? 800,
    ...(state?.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Plenum',
    // Shown on ready-to-show so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => {
    if (options.startHidden) return;
    // maximize() shows the window itself, so it comes instead of show(), never before ready.
    if (state?.maximized) window.maximize();
    else window.show();
    if (state?.fullScreen) window.setFullScreen(true);
  });
  trackWindowState(window, options.saveState);
  // Chromium underlines misspellings but offers no menu of its own: this is the one its docs show.
  window.webContents.on('context-menu', (_event, params) => {
    const { labels, roles } = options.editMenuText();
    const template = buildEditContextMenu(
      params,
      {
        replaceMisspelling: (word) => window.webContents.replaceMisspelling(word),
        addToDictionary: (word) => void window.webContents.session.addWordToSpellCheckerDictionary(word),
      },
      labels,
      roles,
    );
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window });
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    options.logger.error('the renderer process is gone', { reason: details.reason, exitCode: details.exitCode });
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    options.logger.error('the main window failed to load', { error: error instanceof Error ? error.message : 'unknown' });
  });
  return window;
}
