/**
 * Plenum's composition root: the only place that wires Electron to the core. Ordering matters and
 * is Electron's: sandboxing, the single-instance lock and privileged schemes before `ready`; the
 * protocol handler, permissions, core and window after it.
 */
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, ipcMain, nativeImage, net, Notification, protocol, screen, session, shell, type NativeImage } from 'electron';
import { serveBridge } from '../shared/ipc/server.ts';
import { parseMatrixLink } from '../shared/links/matrix-link.ts';
import { parseMxcUri } from '../shared/matrix/mxc-uri.ts';
import { createAppIdentity } from './adapters/app-identity.ts';
import { createConsoleLogger } from './adapters/console-logger.ts';
import { disposeBeforeQuit } from './adapters/dispose-before-quit.ts';
import { createExternalOpener } from './adapters/electron-external-opener.ts';
import { installDeepLinkIntake } from './adapters/deep-link-intake.ts';
import { createElectronNotifier } from './adapters/electron-notifier.ts';
import { loadElectronUpdater } from './adapters/electron-updater-adapter.ts';
import { createElectronUnreadIndicator } from './adapters/electron-unread-indicator.ts';
import { createKeytarSecretStore } from './adapters/keytar-secret-store.ts';
import { createCore, type Core } from './core/create-core.ts';
import { policySourcesFor } from './core/policy/policy-sources.ts';
import { describeUnread } from './core/notifications/notification-text.ts';
import { startsHidden } from './shell/close-behaviour.ts';
import { startDesktop, type Desktop } from './shell/desktop.ts';
import { createUpdateFlow, updatePlan } from './shell/update-policy.ts';
import { ROLE_LABELS, shellText } from './shell/shell-text.ts';
import { createWindowStateStore, placeOnScreen } from './window/window-state.ts';
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
// Tray and overlay images: copied beside the app by electron-builder (extraResources), read from build/ in development.
const iconsDir = app.isPackaged ? join(process.resourcesPath, 'icons') : fileURLToPath(new URL('../../build/icons/', import.meta.url));

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
  // Deep links can come before the core exists (a protocol launch, macOS's open-url at start):
  // the intake keeps them, and the core waits in turn for the session.
  let core: Core | undefined;
  const links = installDeepLinkIntake(app, () => showMainWindow());
  // Installed before any WebContents exists, so none escapes the guards. A permalink clicked in a
  // message opens inside Plenum; every other link goes through the one external gate.
  installWebContentsGuards(app, {
    openExternal: (url) => {
      const link = parseMatrixLink(url);
      if (link && core) void core.openLink(link);
      else if (!link) opener.open(url);
    },
  });

  let mainWindow: BrowserWindow | undefined;
  let desktop: Desktop | undefined;
  const windowState = createWindowStateStore(join(app.getPath('userData'), 'window-state.json'), logger);
  const openMainWindow = (startHidden = false): void => {
    const saved = windowState.load();
    mainWindow = createMainWindow({
      preloadPath,
      logger,
      state: saved ? placeOnScreen(saved, screen.getAllDisplays(), { width: 1200, height: 800 }) : null,
      saveState: (state) => windowState.save(state),
      startHidden,
      editMenuText: () => {
        const language = desktop?.language() ?? 'en';
        const text = shellText(language);
        return { labels: { noSuggestions: text.spellNoSuggestions, addToDictionary: text.spellAddToDictionary }, roles: ROLE_LABELS[language] };
      },
    });
    desktop?.adoptWindow(mainWindow);
  };
  function showMainWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  app.on('window-all-closed', () => {
    // macOS apps stay running without windows; the dock icon reopens one ('activate'). Elsewhere a
    // closed window was hidden to the tray when the user wanted that, so this is a real close.
    if (process.platform !== 'darwin') app.quit();
  });


  app
    .whenReady()
    .then(async () => {
      handleAppProtocol(protocol, { rendererDir, contentSecurityPolicy: buildContentSecurityPolicy() });
      installPermissionPolicy(session.defaultSession);

      const overlayImage = nativeImage.createFromPath(join(iconsDir, 'overlay-unread.png'));
      const started = createCore({
        secrets: createKeytarSecretStore(),
        logger,
        app: createAppIdentity(app),
        dataDir: app.getPath('userData'),
        // Electron's network stack: the system proxy (PAC included) and the OS certificate store.
        fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
        // Single sign-on opens in the user's browser, through the same gate as every other link.
        openExternal: (url) => opener.open(url),
        // Windows: HKLM then HKCU\SOFTWARE\Policies\Plenum; macOS: device then user managed
        // preferences; Linux: /etc/plenum/policy.json. Read once at start (no watching).
        policySources: policySourcesFor(process.platform, logger),
        notifier: createElectronNotifier({
          createNotification: (options) => new Notification(options as Electron.NotificationConstructorOptions),
          isSupported: () => Notification.isSupported(),
          onClick: (roomId, eventId) => {
            showMainWindow();
            core?.openRoom(roomId, eventId);
          },
          // The sender's picture through the core's authenticated media, as a small square thumbnail.
          loadIcon: async (mxc) => {
            const parts = parseMxcUri(mxc);
            if (!parts || !core) return null;
            const path = `thumbnail/${encodeURIComponent(parts.serverName)}/${encodeURIComponent(parts.mediaId)}`;
            const response = await core.media(path, new URLSearchParams({ w: '96', h: '96', m: 'crop' }));
            if (!response.ok) return null;
            const icon = nativeImage.createFromBuffer(Buffer.from(await response.arrayBuffer()));
            return icon.isEmpty() ? null : icon;
          },
          logger,
        }),
        // The dock (macOS) and Unity launchers (Linux), the taskbar overlay (Windows), the tray everywhere.
        unread: createElectronUnreadIndicator({
          platform: process.platform,
          setBadgeCount: (count) => app.setBadgeCount(count),
          setOverlayIcon: (icon, description) => {
            if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setOverlayIcon(icon as NativeImage | null, description);
          },
          overlayIcon: () => overlayImage,
          // The tray exists only once the desktop integration has started; until then these do nothing.
          tray: {
            setToolTip: (text) => desktop?.trayIndicator.setToolTip(text),
            setImage: (image) => desktop?.trayIndicator.setImage(image as NativeImage),
          },
          get trayImages() {
            return desktop?.trayImages;
          },
          describe: (counts) => describeUnread(counts, desktop?.language() ?? 'en'),
        }),
      });
      core = started;
      handleMediaProtocol(protocol, started.media);
      const transport = createElectronTransport(
        ipcMain,
        () => BrowserWindow.getAllWindows().map((window) => window.webContents),
        { onSendError: (name) => logger.warn('event not delivered', { event: name }) },
      );
      const stopBridge = serveBridge(started, transport, {
        onUnexpectedError: (name) => logger.error('command failed unexpectedly', { command: name }),
      });
      disposeBeforeQuit(
        app,
        async () => {
          stopBridge();
          await started.dispose();
        },
        { onError: () => logger.error('shutdown did not finish cleanly') },
      );
      desktop = await startDesktop({ app, core: started, logger, iconsDir, window: () => mainWindow, showWindow: showMainWindow });
      openMainWindow(startsHidden(process.argv, desktop.preferences().startMinimised, desktop.hasTray, process.platform));
      // The window first (it shows "restoring"), then the stored session from disk and the network.
      started.start().catch(() => logger.error('resuming the stored session failed'));
      links.ready((link) => void started.openLink(link), process.argv);
      // macOS: clicking the dock icon with no window open. Registered only now, so it can't race
      // the first window.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
        else showMainWindow();
      });
      // Updates only from the institution's UpdateUrl; without one electron-updater is never loaded.
      const updates = createUpdateFlow({
        plan: updatePlan({ policy: await started.policy(), isPackaged: app.isPackaged, platform: process.platform, portable: !canReplaceItself() }),
        loadUpdater: loadElectronUpdater,
        clock: {
          now: () => Date.now(),
          every: (ms, tick) => {
            const timer = setInterval(tick, ms);
            return () => clearInterval(timer);
          },
        },
        logger,
      });
      started.attachUpdates(updates);
      void updates.start();
      app.once('will-quit', () => updates.stop());
    })
    .catch((error: unknown) => {
      logger.error('startup failed', { error: error instanceof Error ? error.message : 'unknown' });
      app.exit(1);
    });
}

/** Installations electron-updater replaces in place: the per-user NSIS install and the macOS app. */
function canReplaceItself(): boolean {
  // NSIS leaves its uninstaller beside Plenum.exe; the per-machine MSI does not (IT deploys new MSIs).
  if (process.platform === 'win32') return existsSync(join(dirname(process.execPath), 'Uninstall Plenum.exe'));
  if (process.platform === 'darwin') return true;
  // DEB and RPM update through the institution's package repository; the AppImage counts as portable.
  return false;
}

main();
