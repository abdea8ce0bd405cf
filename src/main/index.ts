/**
 * Plenum's composition root: the only place that wires Electron to the core. Ordering matters and
 * is Electron's: sandboxing, the single-instance lock and privileged schemes before `ready`; the
 * protocol handler, permissions, core and window after it.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import { serveBridge } from '../shared/ipc/server.ts';
import { createAppIdentity } from './adapters/app-identity.ts';
import { createConsoleLogger } from './adapters/console-logger.ts';
import { disposeBeforeQuit } from './adapters/dispose-before-quit.ts';
import { createExternalOpener } from './adapters/electron-external-opener.ts';
import { createKeytarSecretStore } from './adapters/keytar-secret-store.ts';
import { createCore } from './core/create-core.ts';
import { createElectronTransport } from './ipc/electron-transport.ts';
import { createMainWindow } from './window/create-main-window.ts';
import { buildContentSecurityPolicy } from './window/csp.ts';
import { installPermissionPolicy } from './window/permissions.ts';
import { handleAppProtocol, registerPrivilegedSchemes } from './window/register-app-protocol.ts';
import { installWebContentsGuards } from './window/web-contents-guards.ts';
import { handleMediaProtocol, MEDIA_SCHEME_PRIVILEGES } from './window/media-protocol.ts';

// Bundled layout: out/main/index.js beside out/preload/ and out/renderer/ (inside app.asar when packaged).
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

function main(): void {
  const logger = createConsoleLogger('main');
  // Every renderer sandboxed, whatever a future BrowserWindow forgets to say.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    // Another Plenum owns the profile, keychain entries and database; it gets focused instead.
    app.quit();
    return;
  }
  registerPrivilegedSchemes(protocol, [MEDIA_SCHEME_PRIVILEGES]);

  const opener = createExternalOpener(shell, logger);
  // Installed before any WebContents exists, so none escapes the guards.
  installWebContentsGuards(app, { openExternal: (url) => opener.open(url) });

  let mainWindow: BrowserWindow | undefined;
  const openMainWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath, logger });
  };

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay running without windows; the dock icon reopens one ('activate').
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      handleAppProtocol(protocol, { rendererDir, contentSecurityPolicy: buildContentSecurityPolicy() });
      installPermissionPolicy(session.defaultSession);

      const core = createCore({
        secrets: createKeytarSecretStore(),
        logger,
        app: createAppIdentity(app),
        dataDir: app.getPath('userData'),
        // Electron's network stack: the system proxy (PAC included) and the OS certificate store.
        fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
      });
      handleMediaProtocol(protocol, core.media);
      const transport = createElectronTransport(
        ipcMain,
        () => BrowserWindow.getAllWindows().map((window) => window.webContents),
        { onSendError: (name) => logger.warn('event not delivered', { event: name }) },
      );
      const stopBridge = serveBridge(core, transport, {
        onUnexpectedError: (name) => logger.error('command failed unexpectedly', { command: name }),
      });
      disposeBeforeQuit(
        app,
        async () => {
          stopBridge();
          await core.dispose();
        },
        { onError: () => logger.error('shutdown did not finish cleanly') },
      );
      openMainWindow();
      // The window first (it shows "restoring"), then the stored session from disk and the network.
      core.start().catch(() => logger.error('resuming the stored session failed'));
      // macOS: clicking the dock icon with no window open. Registered only now, so it can't race
      // the first window.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
      });
    })
    .catch((error: unknown) => {
      logger.error('startup failed', { error: error instanceof Error ? error.message : 'unknown' });
      app.exit(1);
    });
}

main();
