import { HIDDEN_ARG } from './close-behaviour.ts';

/** What starting with the computer needs from Electron and the file system; main passes the real ones. */
export interface LoginItemDeps {
  readonly platform: NodeJS.Platform;
  /** `app.setLoginItemSettings` (macOS and Windows; Linux has no such API). */
  readonly setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => void;
  /** The program to start on Linux: the AppImage's path when run from one, else the executable. */
  readonly executable: string;
  /** `~/.config/autostart` (XDG_CONFIG_HOME respected by the caller). */
  readonly autostartDir: string;
  readonly writeFile: (path: string, text: string) => void;
  readonly removeFile: (path: string) => void;
}

export const AUTOSTART_FILE = 'plenum.desktop';

/** A freedesktop.org autostart entry, as GNOME, KDE and the other desktops read from ~/.config/autostart. */
export function autostartEntry(executable: string): string {
  // Exec's quoting rule escapes ", `, $ and \ with a backslash inside double quotes; the string
  // escape rule then doubles every backslash (the spec's own example: four for one literal \).
  const quoted = `"${executable.replace(/["`$\\]/g, (char) => `\\${char}`).replace(/\\/g, '\\\\')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Plenum', `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=false', ''].join('\n');
}

/** Starts Plenum with the user's login, hidden in the tray, or stops doing so. */
export function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): void {
  if (deps.platform === 'linux') {
    const path = `${deps.autostartDir}/${AUTOSTART_FILE}`;
    if (enabled) deps.writeFile(path, autostartEntry(deps.executable));
    else deps.removeFile(path);
    return;
  }
  // Windows passes args to the started program; macOS ignores them and reports wasOpenedAtLogin instead.
  deps.setLoginItemSettings(deps.platform === 'win32' ? { openAtLogin: enabled, args: [HIDDEN_ARG] } : { openAtLogin: enabled });
}
