import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPolicyToPreferences, homeserverAllowed, isLocked, lockedPreferences, resolvePolicy } from '../../../src/main/core/policy/policy.ts';
import {
  linuxPolicyFile,
  MAX_POLICY_FILE_BYTES,
  recordedPolicySource,
  type PolicySource,
} from '../../../src/main/core/policy/policy-sources.ts';
import type { Logger } from '../../../src/main/core/ports.ts';
import { DEFAULT_PREFERENCES } from '../../../src/shared/model/preferences.ts';
import type { Policy } from '../../../src/shared/policy/policy-schema.ts';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

describe('policy sources', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-policy-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('takes each valid key of the Linux file, ignores invalid and unknown ones one by one, and logs no value', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(
      path,
      JSON.stringify({
        ShowMessagePreviews: false,
        AllowedHomeservers: ['matrix.example.org', 'chat.example.org:8448'],
        MaxUploadSizeMb: 'secret-value-1',
        ProxyServer: 'proxy.example.org:99999x',
        DisableAutoUpdate: true,
        ShowMesagePreviews: true,
      }),
    );
    const logger = recordingLogger();
    const { policy, ignored } = await resolvePolicy([linuxPolicyFile(logger, path)], logger);
    expect(policy).toEqual({ ShowMessagePreviews: false, AllowedHomeservers: ['matrix.example.org', 'chat.example.org:8448'], DisableAutoUpdate: true });
    expect(ignored).toEqual([
      { key: 'MaxUploadSizeMb', source: 'linux-file', reason: 'invalid-value' },
      { key: 'ProxyServer', source: 'linux-file', reason: 'invalid-value' },
      { key: 'ShowMesagePreviews', source: 'linux-file', reason: 'unknown-key' },
    ]);
    expect(isLocked(policy, 'showMessagePreviews')).toBe(true);
    expect(logger.lines).toHaveLength(3);
    expect(logger.lines.join('\n')).toContain('ShowMesagePreviews');
    expect(logger.lines.join('\n')).not.toMatch(/secret-value-1|99999x/);
  });

  it('reads no policy, silently, when the file is missing', async () => {
    const logger = recordingLogger();
    const { policy, ignored } = await resolvePolicy([linuxPolicyFile(logger, join(tempDir(), 'absent.json'))], logger);
    expect(policy).toEqual({});
    expect(ignored).toEqual([]);
    expect(logger.lines).toEqual([]);
  });

  it.each([
    ['not JSON', '{"ShowMessagePreviews": fal', 'not JSON'],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'not JSON'],
    ['an array', '[{"ShowMessagePreviews": false}]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    ['too large', `{"DisableAutoUpdate": true, "pad": "${'x'.repeat(MAX_POLICY_FILE_BYTES)}"}`, 'too large'],
  ])('reads no policy, with one warning and no crash, from a file that is %s', async (_label, content, warning) => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, content);
    const logger = recordingLogger();
    const { policy } = await resolvePolicy([linuxPolicyFile(logger, path)], logger);
    expect(policy).toEqual({});
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain(warning);
  });

  it('warns once when the policy path is unreadable (a directory)', async () => {
    const path = join(tempDir(), 'policy.json');
    mkdirSync(path);
    const logger = recordingLogger();
    expect((await resolvePolicy([linuxPolicyFile(logger, path)], logger)).policy).toEqual({});
    expect(logger.lines).toEqual([expect.stringContaining('unreadable')]);
  });

  it('never reads more than the limit from the file system', async () => {
    const asked: number[] = [];
    const logger = recordingLogger();
    const source = linuxPolicyFile(logger, '/etc/plenum/policy.json', {
      read: async (_path, maxBytes) => {
        asked.push(maxBytes);
        return new TextEncoder().encode('{"ForceSso": true}');
      },
    });
    expect((await resolvePolicy([source], logger)).policy).toEqual({ ForceSso: true });
    expect(asked).toEqual([256 * 1024]);
  });

  it('takes Windows-like values: DWORD 0/1 as booleans, REG_SZ lists split, other numbers refused', async () => {
    const logger = recordingLogger();
    const machine = recordedPolicySource('windows-machine', {
      ShowMessagePreviews: 0,
      ForceSso: 1,
      DisablePasswordLogin: 2,
      MaxUploadSizeMb: 25,
      AllowedHomeservers: 'matrix.example.org\nChat.Example.org, other.example.org:8448',
      ProxyMode: 'manual',
      ProxyServer: 'http://proxy.example.org:3128',
      ProxyBypass: 'localhost, *.intranet.example, <local>',
    });
    const { policy, ignored } = await resolvePolicy([machine], logger);
    expect(policy).toEqual({
      ShowMessagePreviews: false,
      ForceSso: true,
      MaxUploadSizeMb: 25,
      AllowedHomeservers: ['matrix.example.org', 'Chat.Example.org', 'other.example.org:8448'],
      ProxyMode: 'manual',
      ProxyServer: 'http://proxy.example.org:3128',
      ProxyBypass: 'localhost, *.intranet.example, <local>',
    });
    expect(ignored).toEqual([{ key: 'DisablePasswordLogin', source: 'windows-machine', reason: 'invalid-value' }]);
    expect(lockedPreferences(policy)).toEqual({ showMessagePreviews: true, proxy: true });
  });

  it('treats a source that throws as setting nothing, and still applies the others', async () => {
    const logger = recordingLogger();
    const broken: PolicySource = { name: 'broken', read: () => Promise.reject(new Error('boom')) };
    const { policy } = await resolvePolicy([broken, recordedPolicySource('user', { ForceSso: true })], logger);
    expect(policy).toEqual({ ForceSso: true });
    expect(logger.lines).toEqual([expect.stringContaining('policy source failed')]);
  });

  it('logs a flood of unknown keys with a summary, not line by line', async () => {
    const logger = recordingLogger();
    const junk = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`Junk${index}`, index]));
    const { ignored } = await resolvePolicy([recordedPolicySource('linux-file', junk)], logger);
    expect(ignored).toHaveLength(500);
    expect(logger.lines).toHaveLength(21);
    expect(logger.lines.at(-1)).toContain('"count":480');
  });
});

describe('policy precedence', () => {
  it('machine over user over preference, key by key', async () => {
    const logger = recordingLogger();
    const machine = recordedPolicySource('machine', { ShowMessagePreviews: false });
    const user = recordedPolicySource('user', { ShowMessagePreviews: true, ProxyMode: 'direct' });
    const { policy, ignored } = await resolvePolicy([machine, user], logger);
    expect(policy).toEqual({ ShowMessagePreviews: false, ProxyMode: 'direct' });
    expect(ignored).toEqual([]);
    const stored = { ...DEFAULT_PREFERENCES, showMessagePreviews: true, proxy: { mode: 'manual', server: 'mine.example:8080', bypass: '' } } as const;
    expect(applyPolicyToPreferences(stored, policy, true)).toEqual({ ...stored, showMessagePreviews: false, proxy: { mode: 'direct', server: '', bypass: '' } });
    // Without policy the user's own choice stands.
    expect(applyPolicyToPreferences(stored, {}, true)).toBe(stored);
  });

  it('an invalid machine value is reported and the user value applies; an invalid value alone leaves the key unset', async () => {
    const logger = recordingLogger();
    const machine = recordedPolicySource('machine', { AllowedHomeservers: ['https://matrix.example.org/'], MaxUploadSizeMb: 5000 });
    const user = recordedPolicySource('user', { AllowedHomeservers: 'matrix.example.org' });
    const { policy, ignored } = await resolvePolicy([machine, user], logger);
    expect(policy).toEqual({ AllowedHomeservers: ['matrix.example.org'] });
    expect(ignored).toEqual([
      { key: 'AllowedHomeservers', source: 'machine', reason: 'invalid-value' },
      { key: 'MaxUploadSizeMb', source: 'machine', reason: 'invalid-value' },
    ]);
    expect(logger.lines.join('\n')).not.toMatch(/https:|5000/);
  });

  it('a manual proxy without a valid server falls back to the system proxy and is reported', async () => {
    const logger = recordingLogger();
    const { policy, ignored } = await resolvePolicy([recordedPolicySource('machine', { ProxyMode: 'manual', ProxyServer: 'not a proxy' })], logger);
    expect(policy).toEqual({ ProxyMode: 'system' });
    expect(ignored).toEqual([
      { key: 'ProxyServer', source: 'machine', reason: 'invalid-value' },
      { key: 'ProxyMode', source: 'machine', reason: 'invalid-value' },
    ]);
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, policy, false).proxy).toEqual({ mode: 'system', server: '', bypass: '' });
    // The same fallback for a policy that did not come through resolvePolicy.
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, { ProxyMode: 'manual' }, false).proxy).toEqual({ mode: 'system', server: '', bypass: '' });
  });

  it('forces a manual proxy built from ProxyMode, ProxyServer and ProxyBypass', () => {
    const policy: Policy = { ProxyMode: 'manual', ProxyServer: 'socks5://[::1]:1080', ProxyBypass: '<local>, *.intranet.example' };
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, policy, false).proxy).toEqual({ mode: 'manual', server: 'socks5://[::1]:1080', bypass: '<local>, *.intranet.example' });
    // A server without a mode means that proxy.
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, { ProxyServer: 'proxy.example.org:3128' }, false).proxy).toEqual({ mode: 'manual', server: 'proxy.example.org:3128', bypass: '' });
  });

  it('checks the bypass list in linear time and refuses what the preferences would refuse', async () => {
    const logger = recordingLogger();
    const started = Date.now();
    const { policy, ignored } = await resolvePolicy([recordedPolicySource('machine', { ProxyBypass: `${'*a,'.repeat(600)}!`, ProxyServer: '-.-:80' })], logger);
    expect(Date.now() - started).toBeLessThan(500);
    expect(policy).toEqual({});
    expect(ignored.map((entry) => entry.key)).toEqual(['ProxyBypass', 'ProxyServer']);
    // What the preferences accept, the policy accepts too (an IPv6 literal).
    expect((await resolvePolicy([recordedPolicySource('machine', { ProxyServer: 'socks5://[::1]:1080' })], logger)).policy).toEqual({ ProxyServer: 'socks5://[::1]:1080' });
  });
});

describe('locked preferences', () => {
  it('maps each policy to the preference it fixes, and DefaultLanguage to none', () => {
    expect(lockedPreferences({})).toEqual({});
    expect(lockedPreferences({ ShowMessagePreviews: true })).toEqual({ showMessagePreviews: true });
    expect(lockedPreferences({ ProxyMode: 'system' })).toEqual({ proxy: true });
    expect(lockedPreferences({ ProxyServer: 'proxy.example.org:3128' })).toEqual({ proxy: true });
    expect(lockedPreferences({ ProxyBypass: 'localhost' })).toEqual({ proxy: true });
    expect(lockedPreferences({ DefaultLanguage: 'de', DisableAutoUpdate: true, AllowedHomeservers: ['matrix.example.org'] })).toEqual({});
    expect(isLocked({ DefaultLanguage: 'de' }, 'language')).toBe(false);
    expect(isLocked({ ShowMessagePreviews: false }, 'showMessagePreviews')).toBe(true);
    expect(isLocked({ ShowMessagePreviews: false }, 'proxy')).toBe(false);
  });

  it('applies DefaultLanguage only while the user has never chosen a language', () => {
    const policy: Policy = { DefaultLanguage: 'de' };
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, policy, false).language).toBe('de');
    // The user chose "system" themselves: their choice stands.
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, policy, true).language).toBe('system');
    expect(applyPolicyToPreferences({ ...DEFAULT_PREFERENCES, language: 'fr' }, policy, true).language).toBe('fr');
    expect(applyPolicyToPreferences({ ...DEFAULT_PREFERENCES, language: 'fr' }, policy, false).language).toBe('fr');
    // Nothing else changes.
    expect(applyPolicyToPreferences(DEFAULT_PREFERENCES, policy, false)).toEqual({ ...DEFAULT_PREFERENCES, language: 'de' });
  });
});

describe('homeserverAllowed', () => {
  const policy: Policy = { AllowedHomeservers: ['matrix.example.org', 'Chat.Example.org:8448', 'kiosk.example.org'] };

  it('allows every server when the list is unset or empty', () => {
    expect(homeserverAllowed({}, 'anything.example')).toBe(true);
    expect(homeserverAllowed({ AllowedHomeservers: [] }, 'anything.example')).toBe(true);
  });

  it.each([
    ['matrix.example.org', true],
    ['MATRIX.Example.ORG', true],
    [' matrix.example.org ', true],
    ['chat.example.org:8448', true],
    ['CHAT.example.org:8448', true],
    // A port is part of the server name.
    ['matrix.example.org:8448', false],
    ['chat.example.org', false],
    ['chat.example.org:443', false],
    // No suffix, prefix or substring matching.
    ['evil-matrix.example.org', false],
    ['matrix.example.org.evil.example', false],
    ['sub.matrix.example.org', false],
    ['example.org', false],
    ['matrix.example.or', false],
    // Not a plain server name.
    ['https://matrix.example.org', false],
    ['matrix.example.org/', false],
    ['user@matrix.example.org', false],
    ['matrix.example.org.', false],
    ['', false],
    // Look-alikes that Unicode case folding would turn into an allowed name.
    ['kiosk.example.org', true],
    ['\u212Aiosk.example.org', false],
    ['mаtrix.example.org', false],
  ])('%j → %s', (serverName, expected) => {
    expect(homeserverAllowed(policy, serverName)).toBe(expected);
  });
});
