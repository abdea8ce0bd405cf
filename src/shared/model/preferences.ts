/** The user's choices on this computer (not synced to the account). */
export interface Preferences {
  /** `system` follows the operating system's light or dark setting. */
  readonly theme: 'system' | 'light' | 'dark';
  /** `system` follows the operating system's languages, English when none is supported. */
  readonly language: 'system' | 'en' | 'de' | 'fr';
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', language: 'system' };
