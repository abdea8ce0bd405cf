/**
 * The native application menu, as a template for Menu.buildFromTemplate. Standard items are roles,
 * so the OS does the work (macOS routes them through the responder chain, Services and the window
 * list included); only Plenum's own items have clicks.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** Plenum's own labels, already translated by the caller. */
export interface AppMenuLabels {
  readonly file: string;
  readonly edit: string;
  readonly view: string;
  readonly window: string;
  readonly help: string;
  /** "Settings…" with the ellipsis: it opens a view that asks for more. */
  readonly settings: string;
  readonly doNotDisturb: string;
  readonly keyboardShortcuts: string;
}

export type MenuRole = NonNullable<MenuItemConstructorOptions['role']>;

/**
 * Translations for role items. Electron's default role labels are English on every platform
 * (menu-item-roles.ts hard-codes them), so a caller that has translations passes them here; a role
 * keeps its behaviour and default accelerator when it is given a label.
 */
export type RoleLabels = Readonly<Partial<Record<MenuRole, string>>>;

export interface AppMenuActions {
  openSettings(): void;
  showShortcuts(): void;
  toggleDoNotDisturb(): void;
  /** The checkbox's state: the menu is rebuilt when it changes elsewhere (the renderer, another device). */
  readonly doNotDisturb: boolean;
}

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly labels: AppMenuLabels;
  readonly actions: AppMenuActions;
  readonly roleLabels?: RoleLabels;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { platform, appName, labels, actions, roleLabels = {} } = options;
  const isMac = platform === 'darwin';
  const role = (name: MenuRole, extra: MenuItemConstructorOptions = {}): MenuItemConstructorOptions => {
    const label = roleLabels[name];
    return label === undefined ? { role: name, ...extra } : { role: name, label, ...extra };
  };

  const settings: MenuItemConstructorOptions = {
    label: labels.settings,
    // macOS convention is ⌘, ; on Windows and Linux Ctrl+, is what Chrome, VS Code and Teams use.
    accelerator: isMac ? 'CmdOrCtrl+,' : 'Ctrl+,',
    // Shown, not registered: the window handles the key itself (also in the browser harness), and a
    // registered accelerator would take it from the page and run the action twice.
    registerAccelerator: false,
    click: () => actions.openSettings(),
  };
  const doNotDisturb: MenuItemConstructorOptions = {
    label: labels.doNotDisturb,
    type: 'checkbox',
    checked: actions.doNotDisturb,
    click: () => actions.toggleDoNotDisturb(),
  };

  const edit: MenuItemConstructorOptions = {
    label: labels.edit,
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      role('pasteAndMatchStyle'),
      role('delete'),
      role('selectAll'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: labels.view,
    // No reload, forceReload or toggleDevTools: a reload drops the renderer's state (drafts, the open
    // room, the unlocked session view), and devtools are for development builds only.
    submenu: [
      role('zoomIn', { accelerator: 'CmdOrCtrl+Plus' }),
      // One accelerator per item: "Plus" needs Shift on US layouts, so Ctrl/⌘ and the = key gets its own hidden twin.
      role('zoomIn', { accelerator: 'CmdOrCtrl+=', visible: false, acceleratorWorksWhenHidden: true }),
      role('zoomOut', { accelerator: 'CmdOrCtrl+-' }),
      role('resetZoom', { accelerator: 'CmdOrCtrl+0' }),
      separator,
      role('togglefullscreen'),
    ],
  };

  // The `window` role lets macOS append its list of open windows.
  const window: MenuItemConstructorOptions = isMac
    ? { label: labels.window, role: 'window', submenu: [role('minimize'), role('zoom'), separator, role('front')] }
    : { label: labels.window, submenu: [role('minimize'), role('close')] };

  // The `help` role gives macOS's Help menu its search field.
  const help: MenuItemConstructorOptions = {
    label: labels.help,
    role: 'help',
    submenu: [{ label: labels.keyboardShortcuts, accelerator: 'CmdOrCtrl+/', registerAccelerator: false, click: () => actions.showShortcuts() }],
  };

  if (isMac) {
    const app: MenuItemConstructorOptions = {
      label: appName,
      submenu: [
        role('about'),
        separator,
        settings,
        doNotDisturb,
        separator,
        role('services'),
        separator,
        role('hide'),
        role('hideOthers'),
        role('unhide'),
        separator,
        role('quit'),
      ],
    };
    return [app, edit, view, window, help];
  }

  const file: MenuItemConstructorOptions = { label: labels.file, submenu: [settings, doNotDisturb, separator, role('quit')] };
  return [file, edit, view, window, help];
}
