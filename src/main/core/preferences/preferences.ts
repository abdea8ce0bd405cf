import { DEFAULT_PREFERENCES, type Preferences } from '../../../shared/model/preferences.ts';
import type { EventHub } from '../event-hub.ts';

// SCAFFOLD: the settings helper replaces this file (persisted in <dataDir>/preferences.json).
export interface PreferencesStore {
  get(): Preferences;
  set(changes: Partial<Preferences>): Preferences;
}

export function openPreferences(_dataDir: string, _hub: EventHub): PreferencesStore {
  let current = DEFAULT_PREFERENCES;
  return {
    get: () => current,
    set: (changes) => (current = { ...current, ...changes }),
  };
}
