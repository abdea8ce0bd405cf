import { describe, expect, it } from 'vitest';
import { installDeepLinkIntake, type LinkSourceApp } from '../../../src/main/adapters/deep-link-intake.ts';
import type { MatrixLink } from '../../../src/shared/links/matrix-link.ts';

/** Electron's app as far as links go: it records what was registered and lets the test fire events. */
function fakeApp(isPackaged: boolean) {
  const listeners = new Map<string, (...args: never[]) => void>();
  const registered: string[] = [];
  const app = {
    isPackaged,
    on: (event: string, listener: (...args: never[]) => void) => void listeners.set(event, listener),
    setAsDefaultProtocolClient: (protocol: string) => (registered.push(protocol), true),
  } as unknown as LinkSourceApp;
  const fire = (event: string, ...args: unknown[]): void => (listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  return { app, fire, registered };
}

describe('deep links from the operating system', () => {
  it('registers the matrix: scheme only in a packaged app', () => {
    expect(fakeApp(true).registered).toEqual([]);
    const packaged = fakeApp(true);
    installDeepLinkIntake(packaged.app, () => undefined);
    expect(packaged.registered).toEqual(['matrix']);
    const development = fakeApp(false);
    installDeepLinkIntake(development.app, () => undefined);
    expect(development.registered).toEqual([]);
  });

  it('opens the room of a link a second launch passes, and shows the window', () => {
    const { app, fire } = fakeApp(true);
    const shown: number[] = [];
    const opened: MatrixLink[] = [];
    installDeepLinkIntake(app, () => void shown.push(1)).ready((link) => void opened.push(link), []);
    fire('second-instance', {}, ['/opt/Plenum/plenum', '--no-sandbox', 'matrix:roomid/abc:example.org/e/ev1?via=example.org']);
    expect(opened).toEqual([{ kind: 'room', roomId: '!abc:example.org', eventId: '$ev1', via: ['example.org'] }]);
    expect(shown.length).toBeGreaterThan(0);
  });

  it('takes macOS open-url, and stops the OS from handling it elsewhere', () => {
    const { app, fire } = fakeApp(true);
    const opened: MatrixLink[] = [];
    installDeepLinkIntake(app, () => undefined).ready((link) => void opened.push(link), []);
    let prevented = false;
    fire('open-url', { preventDefault: () => (prevented = true) }, 'matrix:u/bob:example.org?action=chat');
    expect(prevented).toBe(true);
    expect(opened).toEqual([{ kind: 'user', userId: '@bob:example.org', action: 'chat' }]);
  });

  it('keeps links that arrive before the core, then hands them over in order with the launch link last', () => {
    const { app, fire } = fakeApp(true);
    const opened: string[] = [];
    const intake = installDeepLinkIntake(app, () => undefined);
    fire('open-url', { preventDefault: () => undefined }, 'matrix:r/first:example.org');
    fire('second-instance', {}, ['plenum', 'https://matrix.to/#/%23second:example.org']);
    intake.ready((link) => void opened.push(link.kind === 'alias' ? link.alias : link.kind), ['plenum', 'matrix:r/launch:example.org']);
    expect(opened).toEqual(['#first:example.org', '#second:example.org', '#launch:example.org']);
  });

  it('drops what is not a Matrix link, and still shows the window for a plain second launch', () => {
    const { app, fire } = fakeApp(true);
    const opened: MatrixLink[] = [];
    let shown = 0;
    installDeepLinkIntake(app, () => void (shown += 1)).ready((link) => void opened.push(link), ['plenum', 'javascript:alert(1)']);
    fire('second-instance', {}, ['plenum']);
    fire('second-instance', {}, ['plenum', 'matrix:r/no-server']);
    fire('open-url', { preventDefault: () => undefined }, 'https://evil.example/#/matrix.to/#/#x:example.org');
    expect(opened).toEqual([]);
    expect(shown).toBe(2);
  });
});
