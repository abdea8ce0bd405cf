import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload } from '../../../src/shared/ipc/types.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../../../src/shared/model/preferences.ts';
import { applyTheme, PreferencesModel } from '../../../src/renderer/state/preferences.svelte.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

/** A main side that keeps preferences like the core does, behind the real bridge and wire format. */
function preferencesMain(initial: Preferences, options: { failSaves?: boolean; saveDelayMs?: number } = {}) {
  let stored = initial;
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  const handlers = stubHandlers({
    'preferences.get': async () => stored,
    'preferences.set': async (changes) => {
      if (options.saveDelayMs) await new Promise((resolve) => setTimeout(resolve, options.saveDelayMs));
      if (options.failSaves) throw new AppFailure('INTERNAL', 'disk full');
      const next = { ...stored, ...changes };
      // As the core's store: a manual proxy without a server would silently mean "no proxy".
      if (next.proxy.mode === 'manual' && next.proxy.server === '') throw new AppFailure('BAD_REQUEST', 'a manual proxy needs a server');
      stored = next;
      listener?.('preferences.changed', stored);
      return stored;
    },
  });
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers, onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  return {
    client,
    stored: () => stored,
    /** Another window (or a future policy) changing the preferences. */
    changeElsewhere(next: Preferences) {
      stored = next;
      listener?.('preferences.changed', next);
    },
  };
}

describe('PreferencesModel', () => {
  it('loads the stored choice and resolves "system" from the system languages', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'system' });
    const model = new PreferencesModel(main.client, { systemLanguages: () => ['it-IT', 'fr-CA', 'de'] });
    await model.start();
    expect(model.theme).toBe('dark');
    expect(model.languageChoice).toBe('system');
    expect(model.language).toBe('fr');
    model.dispose();
  });

  it('speaks English when the system has no supported language', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'system' });
    const model = new PreferencesModel(main.client, { systemLanguages: () => ['ja-JP'] });
    await model.start();
    expect(model.language).toBe('en');
  });

  it('applies a change at once, stores it in the core and keeps the core’s answer', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'system' }, { saveDelayMs: 20 });
    const model = new PreferencesModel(main.client, { systemLanguages: () => ['en-GB'] });
    await model.start();

    const saving = model.set({ language: 'de' });
    // Before the core has answered: the UI already speaks German.
    expect(model.language).toBe('de');
    expect(await saving).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'de' });
    expect(model.preferences).toEqual({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'de' });
  });

  it('keeps the last of several quick clicks', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'en' }, { saveDelayMs: 10 });
    const model = new PreferencesModel(main.client);
    await model.start();
    await Promise.all([model.set({ theme: 'light' }), model.set({ theme: 'dark' })]);
    expect(model.theme).toBe('dark');
    expect(main.stored().theme).toBe('dark');
  });

  it('returns to the stored choice and reports the error when the core cannot save', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'fr' }, { failSaves: true });
    const model = new PreferencesModel(main.client);
    await model.start();
    const error = await model.set({ theme: 'dark' });
    expect(error?.code).toBe('INTERNAL');
    expect(model.theme).toBe('light');
  });

  it('reports a value the contract refuses as BAD_REQUEST without changing anything', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'fr' });
    const model = new PreferencesModel(main.client);
    await model.start();
    const error = await model.set({ theme: 'sepia' as Preferences['theme'] });
    expect(error?.code).toBe('BAD_REQUEST');
    expect(model.preferences).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'fr' });
  });

  it('follows changes made elsewhere until disposed', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'system' });
    const model = new PreferencesModel(main.client);
    await model.start();
    main.changeElsewhere({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de' });
    await expect.poll(() => model.language).toBe('de');
    expect(model.theme).toBe('light');

    model.dispose();
    main.changeElsewhere({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'en' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(model.theme).toBe('light');
  });

  it('turns message previews off and do-not-disturb on at once, and stores both in the core', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'fr' }, { saveDelayMs: 20 });
    const model = new PreferencesModel(main.client);
    await model.start();
    expect(model.showMessagePreviews).toBe(true);
    expect(model.doNotDisturb).toBe(false);

    const hiding = model.setShowMessagePreviews(false);
    // Before the core has answered, the switch already shows the new state.
    expect(model.showMessagePreviews).toBe(false);
    expect(await hiding).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'fr', showMessagePreviews: false });

    const silencing = model.setDoNotDisturb(true);
    expect(model.doNotDisturb).toBe(true);
    expect(await silencing).toBeNull();
    // Each setter changes only its own preference.
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'fr', showMessagePreviews: false, doNotDisturb: true });
    expect(model.preferences).toEqual(main.stored());

    expect(await model.setShowMessagePreviews(true)).toBeNull();
    expect(await model.setDoNotDisturb(false)).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', language: 'fr' });
  });

  it('returns the notification switches to the stored state and reports the error when the core cannot save', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de', doNotDisturb: true }, { failSaves: true, saveDelayMs: 10 });
    const model = new PreferencesModel(main.client);
    await model.start();

    const hiding = model.setShowMessagePreviews(false);
    expect(model.showMessagePreviews).toBe(false);
    expect((await hiding)?.code).toBe('INTERNAL');
    expect(model.showMessagePreviews).toBe(true);

    const waking = model.setDoNotDisturb(false);
    expect(model.doNotDisturb).toBe(false);
    expect((await waking)?.code).toBe('INTERNAL');
    expect(model.doNotDisturb).toBe(true);
    expect(model.preferences).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de', doNotDisturb: true });
  });

  it('follows notification changes made elsewhere (the tray menu)', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'en' });
    const model = new PreferencesModel(main.client);
    await model.start();
    main.changeElsewhere({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'en', doNotDisturb: true });
    await expect.poll(() => model.doNotDisturb).toBe(true);
    expect(model.showMessagePreviews).toBe(true);

    main.changeElsewhere({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'en', doNotDisturb: true, showMessagePreviews: false });
    await expect.poll(() => model.showMessagePreviews).toBe(false);
    expect(model.doNotDisturb).toBe(true);

    model.dispose();
    main.changeElsewhere({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'en' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(model.doNotDisturb).toBe(true);
    expect(model.showMessagePreviews).toBe(false);
  });

  it('sets the three start-and-close switches at once, each alone, and stores them in the core', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de' }, { saveDelayMs: 20 });
    const model = new PreferencesModel(main.client);
    await model.start();
    expect([model.startAtLogin, model.startMinimised, model.closeToTray]).toEqual([false, false, true]);

    const starting = model.setStartAtLogin(true);
    // Before the core has answered, the switch already shows the new state.
    expect(model.startAtLogin).toBe(true);
    expect(await starting).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de', startAtLogin: true });

    const hiding = model.setStartMinimised(true);
    expect(model.startMinimised).toBe(true);
    expect(await hiding).toBeNull();
    const quitting = model.setCloseToTray(false);
    expect(model.closeToTray).toBe(false);
    expect(await quitting).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de', startAtLogin: true, startMinimised: true, closeToTray: false });
    expect(model.preferences).toEqual(main.stored());

    expect(await model.setStartAtLogin(false)).toBeNull();
    expect(await model.setStartMinimised(false)).toBeNull();
    expect(await model.setCloseToTray(true)).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light', language: 'de' });
  });

  it('returns the start-and-close switches to the stored state and reports the error when the core cannot save', async () => {
    const main = preferencesMain({ ...DEFAULT_PREFERENCES, startAtLogin: true }, { failSaves: true, saveDelayMs: 10 });
    const model = new PreferencesModel(main.client);
    await model.start();

    for (const [saving, read, expected] of [
      [() => model.setStartAtLogin(false), () => model.startAtLogin, true],
      [() => model.setStartMinimised(true), () => model.startMinimised, false],
      [() => model.setCloseToTray(false), () => model.closeToTray, true],
    ] as const) {
      const pending = saving();
      expect(read()).toBe(!expected);
      expect((await pending)?.code).toBe('INTERNAL');
      expect(read()).toBe(expected);
    }
    expect(model.preferences).toEqual({ ...DEFAULT_PREFERENCES, startAtLogin: true });
  });

  it('saves a manual proxy as a whole, trimmed, and goes back to the system proxy keeping the address', async () => {
    const main = preferencesMain(DEFAULT_PREFERENCES, { saveDelayMs: 20 });
    const model = new PreferencesModel(main.client);
    await model.start();
    expect(model.proxy).toEqual({ mode: 'system', server: '', bypass: '' });

    const saving = model.setProxy({ mode: 'manual', server: ' proxy.intranet.example:3128 ', bypass: 'localhost, *.intranet.example ' });
    expect(model.proxy).toEqual({ mode: 'manual', server: 'proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' });
    expect(await saving).toBeNull();
    expect(main.stored()).toEqual({ ...DEFAULT_PREFERENCES, proxy: { mode: 'manual', server: 'proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' } });

    expect(await model.setProxy({ mode: 'direct', server: 'proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' })).toBeNull();
    expect(model.proxy.mode).toBe('direct');
    expect(await model.setProxy({ ...model.proxy, mode: 'system' })).toBeNull();
    expect(main.stored().proxy).toEqual({ mode: 'system', server: 'proxy.intranet.example:3128', bypass: 'localhost, *.intranet.example' });
    expect(model.preferences).toEqual(main.stored());
  });

  it('reverts a refused manual proxy (no port, no server, a bad bypass list) and returns BAD_REQUEST', async () => {
    const start = { ...DEFAULT_PREFERENCES, proxy: { mode: 'direct', server: '', bypass: '' } } as const;
    const main = preferencesMain(start, { saveDelayMs: 10 });
    const model = new PreferencesModel(main.client);
    await model.start();

    // The contract's schema refuses an address without a port before the core sees it.
    const noPort = model.setProxy({ mode: 'manual', server: 'proxy.example', bypass: '' });
    expect(model.proxy.mode).toBe('manual');
    expect((await noPort)?.code).toBe('BAD_REQUEST');
    expect(model.proxy).toEqual(start.proxy);
    // The core refuses a manual proxy without a server.
    const empty = model.setProxy({ mode: 'manual', server: '   ', bypass: '' });
    expect(model.proxy.mode).toBe('manual');
    expect((await empty)?.code).toBe('BAD_REQUEST');
    expect(model.proxy).toEqual(start.proxy);
    expect((await model.setProxy({ mode: 'manual', server: 'proxy.example:8080', bypass: 'two words' }))?.code).toBe('BAD_REQUEST');

    expect(model.preferences).toEqual(start);
    expect(main.stored()).toEqual(start);
  });

  it('follows desktop changes made elsewhere (the tray menu, another window)', async () => {
    const main = preferencesMain(DEFAULT_PREFERENCES);
    const model = new PreferencesModel(main.client);
    await model.start();
    const next = { ...DEFAULT_PREFERENCES, closeToTray: false, startAtLogin: true, proxy: { mode: 'manual', server: 'socks5://10.0.0.1:1080', bypass: '' } } as const;
    main.changeElsewhere(next);
    await expect.poll(() => model.proxy.mode).toBe('manual');
    expect(model.proxy.server).toBe('socks5://10.0.0.1:1080');
    expect(model.closeToTray).toBe(false);
    expect(model.startAtLogin).toBe(true);
    model.dispose();
  });

  it('remembers the settings section across a language change, once', () => {
    const model = new PreferencesModel(preferencesMain({ ...DEFAULT_PREFERENCES, theme: 'system', language: 'en' }).client);
    expect(model.takeSettingsReturn()).toBeNull();
    expect(model.settingsOpenOnReturn).toBe(false);
    model.rememberSettings('language');
    expect(model.settingsOpenOnReturn).toBe(true);
    expect(model.takeSettingsReturn()).toBe('language');
    expect(model.settingsOpenOnReturn).toBe(false);
    expect(model.takeSettingsReturn()).toBeNull();
  });
});

describe('applyTheme', () => {
  function fakeRoot() {
    const attributes = new Map<string, string>();
    const root = {
      setAttribute: (name: string, value: string) => void attributes.set(name, value),
      removeAttribute: (name: string) => void attributes.delete(name),
    };
    return { root: root as unknown as HTMLElement, attributes };
  }

  it('sets data-theme for a forced theme and removes it to follow the system', () => {
    const { root, attributes } = fakeRoot();
    applyTheme('dark', root);
    expect(attributes.get('data-theme')).toBe('dark');
    applyTheme('light', root);
    expect(attributes.get('data-theme')).toBe('light');
    applyTheme('system', root);
    expect(attributes.has('data-theme')).toBe(false);
  });
});
