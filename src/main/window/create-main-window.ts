import { BrowserWindow } from 'electron';
import type { Logger } from '../core/ports.ts';
import { APP_ORIGIN } from './app-protocol-path.ts';

export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  readonly logger: Logger;
}

/**
 * The one application window. Every web preference that matters for security is spelled out, even
 * where it equals Electron's default, so a reviewer (or a future default change) can't miss it.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 480,
    minHeight: 400,
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
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    options.logger.error('the renderer process is gone', { reason: details.reason, exitCode: details.exitCode });
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    options.logger.error('the main window failed to load', { error: error instanceof Error ? error.message : 'unknown' });
  });
  return window;
}
