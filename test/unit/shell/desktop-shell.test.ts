import { describe, expect, it } from 'vitest';
import { HIDDEN_ARG, shouldHideOnClose, startsHidden } from '../../../src/main/shell/close-behaviour.ts';
import { applyStartAtLogin, AUTOSTART_FILE, autostartEntry, type LoginItemDeps } from '../../../src/main/shell/login-item.ts';
import { proxyConfig } from '../../../src/main/shell/proxy-config.ts';
import { SHELL_CATALOGUES } from '../../../src/main/shell/shell-text.ts';
import { buildTrayMenuTemplate } from '../../../src/main/shell/tray-menu.ts';

describe('closing the window', () => {
  const base = { platform: 'win32' as const, closeToTray: true, quitting: false, hasTray: true };
  it('hides to the tray when the user wants that and a tray icon can bring it back', () => {
    expect(shouldHideOnClose(base)).toBe(true);
    expect(shouldHideOnClose({ ...base, closeToTray: false })).toBe(false);
    expect(shouldHideOnClose({ ...base, hasTray: false })).toBe(false);
  });
  it('really closes when quitting, and always keeps running on macOS otherwise', () => {
    expect(shouldHideOnClose({ ...base, quitting: true })).toBe(false);
    expect(shouldHideOnClose({ ...base, platform: 'darwin', closeToTray: false, hasTray: false })).toBe(true);
    expect(shouldHideOnClose({ ...base, platform: 'darwin', quitting: true })).toBe(false);
  });
  it('starts hidden when asked or launched at login, but never without a way back', () => {
    expect(startsHidden([], true, true, 'linux')).toBe(true);
    expect(startsHidden(['/opt/Plenum/plenum', HIDDEN_ARG], false, true, 'win32')).toBe(true);
    expect(startsHidden([], false, true, 'linux')).toBe(false);
    expect(startsHidden([HIDDEN_ARG], true, false, 'linux')).toBe(false);
    expect(startsHidden([HIDDEN_ARG], false, false, 'darwin')).toBe(true);
  });
});

describe('starting with the computer', () => {
  const recorder = (platform: NodeJS.Platform) => {
    const calls: unknown[] = [];
    const deps: LoginItemDeps = {
      platform,
      setLoginItemSettings: (settings) => void calls.push(['setLoginItemSettings', settings]),
      executable: '/home/a b/Plenum "x".AppImage',
      autostartDir: '/home/a/.config/autostart',
      writeFile: (path, text) => void calls.push(['write', path, text]),
      removeFile: (path) => void calls.push(['remove', path]),
    };
    return { deps, calls };
  };
  it('uses the login item API on Windows, with the hidden flag, and on macOS', () => {
    const windows = recorder('win32');
    applyStartAtLogin(true, windows.deps);
    applyStartAtLogin(false, windows.deps);
    expect(windows.calls).toEqual([
      ['setLoginItemSettings', { openAtLogin: true, args: [HIDDEN_ARG] }],
      ['setLoginItemSettings', { openAtLogin: false, args: [HIDDEN_ARG] }],
    ]);
    const mac = recorder('darwin');
    applyStartAtLogin(true, mac.deps);
    expect(mac.calls).toEqual([['setLoginItemSettings', { openAtLogin: true }]]);
  });
  it('writes and removes an XDG autostart entry on Linux, with the path quoted', () => {
    const linux = recorder('linux');
    applyStartAtLogin(true, linux.deps);
    applyStartAtLogin(false, linux.deps);
    const path = `/home/a/.config/autostart/${AUTOSTART_FILE}`;
    expect(linux.calls).toEqual([['write', path, autostartEntry(linux.deps.executable)], ['remove', path]]);
    expect(autostartEntry('/home/a b/Plenum "x".AppImage')).toContain('Exec="/home/a b/Plenum \\\\"x\\\\".AppImage" --hidden\n');
    expect(autostartEntry('/opt/$HOME`id`')).toContain('Exec="/opt/\\\\$HOME\\\\`id\\\\`" --hidden');
  });
});

describe('the proxy', () => {
  it('maps each mode to the session proxy Electron documents', () => {
    expect(proxyConfig({ mode: 'system', server: '', bypass: '' })).toEqual({ mode: 'system' });
    expect(proxyConfig({ mode: 'direct', server: 'ignored:1', bypass: '' })).toEqual({ mode: 'direct' });
    expect(proxyConfig({ mode: 'manual', server: 'http://proxy.example:3128', bypass: '*.intranet.example' })).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'http://proxy.example:3128',
      proxyBypassRules: '*.intranet.example',
    });
    expect(proxyConfig({ mode: 'manual', server: 'proxy.example:8080', bypass: '' })).toMatchObject({ proxyBypassRules: '' });
  });
});

describe('the tray menu', () => {
  it('opens, toggles do-not-disturb and quits, in the given words', () => {
    const done: string[] = [];
    const labels = { open: SHELL_CATALOGUES.de.trayOpen, doNotDisturb: SHELL_CATALOGUES.de.trayDoNotDisturb, quit: SHELL_CATALOGUES.de.trayQuit };
    const template = buildTrayMenuTemplate(labels, { doNotDisturb: true }, {
      open: () => void done.push('open'),
      setDoNotDisturb: (on) => void done.push(`dnd:${on}`),
      quit: () => void done.push('quit'),
    });
    const items = template.filter((item) => item.type !== 'separator');
    expect(items.map((item) => item.label)).toEqual(['Plenum öffnen', 'Nicht stören', 'Plenum beenden']);
    expect(items[1]).toMatchObject({ type: 'checkbox', checked: true });
    const click = (index: number, checked = false): void => (items[index]?.click as unknown as (item: { checked: boolean }) => void)({ checked });
    click(0);
    click(1, false);
    click(2);
    expect(done).toEqual(['open', 'dnd:false', 'quit']);
  });
  it('has every shell text in every language', () => {
    for (const catalogue of Object.values(SHELL_CATALOGUES)) expect(Object.keys(catalogue).sort()).toEqual(Object.keys(SHELL_CATALOGUES.en).sort());
  });
});
