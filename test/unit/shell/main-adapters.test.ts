import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createAppIdentity, deviceDisplayName } from '../../../src/main/adapters/app-identity.ts';
import { createConsoleLogger } from '../../../src/main/adapters/console-logger.ts';
import { disposeBeforeQuit, type QuittableApp } from '../../../src/main/adapters/dispose-before-quit.ts';

describe('createConsoleLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = createConsoleLogger('main', { write: (line) => lines.push(line), now: () => new Date(0) });
    return { lines, logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };

  it('writes one JSON line per entry', () => {
    const { lines, logger, records } = capture();
    logger.warn('sync failed', { attempt: 3, code: 'M_LIMIT_EXCEEDED', retry: true, room: null });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(records()[0]).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      scope: 'main',
      msg: 'sync failed',
      attempt: 3,
      code: 'M_LIMIT_EXCEEDED',
      retry: true,
      room: null,
    });
  });

  it.each(['accessToken', 'refresh_token', 'password', 'Passphrase', 'secret', 'storeKey', 'recoveryKey', 'credentials', 'authorization', 'cookie', 'olmPickle'])(
    'redacts the value of %s',
    (key) => {
      const { lines, logger } = capture();
      logger.info('signed in', { [key]: 'syt_very_secret_value' });
      expect(lines.join('')).not.toContain('syt_very_secret_value');
      expect(lines.join('')).toContain('[redacted]');
    },
  );

  it('keeps a log entry on one line whatever the values contain', () => {
    const { lines, logger } = capture();
    logger.error('odd\nmessage', { detail: 'line one\nline two\r\n' });
    expect(lines.join('').trimEnd().split('\n')).toHaveLength(1);
  });

  it('cannot be tricked into overwriting the level or message', () => {
    const { logger, records } = capture();
    logger.info('real', { level: 'error', msg: 'forged' });
    expect(records()[0]).toMatchObject({ level: 'info', msg: 'real' });
  });
});

describe('createAppIdentity', () => {
  it('reads version and locale from Electron and names the device after the host', () => {
    const app = { getVersion: () => '0.1.0', getLocale: () => 'de-DE' };
    expect(createAppIdentity(app, { hostname: () => 'rathaus-pc-17' })).toEqual({
      version: '0.1.0',
      locale: 'de-DE',
      deviceDisplayName: 'Plenum on rathaus-pc-17',
    });
  });

  it('falls back to English before Electron knows the locale, and passes a default homeserver on', () => {
    const identity = createAppIdentity(
      { getVersion: () => '1', getLocale: () => '' },
      { hostname: () => 'x', defaultHomeserver: 'https://matrix.example.org' },
    );
    expect(identity.locale).toBe('en');
    expect(identity.defaultHomeserver).toBe('https://matrix.example.org');
  });

  it('keeps the device name short and printable', () => {
    expect(deviceDisplayName('evil\u0000\u202ehost\n')).toBe('Plenum on evilhost');
    expect(deviceDisplayName('   ')).toBe('Plenum');
    expect(deviceDisplayName('a'.repeat(300))).toBe(`Plenum on ${'a'.repeat(64)}`);
  });
});

describe('disposeBeforeQuit', () => {
  function fakeApp() {
    const emitter = new EventEmitter();
    const app = {
      on: (event: 'before-quit', listener: (event: { preventDefault(): void }) => void) => emitter.on(event, listener),
      quit: vi.fn(() => {
        const event = { defaultPrevented: false, preventDefault() {
          this.defaultPrevented = true;
        } };
        emitter.emit('before-quit', event);
        return event;
      }),
    } satisfies QuittableApp;
    return app;
  }

  it('holds the first quit until the core is disposed, then quits for real', async () => {
    const app = fakeApp();
    let finish: () => void = () => {};
    const dispose = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    disposeBeforeQuit(app, dispose);
    const first = app.quit() as unknown as { defaultPrevented: boolean };
    expect(first.defaultPrevented).toBe(true);
    expect(dispose).toHaveBeenCalledTimes(1);
    // A second quit while disposing is held too, and does not dispose twice.
    expect((app.quit() as unknown as { defaultPrevented: boolean }).defaultPrevented).toBe(true);
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(3));
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(app.quit.mock.results[2]?.value).toMatchObject({ defaultPrevented: false });
  });

  it('quits anyway when disposing fails or hangs', async () => {
    const failing = fakeApp();
    const onError = vi.fn();
    disposeBeforeQuit(failing, () => Promise.reject(new Error('store busy')), { onError });
    failing.quit();
    await vi.waitFor(() => expect(failing.quit).toHaveBeenCalledTimes(2));
    expect(onError).toHaveBeenCalled();

    const hanging = fakeApp();
    disposeBeforeQuit(hanging, () => new Promise<void>(() => {}), { timeoutMs: 10 });
    hanging.quit();
    await vi.waitFor(() => expect(hanging.quit).toHaveBeenCalledTimes(2));
  });
});
