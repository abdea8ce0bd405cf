import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../../src/main/core/event-hub.ts';
import type { Logger } from '../../../src/main/core/ports.ts';
import { openPreferences, PREFERENCES_FILE } from '../../../src/main/core/preferences/preferences.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { DEFAULT_PREFERENCES } from '../../../src/shared/model/preferences.ts';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

describe('the preferences file', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-preferences-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('starts from the defaults without a file, and says nothing about it', () => {
    const logger = recordingLogger();
    const preferences = openPreferences(tempDir(), createEventHub(), logger);
    expect(preferences.get()).toEqual(DEFAULT_PREFERENCES);
    expect(logger.lines).toEqual([]);
  });

  it('keeps a change across a restart, merges partial changes and tells the renderer', () => {
    const dir = tempDir();
    const hub = createEventHub();
    const events: unknown[] = [];
    hub.onEvent((name, payload) => events.push([name, payload]));

    const first = openPreferences(dir, hub);
    expect(first.set({ theme: 'dark' })).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'system' });
    expect(first.set({ language: 'de' })).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'de' });
    expect(events).toEqual([
      ['preferences.changed', { ...DEFAULT_PREFERENCES, theme: 'dark', language: 'system' }],
      ['preferences.changed', { ...DEFAULT_PREFERENCES, theme: 'dark', language: 'de' }],
    ]);

    const restarted = openPreferences(dir, createEventHub());
    expect(restarted.get()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'de' });
    expect(JSON.parse(readFileSync(join(dir, PREFERENCES_FILE), 'utf8'))).toEqual({ version: 1, ...DEFAULT_PREFERENCES, theme: 'dark', language: 'de' });
    // Written through a temp file that is renamed into place, so no temp file is left behind.
    expect(readdirSync(dir)).toEqual([PREFERENCES_FILE]);
    expect(statSync(join(dir, PREFERENCES_FILE)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['not JSON', '{"version":1,"theme":"da'],
    ['an empty file', ''],
    ['JSON of another shape', '["dark"]'],
    ['an unknown theme', JSON.stringify({ version: 1, theme: 'url(https://evil.example)', language: 'de' })],
    ['an unknown language', JSON.stringify({ version: 1, theme: 'dark', language: '__proto__' })],
    ['a future version', JSON.stringify({ version: 2, theme: 'dark', language: 'de' })],
    ['a huge file', JSON.stringify({ version: 1, theme: 'dark', language: 'de', padding: 'x'.repeat(100_000) })],
  ])('falls back to the defaults for %s, logs it and can save again', (_what, content) => {
    const dir = tempDir();
    writeFileSync(join(dir, PREFERENCES_FILE), content);
    const logger = recordingLogger();
    const preferences = openPreferences(dir, createEventHub(), logger);
    expect(preferences.get()).toEqual(DEFAULT_PREFERENCES);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn preferences/);
    // The log names the problem, never the file's contents.
    expect(logger.lines[0]).not.toContain('evil');

    preferences.set({ language: 'fr' });
    expect(openPreferences(dir, createEventHub()).get()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'fr' });
  });

  it('ignores keys it does not know, so a newer version’s file still gives its theme', () => {
    const dir = tempDir();
    writeFileSync(join(dir, PREFERENCES_FILE), JSON.stringify({ version: 1, theme: 'light', language: 'fr', fontSize: 'large' }));
    expect(openPreferences(dir, createEventHub()).get()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'fr' });
  });

  it('logs a preferences path it cannot read (a directory) and uses the defaults', () => {
    const dir = tempDir();
    mkdirSync(join(dir, PREFERENCES_FILE));
    const logger = recordingLogger();
    expect(openPreferences(dir, createEventHub(), logger).get()).toEqual(DEFAULT_PREFERENCES);
    expect(logger.lines.join('\n')).toContain('EISDIR');
  });

  it('keeps the previous choice and reports a failure when the file cannot be written', () => {
    const dir = tempDir();
    const hub = createEventHub();
    const events: unknown[] = [];
    hub.onEvent((name) => events.push(name));
    const logger = recordingLogger();
    const preferences = openPreferences(dir, hub, logger);
    preferences.set({ theme: 'light' });
    // A directory in the file's place cannot be renamed over, whatever the permissions (even as root).
    rmSync(join(dir, PREFERENCES_FILE));
    mkdirSync(join(dir, PREFERENCES_FILE, 'occupied'), { recursive: true });

    expect(() => preferences.set({ theme: 'dark' })).toThrow(AppFailure);
    expect(preferences.get()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'system' });
    expect(events).toEqual(['preferences.changed']);
    expect(logger.lines.join('\n')).toContain('error preferences could not be saved');
    expect(existsSync(join(dir, `${PREFERENCES_FILE}.tmp`))).toBe(false);
  });

  it('keeps the desktop choices and a manual proxy across a restart', () => {
    const dir = tempDir();
    const proxy = { mode: 'manual' as const, server: 'http://proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' };
    openPreferences(dir, createEventHub()).set({ closeToTray: false, startAtLogin: true, startMinimised: true, proxy });
    expect(openPreferences(dir, createEventHub()).get()).toMatchObject({ closeToTray: false, startAtLogin: true, startMinimised: true, proxy });
  });

  it('checks a hostile bypass list in linear time: the main process cannot be hung by one string', () => {
    const dir = tempDir();
    const hostile = `${'*a,'.repeat(600)}!`;
    writeFileSync(join(dir, PREFERENCES_FILE), JSON.stringify({ version: 1, theme: 'dark', language: 'en', proxy: { mode: 'manual', server: 'proxy.example:3128', bypass: hostile } }));
    expect(openPreferences(dir, createEventHub()).get().proxy).toEqual(DEFAULT_PREFERENCES.proxy);
  });

  it('refuses a manual proxy without a server, rather than going out unproxied', () => {
    const preferences = openPreferences(tempDir(), createEventHub());
    expect(() => preferences.set({ proxy: { mode: 'manual', server: '', bypass: '' } })).toThrow(AppFailure);
    expect(preferences.get().proxy).toEqual(DEFAULT_PREFERENCES.proxy);
  });

  it.each([
    ['a proxy with a path', { mode: 'manual', server: 'http://proxy.example:3128/evil', bypass: '' }],
    ['a proxy rule list smuggled in', { mode: 'manual', server: 'proxy.example:3128;direct://', bypass: '' }],
    ['a proxy without a port', { mode: 'manual', server: 'proxy.example', bypass: '' }],
    ['an unknown mode', { mode: 'pac', server: '', bypass: '' }],
    ['a manual mode without a server', { mode: 'manual', server: '', bypass: '' }],
  ])('never applies %s from the file: the system proxy is used instead', (_, proxy) => {
    const dir = tempDir();
    writeFileSync(join(dir, PREFERENCES_FILE), JSON.stringify({ version: 1, theme: 'dark', language: 'en', proxy }));
    expect(openPreferences(dir, createEventHub()).get().proxy).toEqual(DEFAULT_PREFERENCES.proxy);
  });
});
