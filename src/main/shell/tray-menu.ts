import type { MenuItemConstructorOptions } from 'electron';

export interface TrayMenuLabels {
  readonly open: string;
  readonly doNotDisturb: string;
  readonly quit: string;
}

export interface TrayMenuActions {
  open(): void;
  setDoNotDisturb(on: boolean): void;
  quit(): void;
}

/** The tray icon's menu: open the window, do-not-disturb as a checkbox, quit. */
export function buildTrayMenuTemplate(labels: TrayMenuLabels, state: { doNotDisturb: boolean }, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  return [
    { id: 'open', label: labels.open, click: () => actions.open() },
    { type: 'separator' },
    { id: 'do-not-disturb', label: labels.doNotDisturb, type: 'checkbox', checked: state.doNotDisturb, click: (item) => actions.setDoNotDisturb(item.checked) },
    { type: 'separator' },
    { id: 'quit', label: labels.quit, click: () => actions.quit() },
  ];
}
