/**
 * The Electron side of being a desktop citizen: tray icon, native menus, start at login, the proxy,
 * spelling languages and close-to-tray. The decisions live in the small pure modules beside this
 * one (unit-tested); this file only hands their results to Electron's APIs as its docs describe.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Menu, nativeImage, session, Tray, type App, type BrowserWindow, type NativeImage } from 'electron';
import { UPDATER_SESSION_PARTITION } from '../adapters/electron-updater-adapter.ts';
import type { Core } from '../core/create-core.ts';
import { notificationLanguage, type NotificationLanguage } from '../core/notifications/notification-text.ts';
import type { Logger } from '../core/ports.ts';
import type { Preferences } from '../../shared/model/preferences.ts';
import { buildAppMenuTemplate } from '../window/app-menu.ts';
import { spellcheckLanguages } from '../window/spellcheck-menu.ts';
import { shouldHideOnClose } from './close-behaviour.ts';
import { applyStartAtLogin } from './login-item.ts';
import { proxyConfig } from './proxy-config.ts';
import { ROLE_LABELS, shellText } from './shell-text.ts';
import { buildTrayMenuTemplate } from './tray-menu.ts';

export interface DesktopDeps {
  readonly app: App;
  readonly core: Core;
  readonly logger: Logger;
  /** build/icons in development, <resources>/icons when packaged (electron-builder's extraResources). */
  readonly iconsDir: string;
  readonly window: () => BrowserWindow | undefined;
  readonly showWindow: () => void;
}

export interface Desktop {
  readonly hasTray: boolean;
  language(): NotificationLanguage;
  preferences(): Preferences;
  /** Wires close-to-tray into a new main window. */
  adoptWindow(window: BrowserWindow): void;
  /** The tray's tooltip and unread image, for the unread indicator. */
  readonly trayIndicator: { setToolTip(text: string): void; setImage(image: NativeImage): void };
  readonly trayImages: { readonly idle: NativeImage; readonly unread: NativeImage } | undefined;
}

export async function startDesktop(deps: DesktopDeps): Promise<Desktop> {
  const { app, core, logger } = deps;
  const platform = process.platform;
  let preferences = await core.handlers['preferences.get']({});
  const language = (): NotificationLanguage => notificationLanguage(preferences.language, app.getLocale());
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  // Before the first request leaves: the session's proxy applies to net.fetch, which the core uses.
  await applyProxy(preferences, logger);
  applySpellcheck(preferences, app, logger);

  const image = (name: string): NativeImage => nativeImage.createFromPath(join(deps.iconsDir, name));
  const trayImages =
    platform === 'darwin'
      ? { idle: image('trayTemplate.png'), unread: image('trayUnreadTemplate.png') }
      : { idle: image('tray.png'), unread: image('tray-unread.png') };
  const tray = trayImages.idle.isEmpty() ? undefined : new Tray(trayImages.idle);
  if (!tray) logger.warn('no tray icon: its image is missing');
  tray?.on('click', () => deps.showWindow());

  const setDoNotDisturb = (on: boolean): void => {
    core.handlers['preferences.set']({ doNotDisturb: on }).catch(() => logger.warn('do-not-disturb could not be saved'));
  };
  const rebuildMenus = (): void => {
    const text = shellText(language());
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildAppMenuTemplate({
          platform,
          appName: app.name,
          labels: {
            file: text.menuFile,
            edit: text.menuEdit,
            view: text.menuView,
            window: text.menuWindow,
            help: text.menuHelp,
            settings: text.menuSettings,
            doNotDisturb: text.menuDoNotDisturb,
            keyboardShortcuts: text.menuKeyboardShortcuts,
          },
          roleLabels: ROLE_LABELS[language()],
          actions: {
            openSettings: () => {
              deps.showWindow();
              core.showView('settings');
            },
            showShortcuts: () => {
              deps.showWindow();
              core.showView('shortcuts');
            },
            toggleDoNotDisturb: () => setDoNotDisturb(!preferences.doNotDisturb),
            doNotDisturb: preferences.doNotDisturb,
          },
        }),
      ),
    );
    tray?.setContextMenu(
      Menu.buildFromTemplate(
        buildTrayMenuTemplate({ open: text.trayOpen, doNotDisturb: text.trayDoNotDisturb, quit: text.trayQuit }, preferences, {
          open: () => deps.showWindow(),
          setDoNotDisturb,
          quit: () => app.quit(),
        }),
      ),
    );
  };
  rebuildMenus();
  const loginItem = (enabled: boolean): void => {
    // A development run would register the bare Electron binary, which starts no Plenum.
    if (!app.isPackaged) return;
    try {
      applyStartAtLogin(enabled, {
        platform,
        setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
        executable: process.env.APPIMAGE ?? process.execPath,
        autostartDir: join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart'),
        writeFile: (path, text) => {
          mkdirSync(join(path, '..'), { recursive: true });
          writeFileSync(path, text, { mode: 0o644 });
        },
        removeFile: (path) => rmSync(path, { force: true }),
      });
    } catch {
      logger.warn('starting with the computer could not be changed');
    }
  };
  loginItem(preferences.startAtLogin);

  core.onEvent((name, payload) => {
    if (name !== 'preferences.changed') return;
    const next = payload as Preferences;
    const before = preferences;
    preferences = next;
    if (next.language !== before.language || next.doNotDisturb !== before.doNotDisturb) rebuildMenus();
    if (next.language !== before.language) applySpellcheck(next, app, logger);
    if (next.startAtLogin !== before.startAtLogin) loginItem(next.startAtLogin);
    if (JSON.stringify(next.proxy) !== JSON.stringify(before.proxy)) void applyProxy(next, logger);
  });

  return {
    hasTray: tray !== undefined,
    language,
    preferences: () => preferences,
    adoptWindow(window) {
      window.on('close', (event) => {
        if (!shouldHideOnClose({ platform, closeToTray: preferences.closeToTray, quitting, hasTray: tray !== undefined })) return;
        event.preventDefault();
        window.hide();
      });
    },
    trayIndicator: {
      setToolTip: (text) => tray?.setToolTip(text),
      setImage: (next) => tray?.setImage(next),
    },
    trayImages: tray ? trayImages : undefined,
  };
}

async function applyProxy(preferences: Preferences, logger: Logger): Promise<void> {
  try {
    // electron-updater fetches through a session of its own: it must take the same route.
    for (const target of [session.defaultSession, session.fromPartition(UPDATER_SESSION_PARTITION, { cache: false })]) {
      await target.setProxy(proxyConfig(preferences.proxy));
      // Connections made before the change would otherwise keep their old route.
      await target.closeAllConnections();
    }
  } catch {
    logger.warn('the proxy setting could not be applied', { mode: preferences.proxy.mode });
  }
}

/** macOS checks spelling with the system's own languages; elsewhere Chromium's dictionaries are chosen. */
function applySpellcheck(preferences: Preferences, app: App, logger: Logger): void {
  if (process.platform === 'darwin') return;
  const chosen = preferences.language === 'system' ? [] : [preferences.language];
  const languages = spellcheckLanguages([...chosen, ...app.getPreferredSystemLanguages()], session.defaultSession.availableSpellCheckerLanguages);
  try {
    if (languages.length > 0) session.defaultSession.setSpellCheckerLanguages(languages);
  } catch {
    logger.warn('the spelling languages could not be set');
  }
}
