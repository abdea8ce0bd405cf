import { execFile } from 'node:child_process';
import { access, open } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { posix, win32 } from 'node:path';
import { POLICIES } from '../../../shared/policy/policy-schema.ts';
import type { Logger } from '../ports.ts';

/**
 * Where managed policy comes from. A source only reads raw values by policy key (a missing key is
 * "not set"); checking them against the schema and choosing between sources is resolvePolicy's job,
 * so every platform's reader is checked the same way.
 */
export interface PolicySource {
  /** Names the source in warnings and in `ignored` (e.g. "linux-file", "windows-registry-machine"). */
  readonly name: string;
  read(): Promise<Readonly<Record<string, unknown>>>;
}

export const LINUX_POLICY_FILE = '/etc/plenum/policy.json';
/** Far beyond any honest policy file; a larger one is not read at all, so it cannot stall the start. */
export const MAX_POLICY_FILE_BYTES = 256 * 1024;

/** The file system as the Linux reader needs it; tests pass their own. */
export interface PolicyFileReader {
  /** The file's bytes, or null when it holds more than `maxBytes`. Rejects as node:fs does (`code` ENOENT, EACCES, EISDIR…). */
  read(path: string, maxBytes: number): Promise<Uint8Array | null>;
}

/** Reads at most one byte past the limit, so a huge file (or a device) is never loaded whole. */
export const nodePolicyFileReader: PolicyFileReader = {
  async read(path, maxBytes) {
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return length > maxBytes ? null : buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  },
};

/**
 * /etc/plenum/policy.json: one JSON object of policy keys. A missing file is the usual case (no
 * policy) and says nothing. Any other problem means no policy from the file plus one warning: a
 * broken file must never stop Plenum from starting, and IT finds the reason in the log.
 */
export function linuxPolicyFile(logger: Logger, path: string = LINUX_POLICY_FILE, fs: PolicyFileReader = nodePolicyFileReader): PolicySource {
  const name = 'linux-file';
  return {
    name,
    async read() {
      let bytes: Uint8Array | null;
      try {
        bytes = await fs.read(path, MAX_POLICY_FILE_BYTES);
      } catch (error) {
        const code = String((error as NodeJS.ErrnoException).code ?? 'unknown');
        if (code !== 'ENOENT') logger.warn('policy file unreadable; no policy from it', { source: name, path, code });
        return {};
      }
      if (bytes === null) {
        logger.warn('policy file too large; no policy from it', { source: name, path, maxBytes: MAX_POLICY_FILE_BYTES });
        return {};
      }
      let json: unknown;
      try {
        // fatal: bytes that are not UTF-8 are a corrupt file, not text with replacement characters.
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        logger.warn('policy file is not JSON; no policy from it', { source: name, path });
        return {};
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        logger.warn('policy file is not a JSON object; no policy from it', { source: name, path });
        return {};
      }
      return json as Record<string, unknown>;
    },
  };
}

/** Fixed values: for tests, and for values another reader has already fetched. */
export function recordedPolicySource(name: string, values: Readonly<Record<string, unknown>>): PolicySource {
  const copy = { ...values };
  return { name, read: async () => copy };
}

// ---------------------------------------------------------------------------------------------
// Windows and macOS. Both are read once, when Plenum starts (no watching: a changed policy applies
// after a restart), through a command the OS ships, so no native module is needed. Each command
// sits behind a small port, so tests pass recorded outputs instead of running it.
// ---------------------------------------------------------------------------------------------

/** The output of a command the readers run: its exit code and what it wrote to stdout (UTF-8). */
export interface CommandOutput {
  readonly exitCode: number;
  readonly stdout: string;
}

const COMMAND_TIMEOUT_MS = 10_000;
const COMMAND_MAX_BUFFER = 1024 * 1024;
const POLICY_KEYS: ReadonlySet<string> = new Set(POLICIES.map((definition) => definition.key));

/**
 * execFile with the readers' limits. Resolves with the exit code when the command ran to its end
 * (non-zero included); rejects when it could not start, was killed (timeout) or wrote too much.
 */
function runCommand(file: string, args: readonly string[], windowsVerbatimArguments = false): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', windowsHide: true, windowsVerbatimArguments, timeout: COMMAND_TIMEOUT_MS, maxBuffer: COMMAND_MAX_BUFFER },
      (error, stdout) => {
        if (error === null) resolve({ exitCode: 0, stdout });
        else if (typeof error.code === 'number' && error.killed !== true && !error.signal) resolve({ exitCode: error.code, stdout });
        else reject(error);
      },
    );
  });
}

/** What a warning says about a command that failed: its exit code, the error's code, or "timeout". */
function failureCode(error: unknown): string | number {
  const { code, killed, signal } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; killed?: unknown; signal?: unknown };
  if (typeof code === 'string') return code.slice(0, 60); // ENOENT, ERR_CHILD_PROCESS_STDIO_MAXBUFFER…
  if (killed === true || typeof signal === 'string') return 'timeout';
  if (typeof code === 'number') return code;
  return 'unknown';
}

/** Where Group Policy (our ADMX) and docs/deployment.md put Plenum's policies, under HKLM and HKCU. */
export const POLICY_REGISTRY_KEY = 'SOFTWARE\\Policies\\Plenum';

/** Runs `reg.exe query <key>` (key as `HKLM\...`) and gives its output. Rejects when reg.exe could not run to its end. */
export type RegistryQuery = (key: string) => Promise<CommandOutput>;

/**
 * The real RegistryQuery: reg.exe through cmd.exe, after `chcp 65001` so the output is UTF-8
 * rather than the console's OEM code page. The command line is built as Node builds it for
 * `shell: true` (`/d /s /c "<command>"`, verbatim): without verbatim arguments Node would escape
 * the inner quotes as `\"`, which cmd.exe does not understand.
 */
export const execRegistryQuery: RegistryQuery = (key) => {
  // Only our own constant keys come here; nothing that could end the quotes or chain a command.
  if (!/^HK(?:LM|CU)\\[A-Za-z0-9\\ _.-]+$/.test(key)) return Promise.reject(new Error('unexpected registry key'));
  const cmd = win32.join(process.env['SystemRoot'] ?? 'C:\\Windows', 'System32', 'cmd.exe');
  return runCommand(cmd, ['/d', '/s', '/c', `"chcp 65001 >nul && reg.exe query "${key}""`], true);
};

/** A REG_DWORD or REG_QWORD as reg.exe prints it: `0x` and up to 8 or 16 hex digits. */
const REGISTRY_HEX = { REG_DWORD: /^0x[0-9a-f]{1,8}$/i, REG_QWORD: /^0x[0-9a-f]{1,16}$/i } as const;
/** `    <name>    <type>    <data>`; the data (and its separator) may be missing when empty. */
const REGISTRY_VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

/**
 * A registry value as the schema's check expects it, or undefined for a type Plenum does not read.
 * Text stays text (REG_EXPAND_SZ unexpanded: no policy needs an environment variable); a
 * REG_MULTI_SZ, which reg.exe prints with a literal `\0` between the strings, becomes one string
 * with a line per entry (the check splits lists on newlines and commas); DWORD and QWORD become
 * numbers (a DWORD unsigned; a boolean policy accepts 0 and 1).
 */
function registryValue(type: string, data: string): unknown {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return data;
    case 'REG_MULTI_SZ':
      return data.split('\\0').join('\n');
    case 'REG_DWORD':
    case 'REG_QWORD':
      return REGISTRY_HEX[type].test(data) ? Number(BigInt(data)) : undefined;
    default:
      return undefined;
  }
}

/**
 * `reg.exe query "<HKLM|HKCU>\SOFTWARE\Policies\Plenum"`: machine policy (HKLM) or user policy
 * (HKCU), as Group Policy writes it from our ADMX. Only value names that are policy keys are taken
 * (matched as the registry matches names, ignoring case); any other value is not ours to judge and
 * is passed over silently. A policy value of a type Plenum does not read (REG_BINARY, REG_NONE…) is
 * skipped with a warning naming the key and type. A missing key is the usual case (no policy) and
 * says nothing; any other failure means no policy from this hive plus one warning, never a throw.
 */
export function windowsRegistryPolicy(hive: 'HKLM' | 'HKCU', logger: Logger, run: RegistryQuery = execRegistryQuery): PolicySource {
  const name = hive === 'HKLM' ? 'windows-registry-machine' : 'windows-registry-user';
  const byLowerName = new Map([...POLICY_KEYS].map((key) => [key.toLowerCase(), key]));
  return {
    name,
    async read() {
      let output: CommandOutput;
      try {
        output = await run(`${hive}\\${POLICY_REGISTRY_KEY}`);
      } catch (error) {
        logger.warn('Windows registry policy unreadable; no policy from it', { source: name, code: failureCode(error) });
        return {};
      }
      const lines = output.stdout.split(/\r?\n/);
      const valueLines: RegExpExecArray[] = [];
      let keyLines = 0;
      for (const line of lines) {
        if (line.startsWith('HKEY_')) keyLines += 1; // the queried key, then any subkeys (ignored)
        const match = keyLines <= 1 ? REGISTRY_VALUE_LINE.exec(line) : null;
        if (match) valueLines.push(match);
      }
      if (output.exitCode === 1 && valueLines.length === 0) return {}; // the key does not exist
      if (output.exitCode !== 0) {
        logger.warn('Windows registry policy unreadable; no policy from it', { source: name, code: output.exitCode });
        return {};
      }
      const values: Record<string, unknown> = {};
      for (const [, valueName = '', type = '', data = ''] of valueLines) {
        const key = byLowerName.get(valueName.toLowerCase());
        if (key === undefined || Object.hasOwn(values, key)) continue;
        const value = registryValue(type, data);
        if (value === undefined) {
          logger.warn('Windows registry policy value of a type Plenum does not read; ignored', { source: name, key, type: type.slice(0, 40) });
          continue;
        }
        values[key] = value;
      }
      return values;
    },
  };
}

/** electron-builder.yml's appId: the macOS bundle id, and so the managed-preferences domain. */
export const MAC_BUNDLE_ID = 'eu.plenum.desktop';
/** Where macOS puts what a configuration profile (MDM) sets: `<bundle id>.plist` for the device, `<user>/<bundle id>.plist` for a user. */
export const MAC_MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';

/** A plist file as JSON (`plutil -convert json`), or 'missing' when there is no such file. Rejects when plutil could not run to its end. */
export type PlistReader = (path: string) => Promise<CommandOutput | 'missing'>;

/** The real PlistReader: the file must exist, then /usr/bin/plutil converts it (binary or XML) to JSON on stdout. */
export const execPlistToJson: PlistReader = async (path) => {
  try {
    await access(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
  return runCommand('/usr/bin/plutil', ['-convert', 'json', '-o', '-', path]);
};

export interface MacManagedPreferencesOptions {
  /** The preferences domain; default MAC_BUNDLE_ID. */
  readonly bundleId?: string;
  /** The user whose managed preferences are read (scope 'user'); default the user Plenum runs as. */
  readonly userName?: string;
  readonly readPlist?: PlistReader;
}

/**
 * The managed preferences a configuration profile installs for the device or for the user (files
 * only root can write). The plist's values are taken as they are (true/false, integers, strings,
 * arrays of strings), for policy keys only: a profile's other keys are not ours to judge. No file
 * is the usual case (no profile) and says nothing; a file plutil cannot convert (one holding a
 * <date> or <data> value, for instance) or that is not a dictionary means no policy from it plus
 * one warning, never a throw.
 */
export function macManagedPreferences(scope: 'device' | 'user', logger: Logger, options: MacManagedPreferencesOptions = {}): PolicySource {
  const name = scope === 'device' ? 'macos-managed-device' : 'macos-managed-user';
  const bundleId = options.bundleId ?? MAC_BUNDLE_ID;
  const readPlist = options.readPlist ?? execPlistToJson;
  return {
    name,
    async read() {
      let output: CommandOutput | 'missing';
      try {
        const file = `${bundleId}.plist`;
        let path = posix.join(MAC_MANAGED_PREFERENCES_DIR, file);
        if (scope === 'user') {
          const user = options.userName ?? userInfo().username;
          if (user === '' || user === '.' || user === '..' || user.includes('/')) throw Object.assign(new Error('unusable user name'), { code: 'EUSERNAME' });
          path = posix.join(MAC_MANAGED_PREFERENCES_DIR, user, file);
        }
        output = await readPlist(path);
      } catch (error) {
        logger.warn('macOS managed preferences unreadable; no policy from them', { source: name, code: failureCode(error) });
        return {};
      }
      if (output === 'missing') return {};
      if (output.exitCode !== 0) {
        logger.warn('macOS managed preferences unreadable; no policy from them', { source: name, code: output.exitCode });
        return {};
      }
      let json: unknown;
      try {
        json = JSON.parse(output.stdout);
      } catch {
        json = undefined;
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        logger.warn('macOS managed preferences are not a dictionary; no policy from them', { source: name });
        return {};
      }
      return Object.fromEntries(Object.entries(json).filter(([key]) => POLICY_KEYS.has(key)));
    },
  };
}

/** The readers the OS policy sources use; tests pass their own. */
export interface OsPolicyReaders {
  readonly registry?: RegistryQuery;
  readonly plist?: PlistReader;
  readonly file?: PolicyFileReader;
}

/**
 * The policy sources of a platform, highest precedence first (resolvePolicy takes, per key, the
 * first source that sets a valid value): machine before user. Only the platform's own readers are
 * created, and none runs anything until it is read.
 */
export function policySourcesFor(platform: NodeJS.Platform, logger: Logger, readers: OsPolicyReaders = {}): PolicySource[] {
  switch (platform) {
    case 'win32':
      return [windowsRegistryPolicy('HKLM', logger, readers.registry), windowsRegistryPolicy('HKCU', logger, readers.registry)];
    case 'darwin':
      return [macManagedPreferences('device', logger, { readPlist: readers.plist }), macManagedPreferences('user', logger, { readPlist: readers.plist })];
    case 'linux':
      return [linuxPolicyFile(logger, LINUX_POLICY_FILE, readers.file)];
    default:
      return [];
  }
}
