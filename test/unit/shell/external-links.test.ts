import { describe, expect, it, vi } from 'vitest';
import { createExternalOpener } from '../../../src/main/adapters/electron-external-opener.ts';
import type { Logger } from '../../../src/main/core/ports.ts';
import { checkExternalUrl, type ExternalUrlRejection } from '../../../src/main/window/external-links.ts';

describe('checkExternalUrl', () => {
  it.each([
    ['https://matrix.org/', 'https://matrix.org/', 'matrix.org'],
    ['https://example.org/a?b=c#d', 'https://example.org/a?b=c#d', 'example.org'],
    ['HTTPS://Example.ORG', 'https://example.org/', 'example.org'],
    ['http://example.org:8080/x', 'http://example.org:8080/x', 'example.org'],
    ['https://münchen.de/rathaus', 'https://xn--mnchen-3ya.de/rathaus', 'xn--mnchen-3ya.de'],
    // Cyrillic "а" in a look-alike of apple.com: the punycode shows it is not.
    ['https://аpple.com/', 'https://xn--pple-43d.com/', 'xn--pple-43d.com'],
    ['https://[::1]:8448/', 'https://[::1]:8448/', '[::1]'],
    ['mailto:poststelle@example.org', 'mailto:poststelle@example.org', 'example.org'],
    [
      'mailto:a@example.org,b@bürgeramt.de?subject=Hallo&body=Text',
      'mailto:a@example.org,b@b%C3%BCrgeramt.de?subject=Hallo&body=Text',
      'example.org, xn--brgeramt-65a.de',
    ],
  ])('allows %s', (raw, url, displayHost) => {
    expect(checkExternalUrl(raw)).toEqual({ allowed: true, url, displayHost });
  });

  it.each<[unknown, ExternalUrlRejection]>([
    ['javascript:alert(1)', 'scheme-not-allowed'],
    ['JaVaScRiPt:alert(1)', 'scheme-not-allowed'],
    ['file:///etc/passwd', 'scheme-not-allowed'],
    ['file://server/share/evil.exe', 'scheme-not-allowed'],
    ['data:text/html,<script>alert(1)</script>', 'scheme-not-allowed'],
    ['vbscript:msgbox(1)', 'scheme-not-allowed'],
    ['smb://attacker/share', 'scheme-not-allowed'],
    ['ms-msdt:/id PCWDiagnostic', 'forbidden-characters'],
    ['ms-msdt:/id', 'scheme-not-allowed'],
    ['search-ms:query=x', 'scheme-not-allowed'],
    ['ftp://example.org/file', 'scheme-not-allowed'],
    ['app://plenum/index.html', 'scheme-not-allowed'],
    ['matrix:u/alice:example.org', 'scheme-not-allowed'],
    ['https://user:pw@example.org/', 'credentials'],
    ['https://bank.example@evil.example/', 'credentials'],
    ['https://:pw@example.org/', 'credentials'],
    [' https://example.org', 'forbidden-characters'],
    ['https://example.org/\n', 'forbidden-characters'],
    ['java\tscript:alert(1)', 'forbidden-characters'],
    ['https://exa\u0000mple.org', 'forbidden-characters'],
    ['https://example.org/\u202egpj.exe', 'forbidden-characters'],
    ['https://exam\u200bple.org', 'forbidden-characters'],
    ['//example.org/', 'unparseable'],
    ['example.org', 'unparseable'],
    ['', 'unparseable'],
    ['https://', 'unparseable'],
    ['mailto:?attach=/etc/passwd', 'mailto-invalid'],
    ['mailto:a@example.org?attach=~/.ssh/id_rsa', 'mailto-invalid'],
    ['mailto:a@example.org?Attachment=C:/secret.doc', 'mailto-invalid'],
    ['mailto:nobody', 'mailto-invalid'],
    ['mailto:', 'mailto-invalid'],
    [42, 'not-a-string'],
    [null, 'not-a-string'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(checkExternalUrl(raw)).toEqual({ allowed: false, reason });
  });

  it('refuses URLs longer than 2048 characters', () => {
    expect(checkExternalUrl(`https://example.org/${'a'.repeat(2048)}`)).toEqual({ allowed: false, reason: 'too-long' });
  });

  it('refuses a URL whose canonical form grows beyond the limit', () => {
    const raw = `https://example.org/${'é'.repeat(1000)}`;
    expect(raw.length).toBeLessThan(2048);
    expect(checkExternalUrl(raw)).toEqual({ allowed: false, reason: 'too-long' });
  });
});

describe('createExternalOpener', () => {
  const quietLogger = (): Logger => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

  it('opens the canonical URL of an allowed link', async () => {
    const shell = { openExternal: vi.fn(async () => {}) };
    const opener = createExternalOpener(shell, quietLogger());
    await expect(opener.open('https://münchen.de')).resolves.toBe(true);
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://xn--mnchen-3ya.de/');
  });

  it('never calls the shell for a refused link, and logs only the reason', async () => {
    const shell = { openExternal: vi.fn(async () => {}) };
    const logger = quietLogger();
    const opener = createExternalOpener(shell, logger);
    await expect(opener.open('file:///etc/passwd?token=secret')).resolves.toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(JSON.stringify(vi.mocked(logger.warn).mock.calls)).not.toContain('secret');
  });

  it('reports a failing shell as not opened instead of throwing', async () => {
    const shell = { openExternal: vi.fn(async () => Promise.reject(new Error('no handler'))) };
    await expect(createExternalOpener(shell, quietLogger()).open('https://example.org')).resolves.toBe(false);
  });
});
