import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender } from '../../../src/main/ipc/sender-check.ts';

describe('isTrustedSender', () => {
  it.each(['app://plenum/index.html', 'app://plenum/', 'app://plenum', 'app://plenum/index.html?x#y'])(
    'trusts the top frame of %s',
    (url) => {
      expect(isTrustedSender({ url, isTopFrame: true })).toBe(true);
    },
  );

  it('refuses a subframe even on the app origin', () => {
    expect(isTrustedSender({ url: 'app://plenum/index.html', isTopFrame: false })).toBe(false);
  });

  it.each([
    'app://evil/index.html',
    'app://plenum.evil/index.html',
    'app://plenum:1234/index.html',
    'app://x@plenum/index.html',
    'app:///index.html',
    'https://plenum/index.html',
    'http://127.0.0.1:5173/',
    'file:///app/index.html',
    'plenum-media://plenum/x',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('refuses %j', (url) => {
    expect(isTrustedSender({ url, isTopFrame: true })).toBe(false);
  });

  it.each([null, undefined])('refuses a missing frame (%s)', (frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });

  it('refuses frames that are only truthy look-alikes', () => {
    const forged = { url: 'app://plenum/', isTopFrame: 'yes' } as unknown as Parameters<typeof isTrustedSender>[0];
    expect(isTrustedSender(forged)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('accepts the serialised origin as well as document URLs', () => {
    expect(isAppUrl('app://plenum')).toBe(true);
    expect(isAppUrl('app://plenum/index.html')).toBe(true);
    expect(isAppUrl('app://plenumx')).toBe(false);
  });
});
