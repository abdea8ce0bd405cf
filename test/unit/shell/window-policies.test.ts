import { describe, expect, it } from 'vitest';
import { isAllowedNavigation } from '../../../src/main/window/navigation-policy.ts';
import { isPermissionAllowed } from '../../../src/main/window/permissions.ts';

describe('isPermissionAllowed', () => {
  it('allows sanitised clipboard writes from the app', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://plenum')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://plenum/index.html')).toBe(true);
  });

  it.each([
    'notifications',
    'media',
    'display-capture',
    'geolocation',
    'clipboard-read',
    'fullscreen',
    'openExternal',
    'hid',
    'usb',
    'serial',
    'midiSysex',
    'pointerLock',
    'idle-detection',
    'window-management',
    'storage-access',
    'unknown',
  ])('denies %s even to the app', (permission) => {
    expect(isPermissionAllowed(permission, 'app://plenum')).toBe(false);
  });

  it.each(['https://evil.example', 'app://evil', 'app://plenum:1', 'http://127.0.0.1:1234', 'null', '', undefined])(
    'denies everything to %j',
    (origin) => {
      expect(isPermissionAllowed('clipboard-sanitized-write', origin)).toBe(false);
    },
  );
});

describe('isAllowedNavigation', () => {
  it.each(['app://plenum/', 'app://plenum/index.html', 'app://plenum/index.html#/rooms'])('allows reloading the app: %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    'https://example.org/',
    'http://127.0.0.1:8008/',
    'app://plenum/assets/index.js',
    'app://evil/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'about:blank',
    'plenum-media://plenum/x',
    '',
  ])('refuses %j', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});
