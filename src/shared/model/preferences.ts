/** How the app reaches the network: the operating system's proxy settings (PAC included), none, or a fixed proxy. */
export interface ProxyPreference {
  readonly mode: 'system' | 'direct' | 'manual';
  /** With `manual`: `host:port` or `http://host:port`, `https://…`, `socks5://…` (Chromium's proxy rules). */
  readonly server: string;
  /** With `manual`: hosts that bypass the proxy, comma-separated (`localhost, *.intranet.example`). */
  readonly bypass: string;
}

/** The user's choices on this computer (not synced to the account). */
export interface Preferences {
  /** `system` follows the operating system's light or dark setting. */
  readonly theme: 'system' | 'light' | 'dark';
  /** `system` follows the operating system's languages, English when none is supported. */
  readonly language: 'system' | 'en' | 'de' | 'fr';
  /** Off: desktop notifications say only that a message arrived, with neither sender nor text. */
  readonly showMessagePreviews: boolean;
  /** On: no desktop notifications at all (the badge still counts). */
  readonly doNotDisturb: boolean;
  /** Closing the window keeps Plenum running in the tray, so messages still arrive and notify. */
  readonly closeToTray: boolean;
  /** Plenum starts with the computer (the user's login). */
  readonly startAtLogin: boolean;
  /** Plenum starts in the tray, without a window. */
  readonly startMinimised: boolean;
  readonly proxy: ProxyPreference;
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  language: 'system',
  showMessagePreviews: true,
  doNotDisturb: false,
  closeToTray: true,
  startAtLogin: false,
  startMinimised: false,
  proxy: { mode: 'system', server: '', bypass: '' },
};

/**
 * A proxy server as Chromium's proxy rules take it: an optional scheme, a host name or IP literal, a
 * port. Checked in the contract and again when the file is read, so nothing else reaches setProxy.
 */
export const PROXY_SERVER = /^(?:(?:https?|socks[45]?):\/\/)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;
/**
 * Bypass rules: host patterns (`*.` wildcards, ports), comma-separated; `<local>` as Chromium spells it.
 * One way to match each input, so a long hostile string costs linear time, not exponential.
 */
export const PROXY_BYPASS = /^(?:\s*(?:<local>|[A-Za-z0-9.*:[\]-]{1,253})\s*(?:,|$))*$/;

type Changes = { readonly [K in keyof Preferences]?: Preferences[K] | undefined };

/** The given changes over the current preferences; absent (or undefined) keys keep their value. */
export function applyPreferenceChanges(current: Preferences, changes: Changes): Preferences {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) if (value !== undefined && key in current) next[key] = value;
  return next as unknown as Preferences;
}
