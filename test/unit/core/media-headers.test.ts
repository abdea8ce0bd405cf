import { describe, expect, it } from 'vitest';
import { parseContentDispositionFileName, sanitizeContentType, sanitizeFileName } from '../../../src/main/core/media/media-headers.ts';

describe('sanitizeContentType', () => {
  it.each([
    ['image/png', 'image/png'],
    ['IMAGE/PNG', 'image/png'],
    [' image/jpeg ; foo=bar', 'image/jpeg'],
    ['image/gif', 'image/gif'],
    ['image/webp', 'image/webp'],
    ['video/mp4; codecs="avc1"', 'video/mp4'],
    ['audio/ogg', 'audio/ogg'],
    ['application/octet-stream', 'application/octet-stream'],
    ['text/plain', 'text/plain'],
    ['text/plain; charset=UTF-8', 'text/plain; charset=utf-8'],
    ['text/plain; charset="iso-8859-1"', 'text/plain; charset=iso-8859-1'],
    ['text/plain; charset=x<y', 'text/plain'],
  ])('passes %j through as %j', (raw, expected) => {
    expect(sanitizeContentType(raw)).toBe(expected);
  });

  it.each([
    'text/html',
    'TEXT/HTML; charset=utf-8',
    'image/svg+xml',
    'application/xhtml+xml',
    'application/xml',
    'text/xml',
    'text/javascript',
    'application/javascript',
    'text/css',
    'application/json',
    'application/pdf',
    'multipart/x-mixed-replace; boundary=x',
    'text/plain, text/html',
    'image/png/html',
    'image/*',
    '',
    ';',
    'nonsense',
  ])('turns %j into application/octet-stream', (raw) => {
    expect(sanitizeContentType(raw)).toBe('application/octet-stream');
  });

  it('treats a missing header as opaque', () => {
    expect(sanitizeContentType(null)).toBe('application/octet-stream');
    expect(sanitizeContentType(undefined)).toBe('application/octet-stream');
  });
});

describe('parseContentDispositionFileName', () => {
  it.each([
    ['inline; filename=cat.png', 'cat.png'],
    ['attachment; filename="my cat.png"', 'my cat.png'],
    ['attachment; filename="a \\"quoted\\" name.txt"', 'a "quoted" name.txt'],
    ["inline; filename*=utf-8''B%C3%BCcher%20%F0%9F%93%9A.pdf", 'Bücher 📚.pdf'],
    ["inline; filename*=UTF-8'de'B%C3%BCcher.pdf", 'Bücher.pdf'],
    ["attachment; filename*=iso-8859-1''B%FCcher.pdf", 'Bücher.pdf'],
    ["attachment; filename=fallback.pdf; filename*=utf-8''real.pdf", 'real.pdf'],
    ["attachment; filename*=utf-8''real.pdf; filename=fallback.pdf", 'real.pdf'],
    ["attachment; filename*=utf-8''%FF%FE.pdf; filename=fallback.pdf", 'fallback.pdf'],
    ["attachment; filename*=koi8-r''x.pdf; filename=fallback.pdf", 'fallback.pdf'],
    ['attachment; FILENAME=upper.txt', 'upper.txt'],
    ['attachment; filename="semi;colon.txt"', 'semi;colon.txt'],
  ])('reads %j as %j', (header, expected) => {
    expect(parseContentDispositionFileName(header)).toBe(expected);
  });

  it.each([
    ['attachment; filename="../../.ssh/authorized_keys"', 'authorized_keys'],
    // Backslash-escaped inside the quoted string, as RFC 9110 requires.
    ['attachment; filename="C:\\\\Windows\\\\system32\\\\evil.dll"', 'evil.dll'],
    ["attachment; filename*=utf-8''C%3A%5CWindows%5Cevil.dll", 'evil.dll'],
    ["attachment; filename*=utf-8''..%2F..%2Fetc%2Fpasswd", 'passwd'],
    ['attachment; filename=".bashrc"', 'bashrc'],
    ["attachment; filename*=utf-8''photo%E2%80%AEgpj.exe", 'photogpj.exe'],
    ["attachment; filename*=utf-8''a%00b%0D%0Ac.txt", 'abc.txt'],
  ])('cleans %j to %j', (header, expected) => {
    expect(parseContentDispositionFileName(header)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    'inline',
    'attachment; filename=""',
    'attachment; filename=".."',
    'attachment; filename="/"',
    'attachment; filename="unterminated',
    'attachment; filename=a b.txt',
    'attachment; filename',
    'attachment; filename=a.txt; filename=b.txt',
  ])('finds no name in %j', (header) => {
    expect(parseContentDispositionFileName(header)).toBeUndefined();
  });

  it('ignores an absurdly long header', () => {
    expect(parseContentDispositionFileName(`attachment; filename="${'a'.repeat(5000)}"`)).toBeUndefined();
  });

  it('shortens very long names to 255 characters', () => {
    expect(sanitizeFileName(`${'é'.repeat(300)}.png`)).toHaveLength(255);
  });
});
