import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { applyPreferenceChanges, DEFAULT_PREFERENCES, PROXY_BYPASS, PROXY_SERVER, type Preferences } from '../../../shared/model/preferences.ts';
import type { EventHub } from '../event-hub.ts';
import type { Logger } from '../ports.ts';

export const PREFERENCES_FILE = 'preferences.json';

export interface PreferencesStore {
  get(): Preferences;
  /** Changes the given preferences, keeps the rest, writes them to disk and tells the renderer. */
  set(changes: Partial<Preferences>): Preferences;
}

/**
 * Anything with access to the profile can edit the file: only exactly known values are taken.
 * Unknown extra keys are ignored, so a newer Plenum's file still gives an older one its theme.
 */
const Stored = v.object({
  version: v.literal(1),
  theme: v.picklist(['system', 'light', 'dark']),
  language: v.picklist(['system', 'en', 'de', 'fr']),
  // Added after the first release: files written before them take the defaults.
  showMessagePreviews: v.optional(v.boolean(), DEFAULT_PREFERENCES.showMessagePreviews),
  doNotDisturb: v.optional(v.boolean(), DEFAULT_PREFERENCES.doNotDisturb),
  closeToTray: v.optional(v.boolean(), DEFAULT_PREFERENCES.closeToTray),
  startAtLogin: v.optional(v.boolean(), DEFAULT_PREFERENCES.startAtLogin),
  startMinimised: v.optional(v.boolean(), DEFAULT_PREFERENCES.startMinimised),
  proxy: v.optional(
    v.object({
      mode: v.picklist(['system', 'direct', 'manual']),
      server: v.union([v.literal(''), v.pipe(v.string(), v.maxLength(300), v.regex(PROXY_SERVER))]),
      bypass: v.pipe(v.string(), v.maxLength(2000), v.regex(PROXY_BYPASS)),
    }),
    DEFAULT_PREFERENCES.proxy,
  ),
});

/** Larger than any honest preferences file by orders of magnitude; a bigger one is not read at all. */
const MAX_FILE_BYTES = 64 * 1024;

function load(path: string, logger: Logger | undefined): Preferences {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    // No file yet is the normal first start; anything else (a directory, no permission) is worth a line.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger?.warn('preferences unreadable; using defaults', { code: String((error as NodeJS.ErrnoException).code) });
    return DEFAULT_PREFERENCES;
  }
  if (raw.length > MAX_FILE_BYTES) {
    logger?.warn('preferences file too large; using defaults', { bytes: raw.length });
    return DEFAULT_PREFERENCES;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    logger?.warn('preferences file is not JSON; using defaults');
    return DEFAULT_PREFERENCES;
  }
  const parsed = v.safeParse(Stored, json);
  if (!parsed.success) {
    logger?.warn('preferences file has an unknown shape; using defaults');
    return DEFAULT_PREFERENCES;
  }
  const { version: _version, ...preferences } = parsed.output;
  // A manual proxy without a server would silently mean "no proxy": the system's settings are safer.
  if (preferences.proxy.mode === 'manual' && preferences.proxy.server === '') return { ...preferences, proxy: DEFAULT_PREFERENCES.proxy };
  return preferences;
}

/** Temp file, fsync, rename: a crash mid-write leaves the old file or the new one, never half of one. */
function save(path: string, preferences: Preferences): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ version: 1, ...preferences }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/**
 * The user's choices on this computer, in `<dataDir>/preferences.json`: beside the cache, not in it,
 * so that rebuilding a corrupt cache keeps them, and readable before any session is resumed.
 */
export function openPreferences(dataDir: string, hub: EventHub, logger?: Logger, present: (stored: Preferences) => Preferences = (stored) => stored): PreferencesStore {
  const path = join(dataDir, PREFERENCES_FILE);
  let current = load(path, logger);
  return {
    get: () => current,
    set(changes) {
      const next = applyPreferenceChanges(current, changes);
      if (next.proxy.mode === 'manual' && next.proxy.server === '') throw new AppFailure('BAD_REQUEST', 'a manual proxy needs a server');
      try {
        save(path, next);
      } catch (error) {
        rmSync(`${path}.tmp`, { force: true });
        logger?.error('preferences could not be saved', { code: String((error as NodeJS.ErrnoException).code ?? 'unknown') });
        throw new AppFailure('INTERNAL', 'the preferences could not be saved');
      }
      current = next;
      // The renderer sees what applies: the organisation's policy over the user's choices.
      hub.emit('preferences.changed', present(current));
      return current;
    },
  };
}
