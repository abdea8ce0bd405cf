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
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', language: 'system', showMessagePreviews: true, doNotDisturb: false };
