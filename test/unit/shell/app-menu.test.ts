import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildAppMenuTemplate, type AppMenuLabels, type MenuRole } from '../../../src/main/window/app-menu.ts';

const labels: AppMenuLabels = {
  file: 'Datei',
  edit: 'Bearbeiten',
  view: 'Darstellung',
  window: 'Fenster',
  help: 'Hilfe',
  settings: 'Einstellungen …',
  doNotDisturb: 'Nicht stören',
  keyboardShortcuts: 'Tastenkürzel',
};

function build(platform: NodeJS.Platform, doNotDisturb = false) {
  const actions = { openSettings: vi.fn(), showShortcuts: vi.fn(), toggleDoNotDisturb: vi.fn(), doNotDisturb };
  return { template: buildAppMenuTemplate({ platform, appName: 'Plenum', labels, actions }), actions };
}

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const submenuOf = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => (Array.isArray(item?.submenu) ? item.submenu : []);
const rolesOf = (item: MenuItemConstructorOptions | undefined) => submenuOf(item).map((i) => i.role ?? (i.type === 'separator' ? 'separator' : i.label));
const byLabel = (template: MenuItemConstructorOptions[], label: string) => flatten(template).find((item) => item.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => item?.click?.({} as never, undefined, {} as never);

/** The accelerators Electron gives roles by default (lib/browser/api/menu-item-roles.ts), which count too. */
function defaultAccelerator(role: MenuRole, platform: NodeJS.Platform): string | undefined {
  const mac = platform === 'darwin';
  const table: Partial<Record<MenuRole, string | undefined>> = {
    close: 'CommandOrControl+W',
    copy: 'CommandOrControl+C',
    cut: 'CommandOrControl+X',
    hide: 'Command+H',
    hideOthers: 'Command+Alt+H',
    minimize: 'CommandOrControl+M',
    paste: 'CommandOrControl+V',
    pasteAndMatchStyle: mac ? 'Cmd+Option+Shift+V' : 'Shift+CommandOrControl+V',
    quit: platform === 'win32' ? undefined : 'CommandOrControl+Q',
    redo: platform === 'win32' ? 'Control+Y' : 'Shift+CommandOrControl+Z',
    resetZoom: 'CommandOrControl+0',
    selectAll: 'CommandOrControl+A',
    togglefullscreen: mac ? 'Control+Command+F' : 'F11',
    undo: 'CommandOrControl+Z',
    zoomIn: 'CommandOrControl+Plus',
    zoomOut: 'CommandOrControl+-',
  };
  return table[role];
}

/** One spelling per key combination, so "CmdOrCtrl+Z" and "CommandOrControl+Z" count as the same. */
function normalise(accelerator: string, platform: NodeJS.Platform): string {
  const mac = platform === 'darwin';
  const parts = accelerator.split('+').map((part) => {
    const p = part.toLowerCase();
    if (p === 'cmdorctrl' || p === 'commandorcontrol') return mac ? 'cmd' : 'ctrl';
    if (p === 'command') return 'cmd';
    if (p === 'control') return 'ctrl';
    if (p === 'option') return 'alt';
    return p;
  });
  const key = parts.pop() ?? '';
  return [...parts.sort(), key].join('+');
}

const PLATFORMS: NodeJS.Platform[] = ['darwin', 'win32', 'linux'];

describe('buildAppMenuTemplate', () => {
  it('puts the app menu first on macOS', () => {
    const { template } = build('darwin');
    expect(template.map((m) => m.label)).toEqual(['Plenum', 'Bearbeiten', 'Darstellung', 'Fenster', 'Hilfe']);
    expect(rolesOf(template[0])).toEqual([
      'about',
      'separator',
      'Einstellungen …',
      'Nicht stören',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(byLabel(template, labels.settings)?.accelerator).toBe('CmdOrCtrl+,');
    expect(template[3]?.role).toBe('window');
    expect(rolesOf(template[3])).toEqual(['minimize', 'zoom', 'separator', 'front']);
    expect(flatten(template).some((item) => item.label === labels.file)).toBe(false);
  });

  it.each(['win32', 'linux'] as const)('has a File menu on %s', (platform) => {
    const { template } = build(platform);
    expect(template.map((m) => m.label)).toEqual(['Datei', 'Bearbeiten', 'Darstellung', 'Fenster', 'Hilfe']);
    expect(rolesOf(template[0])).toEqual(['Einstellungen …', 'Nicht stören', 'separator', 'quit']);
    expect(byLabel(template, labels.settings)?.accelerator).toBe('Ctrl+,');
    expect(rolesOf(template[3])).toEqual(['minimize', 'close']);
    for (const role of ['about', 'services', 'hide', 'hideOthers', 'unhide', 'front', 'zoom'] as const) {
      expect(flatten(template).some((item) => item.role === role)).toBe(false);
    }
  });

  it.each(PLATFORMS)('has the standard Edit and View items on %s', (platform) => {
    const { template } = build(platform);
    expect(rolesOf(template[1])).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']);
    const view = submenuOf(template[2]);
    expect(view.map((i) => [i.role ?? i.type, i.accelerator, i.visible ?? true])).toEqual([
      ['zoomIn', 'CmdOrCtrl+Plus', true],
      ['zoomIn', 'CmdOrCtrl+=', false],
      ['zoomOut', 'CmdOrCtrl+-', true],
      ['resetZoom', 'CmdOrCtrl+0', true],
      ['separator', undefined, true],
      ['togglefullscreen', undefined, true],
    ]);
    expect(template[4]?.role).toBe('help');
    expect(submenuOf(template[4]).map((i) => [i.label, i.accelerator])).toEqual([['Tastenkürzel', 'CmdOrCtrl+/']]);
  });

  it.each(PLATFORMS)('offers no reload and no devtools on %s', (platform) => {
    const roles = flatten(build(platform).template).map((item) => item.role);
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('toggleDevTools');
    // Nor their keys under another name.
    const keys = flatten(build(platform).template).map((item) => normalise(item.accelerator ?? '', platform));
    for (const key of ['cmd+r', 'ctrl+r', 'cmd+shift+r', 'ctrl+shift+r', 'f5', 'alt+cmd+i', 'ctrl+shift+i', 'f12']) expect(keys).not.toContain(key);
  });

  it.each(PLATFORMS)('gives no two items the same accelerator on %s, counting role defaults', (platform) => {
    const accelerators = flatten(build(platform).template)
      .map((item) => item.accelerator ?? (item.role ? defaultAccelerator(item.role, platform) : undefined))
      .filter((a): a is string => a !== undefined)
      .map((a) => normalise(a, platform));
    expect(accelerators.length).toBeGreaterThan(8);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it.each(PLATFORMS)('takes every custom label from labels on %s', (platform) => {
    const { template } = build(platform);
    const own = flatten(template).filter((item) => item.type !== 'separator' && item.role === undefined);
    const known = new Set<string>([...Object.values(labels), 'Plenum']);
    for (const item of own) expect(known.has(item.label ?? '')).toBe(true);
    // Every top-level menu has a translated title, roles or not.
    for (const menu of template) expect(known.has(menu.label ?? '')).toBe(true);
    const used = new Set(flatten(template).map((item) => item.label));
    const expected = Object.entries(labels).filter(([key]) => key !== (platform === 'darwin' ? 'file' : ''));
    for (const [, label] of expected) expect(used.has(label)).toBe(true);
  });

  it.each(PLATFORMS)('calls the actions on %s', (platform) => {
    const { template, actions } = build(platform);
    click(byLabel(template, labels.settings));
    click(byLabel(template, labels.keyboardShortcuts));
    click(byLabel(template, labels.doNotDisturb));
    expect(actions.openSettings).toHaveBeenCalledTimes(1);
    expect(actions.showShortcuts).toHaveBeenCalledTimes(1);
    expect(actions.toggleDoNotDisturb).toHaveBeenCalledTimes(1);
  });

  it.each([true, false])('shows do-not-disturb as a checkbox that is %s', (doNotDisturb) => {
    for (const platform of PLATFORMS) {
      const item = byLabel(build(platform, doNotDisturb).template, labels.doNotDisturb);
      expect(item).toMatchObject({ type: 'checkbox', checked: doNotDisturb });
    }
  });

  it('labels role items when given translations, keeping their roles', () => {
    const actions = { openSettings: vi.fn(), showShortcuts: vi.fn(), toggleDoNotDisturb: vi.fn(), doNotDisturb: false };
    const template = buildAppMenuTemplate({ platform: 'win32', appName: 'Plenum', labels, actions, roleLabels: { copy: 'Kopieren', quit: 'Beenden' } });
    const items = flatten(template);
    expect(items.find((item) => item.role === 'copy')?.label).toBe('Kopieren');
    expect(items.find((item) => item.role === 'quit')?.label).toBe('Beenden');
    expect(items.find((item) => item.role === 'paste')).not.toHaveProperty('label');
  });
});
