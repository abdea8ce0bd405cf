import { getContext, setContext } from 'svelte';
import type { AppError } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import { DEFAULT_PREFERENCES, type Preferences, type ProxyPreference } from '../../shared/model/preferences.ts';
import { pickLanguage, type Language } from '../i18n/translator.ts';

export interface PreferencesOptions {
  /** The operating system's languages, best first (default: navigator.languages). */
  readonly systemLanguages?: () => readonly string[];
}

/** Where the settings were when a language change re-rendered the app, so they can open there again. */
export type SettingsReturn = string;

/**
 * The user's theme, language, notification and desktop choices on this computer. The core keeps them
 * (preferences.json) so they are there before any session is resumed; this model mirrors them and
 * resolves "system".
 */
export class PreferencesModel {
  #bridge: BridgeApi;
  #preferences = $state<Preferences>(DEFAULT_PREFERENCES);
  #systemLanguages: () => readonly string[];
  #systemLanguageTick = $state(0);
  #settingsReturn: SettingsReturn | null = null;
  #stops: Unsubscribe[] = [];
  /** Counts local changes in flight, so an older `preferences.changed` does not undo a newer click. */
  #pending = 0;

  constructor(bridge: BridgeApi, options: PreferencesOptions = {}) {
    this.#bridge = bridge;
    this.#systemLanguages = options.systemLanguages ?? (() => (typeof navigator === 'undefined' ? [] : navigator.languages));
  }

  get preferences(): Preferences {
    return this.#preferences;
  }
  get theme(): Preferences['theme'] {
    return this.#preferences.theme;
  }
  /** The language the user chose, which may be `system`. */
  get languageChoice(): Preferences['language'] {
    return this.#preferences.language;
  }
  /** The language the UI speaks: the chosen one, or the system's first supported one. */
  get language(): Language {
    const choice = this.#preferences.language;
    if (choice !== 'system') return choice;
    void this.#systemLanguageTick;
    return pickLanguage(this.#systemLanguages());
  }
  /** Whether desktop notifications show the sender and the text (off: only that a message arrived). */
  get showMessagePreviews(): boolean {
    return this.#preferences.showMessagePreviews;
  }
  /** Whether desktop notifications are silenced (the badge still counts). */
  get doNotDisturb(): boolean {
    return this.#preferences.doNotDisturb;
  }
  /** Whether closing the window keeps Plenum running in the tray (messages still arrive and notify). */
  get closeToTray(): boolean {
    return this.#preferences.closeToTray;
  }
  /** Whether Plenum starts when the user signs in to the computer. */
  get startAtLogin(): boolean {
    return this.#preferences.startAtLogin;
  }
  /** Whether Plenum starts in the tray, without opening its window. */
  get startMinimised(): boolean {
    return this.#preferences.startMinimised;
  }
  /** How Plenum reaches the network: the system's proxy settings, none, or a fixed proxy. */
  get proxy(): ProxyPreference {
    return this.#preferences.proxy;
  }

  /** Loads the stored preferences and follows changes (from this window or from another). */
  async start(): Promise<void> {
    this.#stops.push(
      this.#bridge.on('preferences.changed', (next) => {
        if (this.#pending === 0) this.#preferences = next;
      }),
    );
    if (typeof window !== 'undefined') {
      const onLanguageChange = (): void => void (this.#systemLanguageTick += 1);
      window.addEventListener('languagechange', onLanguageChange);
      this.#stops.push(() => window.removeEventListener('languagechange', onLanguageChange));
    }
    const stored = await this.#bridge.invoke('preferences.get', {});
    if (stored.ok) this.#preferences = stored.value;
  }

  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  /**
   * Applies the change at once and stores it; if the core cannot store it, the previous choice
   * comes back and the error is returned for the UI to explain.
   */
  async set(changes: Partial<Preferences>): Promise<AppError | null> {
    this.#preferences = { ...this.#preferences, ...changes };
    this.#pending += 1;
    try {
      const result = await this.#bridge.invoke('preferences.set', changes);
      // With several clicks in flight, only the last answer is the whole truth.
      const last = this.#pending === 1;
      if (result.ok) {
        if (last) this.#preferences = result.value;
        return null;
      }
      const stored = await this.#bridge.invoke('preferences.get', {});
      if (stored.ok && last) this.#preferences = stored.value;
      return result.error;
    } finally {
      this.#pending -= 1;
    }
  }

  /** Shows or hides the sender and text in desktop notifications; the error, if it could not be saved. */
  setShowMessagePreviews(showMessagePreviews: boolean): Promise<AppError | null> {
    return this.set({ showMessagePreviews });
  }
  /** Turns desktop notifications off or on again; the error, if it could not be saved. */
  setDoNotDisturb(doNotDisturb: boolean): Promise<AppError | null> {
    return this.set({ doNotDisturb });
  }
  /** Keeps Plenum in the tray when its window is closed, or quits with it; the error, if it could not be saved. */
  setCloseToTray(closeToTray: boolean): Promise<AppError | null> {
    return this.set({ closeToTray });
  }
  /** Starts Plenum with the computer, or not; the error, if it could not be saved. */
  setStartAtLogin(startAtLogin: boolean): Promise<AppError | null> {
    return this.set({ startAtLogin });
  }
  /** Starts Plenum in the tray rather than with its window; the error, if it could not be saved. */
  setStartMinimised(startMinimised: boolean): Promise<AppError | null> {
    return this.set({ startMinimised });
  }
  /**
   * Replaces the proxy as a whole (server and bypass trimmed); the error if it was refused (a manual
   * proxy without a valid server is BAD_REQUEST) or could not be saved, and then the stored one stays.
   */
  setProxy(proxy: ProxyPreference): Promise<AppError | null> {
    return this.set({ proxy: { mode: proxy.mode, server: proxy.server.trim(), bypass: proxy.bypass.trim() } });
  }

  /** Called by the settings before a language change re-renders the app. */
  rememberSettings(section: SettingsReturn): void {
    this.#settingsReturn = section;
  }
  /**
   * Whether the settings were open when the language changed: the main window reads this when it is
   * made again, and opens them; the settings then take the section with takeSettingsReturn().
   */
  get settingsOpenOnReturn(): boolean {
    return this.#settingsReturn !== null;
  }
  /** The settings section to reopen after a language change (once), or null. */
  takeSettingsReturn(): SettingsReturn | null {
    const section = this.#settingsReturn;
    this.#settingsReturn = null;
    return section;
  }
}

/** `system` leaves <html> without the attribute, so the tokens follow prefers-color-scheme. */
export function applyTheme(theme: Preferences['theme'], root: HTMLElement): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

const key = Symbol('preferences');
export const providePreferences = (preferences: PreferencesModel): PreferencesModel => setContext(key, preferences);
export function usePreferences(): PreferencesModel {
  const preferences = getContext<PreferencesModel | undefined>(key);
  if (!preferences) throw new Error('usePreferences() needs providePreferences() in an ancestor');
  return preferences;
}
