import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLocked, lockedPreferences, resolvePolicy } from '../../../src/main/core/policy/policy.ts';
import {
  MAC_BUNDLE_ID,
  macManagedPreferences,
  policySourcesFor,
  windowsRegistryPolicy,
  type CommandOutput,
  type PlistReader,
  type RegistryQuery,
} from '../../../src/main/core/policy/policy-sources.ts';
import type { Logger } from '../../../src/main/core/ports.ts';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

/** reg.exe's output as it arrives on Windows: CRLF line ends, a blank line first, four spaces between the columns. */
const crlf = (...lines: string[]): string => lines.join('\r\n');

/** `reg query "HKLM\SOFTWARE\Policies\Plenum"` on a machine with Plenum's ADMX applied, plus some strays. */
const MACHINE_OUTPUT = crlf(
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Plenum',
  '    HomeserverUrl    REG_SZ    https://matrix.example.org',
  '    AllowedHomeservers    REG_MULTI_SZ    matrix.example.org\\0chat.example.org:8448',
  '    ShowMessagePreviews    REG_DWORD    0x0',
  '    ForceSso    REG_DWORD    0x1',
  '    MaxUploadSizeMb    REG_DWORD    0x64',
  '    DisableAutoUpdate    REG_QWORD    0x1',
  '    ForceEncryptionForNewRooms    REG_BINARY    01000000',
  '    LegacyHomeserver    REG_SZ    https://old.example.org',
  '    ProxyBypass    REG_SZ    localhost, *.intranet.example, <local>',
  '    UpdateUrl    REG_SZ    ',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Plenum\\Recommended',
  '',
);

/** The same query under HKCU: a user policy, some of it shadowed by the machine's. */
const USER_OUTPUT = crlf(
  '',
  'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Plenum',
  '    HomeserverUrl    REG_SZ    https://user.example.org',
  '    ShowMessagePreviews    REG_DWORD    0x1',
  '    ProxyMode    REG_SZ    direct',
  '    DisablePasswordLogin    REG_SZ    yes',
  '    DefaultLanguage    REG_EXPAND_SZ    de',
  '',
);

/** reg.exe for a key that does not exist: the error goes to stderr, stdout stays empty, exit code 1. */
const NOT_FOUND: CommandOutput = { exitCode: 1, stdout: '' };

function fakeRegistry(outputs: Readonly<Record<string, CommandOutput | Error>>): RegistryQuery & { asked: string[] } {
  const asked: string[] = [];
  const run = async (key: string): Promise<CommandOutput> => {
    asked.push(key);
    const output = outputs[key] ?? NOT_FOUND;
    if (output instanceof Error) throw output;
    return output;
  };
  return Object.assign(run, { asked });
}

const failure = (fields: object): Error => Object.assign(new Error('Command failed'), fields);

describe('windowsRegistryPolicy', () => {
  it('queries the hive\'s SOFTWARE\\Policies\\Plenum and names itself after the hive', async () => {
    const registry = fakeRegistry({});
    const logger = recordingLogger();
    const machine = windowsRegistryPolicy('HKLM', logger, registry);
    const user = windowsRegistryPolicy('HKCU', logger, registry);
    expect([machine.name, user.name]).toEqual(['windows-registry-machine', 'windows-registry-user']);
    await machine.read();
    await user.read();
    expect(registry.asked).toEqual(['HKLM\\SOFTWARE\\Policies\\Plenum', 'HKCU\\SOFTWARE\\Policies\\Plenum']);
  });

  it('reads each registry type as the schema check expects it, and only policy keys', async () => {
    const logger = recordingLogger();
    const source = windowsRegistryPolicy('HKLM', logger, fakeRegistry({ 'HKLM\\SOFTWARE\\Policies\\Plenum': { exitCode: 0, stdout: MACHINE_OUTPUT } }));
    expect(await source.read()).toEqual({
      HomeserverUrl: 'https://matrix.example.org',
      AllowedHomeservers: 'matrix.example.org\nchat.example.org:8448',
      ShowMessagePreviews: 0,
      ForceSso: 1,
      MaxUploadSizeMb: 100,
      DisableAutoUpdate: 1,
      ProxyBypass: 'localhost, *.intranet.example, <local>',
      UpdateUrl: '',
    });
    // The REG_BINARY policy is skipped with one warning naming key and type (never the data); the
    // unknown value and the subkey say nothing.
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('"key":"ForceEncryptionForNewRooms"');
    expect(logger.lines[0]).toContain('"type":"REG_BINARY"');
    expect(logger.lines[0]).not.toContain('01000000');
  });

  it('reads value names without regard to case, DWORDs unsigned, QWORDs, %VARS% unexpanded and an empty value without its separator', async () => {
    const stdout = crlf(
      '',
      'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Plenum',
      '    homeserverurl    REG_SZ    https://matrix.example.org',
      '    MaxUploadSizeMb    REG_DWORD    0xffffffff',
      '    ForceSso    REG_QWORD    0x0000000000000001',
      '    ProxyServer    REG_EXPAND_SZ    %PROXY%:3128',
      '    AllowedHomeservers    REG_MULTI_SZ',
      '    DefaultLanguage    REG_DWORD_BIG_ENDIAN    0x00000001',
      '    ShowMessagePreviews    REG_NONE    ',
      '',
    );
    const logger = recordingLogger();
    const source = windowsRegistryPolicy('HKCU', logger, async () => ({ exitCode: 0, stdout }));
    expect(await source.read()).toEqual({
      HomeserverUrl: 'https://matrix.example.org',
      MaxUploadSizeMb: 4294967295,
      ForceSso: 1,
      ProxyServer: '%PROXY%:3128',
      AllowedHomeservers: '',
    });
    expect(logger.lines).toEqual([expect.stringContaining('"type":"REG_DWORD_BIG_ENDIAN"'), expect.stringContaining('"type":"REG_NONE"')]);
  });

  it('reads no policy, silently, when the key does not exist (exit code 1)', async () => {
    const logger = recordingLogger();
    expect(await windowsRegistryPolicy('HKLM', logger, fakeRegistry({})).read()).toEqual({});
    expect(logger.lines).toEqual([]);
  });

  it.each([
    ['reg.exe could not start', failure({ code: 'ENOENT' }), 'ENOENT'],
    ['the query timed out', failure({ code: null, killed: true, signal: 'SIGTERM' }), 'timeout'],
    ['the output was too large', failure({ code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', killed: true }), 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'],
    ['the command was not found (exit code 9009)', { exitCode: 9009, stdout: '' }, 9009],
    ['reg.exe failed (exit code 1) after printing values', { exitCode: 1, stdout: MACHINE_OUTPUT }, 1],
  ])('reads no policy, with one warning and no throw, when %s', async (_label, outcome, code) => {
    const logger = recordingLogger();
    const source = windowsRegistryPolicy('HKLM', logger, fakeRegistry({ 'HKLM\\SOFTWARE\\Policies\\Plenum': outcome }));
    expect(await source.read()).toEqual({});
    expect(logger.lines).toEqual([`warn Windows registry policy unreadable; no policy from it ${JSON.stringify({ source: 'windows-registry-machine', code })}`]);
  });

  it('machine (HKLM) wins over user (HKCU) key by key, locks the preference, and reports invalid values', async () => {
    const logger = recordingLogger();
    const registry = fakeRegistry({
      'HKLM\\SOFTWARE\\Policies\\Plenum': { exitCode: 0, stdout: MACHINE_OUTPUT },
      'HKCU\\SOFTWARE\\Policies\\Plenum': { exitCode: 0, stdout: USER_OUTPUT },
    });
    const { policy, ignored } = await resolvePolicy([windowsRegistryPolicy('HKLM', logger, registry), windowsRegistryPolicy('HKCU', logger, registry)], logger);
    expect(policy).toEqual({
      HomeserverUrl: 'https://matrix.example.org',
      AllowedHomeservers: ['matrix.example.org', 'chat.example.org:8448'],
      ShowMessagePreviews: false,
      ForceSso: true,
      MaxUploadSizeMb: 100,
      DisableAutoUpdate: true,
      ProxyBypass: 'localhost, *.intranet.example, <local>',
      ProxyMode: 'direct',
      DefaultLanguage: 'de',
    });
    expect(ignored).toEqual([
      { key: 'UpdateUrl', source: 'windows-registry-machine', reason: 'invalid-value' },
      { key: 'DisablePasswordLogin', source: 'windows-registry-user', reason: 'invalid-value' },
    ]);
    // The machine's "off" stands although the user's policy says "on", and the user cannot change it.
    expect(isLocked(policy, 'showMessagePreviews')).toBe(true);
    expect(lockedPreferences(policy)).toEqual({ showMessagePreviews: true, proxy: true });
    expect(logger.lines.join('\n')).not.toMatch(/user\.example\.org|"yes"/);
  });
});

/** What `plutil -convert json -o - <file>` prints for the managed preferences of a device profile. */
const DEVICE_JSON = JSON.stringify({
  HomeserverUrl: 'https://matrix.example.org',
  AllowedHomeservers: ['matrix.example.org', 'chat.example.org'],
  ShowMessagePreviews: false,
  MaxUploadSizeMb: 50,
  PayloadUUID: 'D47B34DF-D3E9-5FFF-98D9-0D9B910DDC96',
});
const USER_JSON = JSON.stringify({ ShowMessagePreviews: true, MaxUploadSizeMb: 500, ProxyMode: 'direct', ForceSso: 'true' });

const DEVICE_PATH = '/Library/Managed Preferences/eu.plenum.desktop.plist';
const userPath = (user: string): string => `/Library/Managed Preferences/${user}/eu.plenum.desktop.plist`;

function fakePlists(files: Readonly<Record<string, CommandOutput | Error>>): PlistReader & { asked: string[] } {
  const asked: string[] = [];
  const read = async (path: string): Promise<CommandOutput | 'missing'> => {
    asked.push(path);
    const file = files[path];
    if (file instanceof Error) throw file;
    return file ?? 'missing';
  };
  return Object.assign(read, { asked });
}

describe('macManagedPreferences', () => {
  it('uses electron-builder.yml\'s appId as the bundle id', () => {
    expect(readFileSync('electron-builder.yml', 'utf8')).toMatch(new RegExp(`^appId: ${MAC_BUNDLE_ID.replaceAll('.', '\\.')}$`, 'm'));
  });

  it('reads the device file and the user\'s own file (by default the user Plenum runs as)', async () => {
    const logger = recordingLogger();
    const plists = fakePlists({});
    const device = macManagedPreferences('device', logger, { readPlist: plists });
    const user = macManagedPreferences('user', logger, { readPlist: plists, userName: 'alice' });
    const self = macManagedPreferences('user', logger, { readPlist: plists });
    const other = macManagedPreferences('device', logger, { readPlist: plists, bundleId: 'org.example.other' });
    expect([device.name, user.name]).toEqual(['macos-managed-device', 'macos-managed-user']);
    for (const source of [device, user, self, other]) expect(await source.read()).toEqual({});
    expect(plists.asked).toEqual([DEVICE_PATH, userPath('alice'), userPath(userInfo().username), '/Library/Managed Preferences/org.example.other.plist']);
    // No file is no profile: nothing to say.
    expect(logger.lines).toEqual([]);
  });

  it('takes the plist\'s values as they are (arrays stay arrays), policy keys only', async () => {
    const logger = recordingLogger();
    const source = macManagedPreferences('device', logger, { readPlist: fakePlists({ [DEVICE_PATH]: { exitCode: 0, stdout: DEVICE_JSON } }) });
    expect(await source.read()).toEqual({
      HomeserverUrl: 'https://matrix.example.org',
      AllowedHomeservers: ['matrix.example.org', 'chat.example.org'],
      ShowMessagePreviews: false,
      MaxUploadSizeMb: 50,
    });
    expect(logger.lines).toEqual([]);
  });

  it('device wins over user key by key, locks the preference, and reports invalid values', async () => {
    const logger = recordingLogger();
    const plists = fakePlists({ [DEVICE_PATH]: { exitCode: 0, stdout: DEVICE_JSON }, [userPath('alice')]: { exitCode: 0, stdout: USER_JSON } });
    const sources = [macManagedPreferences('device', logger, { readPlist: plists }), macManagedPreferences('user', logger, { readPlist: plists, userName: 'alice' })];
    const { policy, ignored } = await resolvePolicy(sources, logger);
    expect(policy).toEqual({
      HomeserverUrl: 'https://matrix.example.org',
      AllowedHomeservers: ['matrix.example.org', 'chat.example.org'],
      ShowMessagePreviews: false,
      MaxUploadSizeMb: 50,
      ProxyMode: 'direct',
    });
    // The user's 500 is shadowed by the device's 50, so it is neither checked nor reported.
    expect(ignored).toEqual([{ key: 'ForceSso', source: 'macos-managed-user', reason: 'invalid-value' }]);
    expect(lockedPreferences(policy)).toEqual({ showMessagePreviews: true, proxy: true });
  });

  it.each([
    ['plutil fails (exit code 1)', { exitCode: 1, stdout: '' }, 'unreadable'],
    ['plutil cannot run', failure({ code: 'ENOENT' }), 'unreadable'],
    ['plutil times out', failure({ code: null, killed: true, signal: 'SIGTERM' }), 'unreadable'],
    ['the output is an array', { exitCode: 0, stdout: '["ShowMessagePreviews"]' }, 'not a dictionary'],
    ['the output is a string', { exitCode: 0, stdout: '"ShowMessagePreviews"' }, 'not a dictionary'],
    ['the output is not JSON', { exitCode: 0, stdout: '<?xml version="1.0"?>' }, 'not a dictionary'],
  ])('reads no policy, with one warning and no throw, when %s', async (_label, outcome, warning) => {
    const logger = recordingLogger();
    const source = macManagedPreferences('user', logger, { userName: 'alice', readPlist: fakePlists({ [userPath('alice')]: outcome }) });
    expect(await source.read()).toEqual({});
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain(warning);
    expect(logger.lines[0]).toContain('"source":"macos-managed-user"');
  });

  it('reads nothing for a user name that would leave the directory', async () => {
    const logger = recordingLogger();
    const plists = fakePlists({});
    expect(await macManagedPreferences('user', logger, { userName: '../x', readPlist: plists }).read()).toEqual({});
    expect(plists.asked).toEqual([]);
    expect(logger.lines).toEqual([expect.stringContaining('unreadable')]);
  });
});

describe('policySourcesFor', () => {
  const spies = () => {
    const registry = fakeRegistry({});
    const plist = fakePlists({});
    const files: string[] = [];
    const file = { read: async (path: string) => (files.push(path), new TextEncoder().encode('{"ForceSso": true}')) };
    return { registry, plist, file, files };
  };

  it('Linux: the policy file only; neither reg.exe nor plutil is run', async () => {
    const readers = spies();
    const logger = recordingLogger();
    const sources = policySourcesFor('linux', logger, readers);
    expect(sources.map((source) => source.name)).toEqual(['linux-file']);
    expect((await resolvePolicy(sources, logger)).policy).toEqual({ ForceSso: true });
    expect(readers.files).toEqual(['/etc/plenum/policy.json']);
    expect(readers.registry.asked).toEqual([]);
    expect(readers.plist.asked).toEqual([]);
    // With the real readers too: only the file source exists, so execRegistryQuery and execPlistToJson cannot be reached.
    expect(policySourcesFor('linux', logger).map((source) => source.name)).toEqual(['linux-file']);
  });

  it('Windows: HKLM before HKCU; macOS: device before user; other platforms: none', async () => {
    const readers = spies();
    const logger = recordingLogger();
    const windows = policySourcesFor('win32', logger, readers);
    expect(windows.map((source) => source.name)).toEqual(['windows-registry-machine', 'windows-registry-user']);
    await resolvePolicy(windows, logger);
    expect(readers.registry.asked).toEqual(['HKLM\\SOFTWARE\\Policies\\Plenum', 'HKCU\\SOFTWARE\\Policies\\Plenum']);

    const mac = policySourcesFor('darwin', logger, readers);
    expect(mac.map((source) => source.name)).toEqual(['macos-managed-device', 'macos-managed-user']);
    await resolvePolicy(mac, logger);
    expect(readers.plist.asked).toEqual([DEVICE_PATH, userPath(userInfo().username)]);
    expect(readers.files).toEqual([]);
    expect(policySourcesFor('freebsd', logger, readers)).toEqual([]);
    expect(logger.lines).toEqual([]);
  });
});
