/**
 * The Electron-facing wiring, driven through fakes of the few Electron objects it touches (Electron
 * itself cannot launch here). What these fakes can't prove: that Electron emits the events as its
 * documentation says; the e2e suite on a desktop CI runner has to.
 */
import { EventEmitter } from 'node:events';
import type { App, Protocol, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { installPermissionPolicy } from '../../../src/main/window/permissions.ts';
import { handleAppProtocol, registerPrivilegedSchemes } from '../../../src/main/window/register-app-protocol.ts';
import { guardWebContents, installWebContentsGuards } from '../../../src/main/window/web-contents-guards.ts';

type Handler = (...args: unknown[]) => unknown;

function fakeWebContents() {
  const emitter = new EventEmitter();
  let windowOpenHandler: Handler | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: Handler) => {
      windowOpenHandler = handler;
    },
  });
  const navigationEvent = (url: string, isMainFrame = true) => ({ url, isMainFrame, preventDefault: vi.fn() });
  return {
    contents: contents as unknown as WebContents,
    emit: (name: string, ...args: unknown[]) => emitter.emit(name, ...args),
    openWindow: (url: string) => windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }),
    navigationEvent,
  };
}

describe('web contents guards', () => {
  function guarded() {
    const fake = fakeWebContents();
    const openExternal = vi.fn();
    guardWebContents(fake.contents, { openExternal });
    return { ...fake, openExternal };
  }

  it('lets the app reload its entry document', () => {
    const { emit, navigationEvent, openExternal } = guarded();
    const event = navigationEvent('app://plenum/index.html');
    emit('will-navigate', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it.each(['https://example.org/', 'app://plenum/assets/index.js', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'prevents navigating the window to %s and hands it to the external-link gate',
    (url) => {
      const { emit, navigationEvent, openExternal } = guarded();
      const event = navigationEvent(url);
      emit('will-navigate', event);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(openExternal).toHaveBeenCalledWith(url);
    },
  );

  it('prevents every subframe navigation without opening anything', () => {
    const { emit, navigationEvent, openExternal } = guarded();
    const sub = navigationEvent('app://plenum/index.html', false);
    emit('will-frame-navigate', sub);
    expect(sub.preventDefault).toHaveBeenCalled();
    const main = navigationEvent('app://plenum/index.html', true);
    emit('will-frame-navigate', main);
    expect(main.preventDefault).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('prevents redirects away from the app', () => {
    const { emit, navigationEvent } = guarded();
    const away = navigationEvent('https://evil.example/');
    emit('will-redirect', away);
    expect(away.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and passes its URL to the gate', () => {
    const { openWindow, openExternal } = guarded();
    expect(openWindow('https://matrix.org/')).toEqual({ action: 'deny' });
    expect(openWindow('app://plenum/index.html')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://matrix.org/');
  });

  it('destroys any webview before it attaches', () => {
    const { emit } = guarded();
    const event = { preventDefault: vi.fn() };
    emit('will-attach-webview', event, {}, { src: 'https://evil.example' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards every WebContents the app creates', () => {
    const app = new EventEmitter();
    const openExternal = vi.fn();
    installWebContentsGuards(app as unknown as App, { openExternal });
    const fake = fakeWebContents();
    app.emit('web-contents-created', {}, fake.contents);
    const event = fake.navigationEvent('https://example.org/');
    fake.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('installPermissionPolicy', () => {
  function installed() {
    const handlers: Record<string, Handler> = {};
    const emitter = new EventEmitter();
    const session = Object.assign(emitter, {
      setPermissionRequestHandler: (h: Handler) => void (handlers.request = h),
      setPermissionCheckHandler: (h: Handler) => void (handlers.check = h),
      setDevicePermissionHandler: (h: Handler) => void (handlers.device = h),
    });
    installPermissionPolicy(session as unknown as Session);
    return { handlers, emitter };
  }

  it('answers permission requests through the decision function', () => {
    const { handlers } = installed();
    const answers: boolean[] = [];
    const ask = (permission: string, requestingUrl: string, isMainFrame = true) =>
      handlers.request?.({}, permission, (granted: boolean) => answers.push(granted), { requestingUrl, isMainFrame });
    ask('clipboard-sanitized-write', 'app://plenum/index.html');
    ask('clipboard-sanitized-write', 'app://plenum/index.html', false);
    ask('media', 'app://plenum/index.html');
    ask('notifications', 'app://plenum/index.html');
    ask('clipboard-sanitized-write', 'https://evil.example/');
    expect(answers).toEqual([true, false, false, false, false]);
  });

  it('answers permission checks the same way, and refuses every device', () => {
    const { handlers } = installed();
    expect(handlers.check?.({}, 'clipboard-sanitized-write', 'app://plenum', { isMainFrame: true })).toBe(true);
    expect(handlers.check?.({}, 'geolocation', 'app://plenum', { isMainFrame: true })).toBe(false);
    expect(handlers.device?.({ deviceType: 'usb', origin: 'app://plenum' })).toBe(false);
  });

  it('cancels downloads the page starts', () => {
    const { emitter } = installed();
    const event = { preventDefault: vi.fn() };
    emitter.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('app:// protocol registration', () => {
  it('registers app as a standard, secure scheme without CSP bypass or CORS', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerPrivilegedSchemes({ registerSchemesAsPrivileged } as unknown as Protocol);
    expect(registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
  });

  it('registers further schemes in the same single call', () => {
    const registerSchemesAsPrivileged = vi.fn();
    const media = { scheme: 'plenum-media', privileges: { secure: true } };
    registerPrivilegedSchemes({ registerSchemesAsPrivileged } as unknown as Protocol, [media]);
    expect(registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(registerSchemesAsPrivileged.mock.calls[0]?.[0]).toContainEqual(media);
  });

  it('handles the app scheme with the file handler', async () => {
    const handle = vi.fn();
    handleAppProtocol({ handle } as unknown as Protocol, { rendererDir: '/nonexistent', contentSecurityPolicy: "default-src 'none'" });
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = handle.mock.calls[0]?.[1] as (request: Request) => Promise<Response>;
    const response = await handler(new Request('app://plenum/index.html'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
  });
});
