import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isInside, resolveAppRequest } from '../../../src/main/window/app-protocol-path.ts';

const root = path.resolve('/srv/plenum/out/renderer');

describe('resolveAppRequest', () => {
  it('exports the app origin', () => {
    expect([APP_SCHEME, APP_HOST, APP_ORIGIN]).toEqual(['app', 'plenum', 'app://plenum']);
  });

  it.each([
    ['app://plenum/', 'index.html', 'text/html; charset=utf-8'],
    ['app://plenum', 'index.html', 'text/html; charset=utf-8'],
    ['app://plenum/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://plenum/index.html?reload=1#top', 'index.html', 'text/html; charset=utf-8'],
    ['app://plenum/assets/index-wtH7sNzy.js', 'assets/index-wtH7sNzy.js', 'text/javascript; charset=utf-8'],
    ['app://plenum/assets/index.css', 'assets/index.css', 'text/css; charset=utf-8'],
    ['app://plenum/assets/fonts/inter.woff2', 'assets/fonts/inter.woff2', 'font/woff2'],
    ['app://plenum/icons/logo.svg', 'icons/logo.svg', 'image/svg+xml'],
    ['app://plenum/favicon.ico', 'favicon.ico', 'image/x-icon'],
    ['app://plenum/a.png', 'a.png', 'image/png'],
    ['app://plenum/i18n/de.json', 'i18n/de.json', 'application/json'],
    ['app://plenum/crypto.wasm', 'crypto.wasm', 'application/wasm'],
    ['app://plenum/assets/Caf%C3%A9%20menu.PNG', 'assets/Café menu.PNG', 'image/png'],
  ])('serves %s', (url, relative, mimeType) => {
    expect(resolveAppRequest(url, root)).toEqual({ ok: true, filePath: path.join(root, relative), mimeType });
  });

  it.each([
    'app://plenum/../../etc/passwd',
    'app://plenum/%2e%2e/%2e%2e/etc/passwd',
    'app://plenum/assets/../../../etc/passwd',
    'app://plenum/%2e%2e/%2e%2e/etc/shadow.js',
  ])('keeps dot segments the URL parser resolves inside the root: %s', (url) => {
    const result = resolveAppRequest(url, root);
    // Either refused, or (when the parser folded `..` away) still a file below root.
    if (result.ok) expect(isInside(root, result.filePath)).toBe(true);
    else expect([403, 404]).toContain(result.status);
  });

  it.each([
    ['app://plenum/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 403],
    ['app://plenum/..%2f..%2fetc%2fpasswd.js', 403],
    ['app://plenum/assets/%2E%2E%2Findex.js', 403],
    ['app://plenum/..%5c..%5cwindows%5cwin.ini', 403],
    ['app://plenum/assets\\..\\..\\secret.js', 403],
    ['app://plenum/index.html%00.js', 403],
    ['app://plenum/%00', 403],
    ['app://plenum/a%0a.js', 403],
    ['app://plenum//etc/passwd.js', 403],
    ['app://plenum/%2fetc%2fpasswd.js', 403],
    ['app://plenum/C:%5cWindows%5cwin.ini', 403],
    ['app://plenum/c%3a/secret.js', 403],
    ['app://plenum/.vite/manifest.json', 403],
    ['app://plenum/assets/.env.json', 403],
    ['app://plenum/aux.js', 403],
    ['app://plenum/NUL.json', 403],
    ['app://plenum/index.html.', 403],
    ['app://plenum/index.html%20', 403],
    ['app://plenum/%E0%A4%A', 400],
    ['app://plenum/%ff.js', 400],
    ['not a url', 400],
    [`app://plenum/${'a/'.repeat(3000)}x.js`, 400],
  ] as const)('refuses %s', (url, status) => {
    expect(resolveAppRequest(url, root)).toEqual({ ok: false, status });
  });

  it.each([
    'app://evil/index.html',
    'app://plenum.evil/index.html',
    'app://PLENUM/index.html',
    'app://plenum:8080/index.html',
    'app://user:pw@plenum/index.html',
    'app:///index.html',
    'app:plenum/index.html',
    'https://plenum/index.html',
    'file:///etc/passwd',
    'plenum-media://plenum/index.html',
  ])('refuses a foreign scheme or host: %s', (url) => {
    expect(resolveAppRequest(url, root)).toEqual({ ok: false, status: 403 });
  });

  it.each(['app://plenum/assets/', 'app://plenum/assets/index', 'app://plenum/script.php', 'app://plenum/notes.txt'])(
    'answers 404 for paths it never serves: %s',
    (url) => {
      expect(resolveAppRequest(url, root)).toEqual({ ok: false, status: 404 });
    },
  );

  it('applies Windows path rules when the platform is Windows', () => {
    const winRoot = 'C:\\Program Files\\Plenum\\resources\\app.asar\\out\\renderer';
    expect(resolveAppRequest('app://plenum/assets/a.js', winRoot, path.win32)).toEqual({
      ok: true,
      filePath: `${winRoot}\\assets\\a.js`,
      mimeType: 'text/javascript; charset=utf-8',
    });
    for (const url of ['app://plenum/..%5c..%5ca.js', 'app://plenum/D:%5ca.js', 'app://plenum/con.js', 'app://plenum/x.js%3a%3a$DATA']) {
      expect(resolveAppRequest(url, winRoot, path.win32)).toEqual({ ok: false, status: 403 });
    }
  });
});

describe('isInside', () => {
  it('accepts the root and paths below it', () => {
    expect(isInside(root, root)).toBe(true);
    expect(isInside(root, path.join(root, 'a', 'b.js'))).toBe(true);
    expect(isInside(root, path.join(root, '..foo.js'))).toBe(true);
  });

  it('rejects siblings with a shared prefix and parents', () => {
    expect(isInside(root, `${root}-evil/a.js`)).toBe(false);
    expect(isInside(root, path.dirname(root))).toBe(false);
    expect(isInside(root, '/etc/passwd')).toBe(false);
    expect(isInside('C:\\app', 'D:\\app\\a.js', path.win32)).toBe(false);
  });
});
