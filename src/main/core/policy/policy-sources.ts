import { open } from 'node:fs/promises';
import { POLICIES, type PolicyDefinition } from '../../../shared/policy/policy-schema.ts';
import type { Logger } from '../ports.ts';

/**
 * Where managed policy comes from. A source only reads raw values by policy key (a missing key is
 * "not set"); checking them against the schema and choosing between sources is resolvePolicy's job,
 * so every platform's reader is checked the same way.
 */
export interface PolicySource {
  /** Names the source in warnings and in `ignored` (e.g. "linux-file", "windows-registry"). */
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

/**
 * The shape of `@vscode/policy-watcher` (checked against its index.d.ts and native source, v1.3.x),
 * which reads the Windows registry and macOS managed preferences in the Electron app; it is a native
 * module and cannot run here, so the app passes the real module and tests a fake. What it does:
 * - Windows: reads `Software\Policies\Microsoft\<productName>`, HKLM first and HKCU only where HKLM
 *   has no value (the machine-over-user precedence happens inside it). `boolean` reads REG_DWORD
 *   (any non-zero is true), `number` reads REG_QWORD only, `string` reads REG_SZ and REG_MULTI_SZ
 *   (lines joined with "\n").
 * - macOS: reads the preferences domain `<productName>` (the bundle id), CFBoolean/CFNumber/CFString;
 *   a plist array is not read, so lists are given as one comma- or line-separated string.
 * - Linux: `createWatcher` throws (unsupported platform).
 * `onDidChange` first fires shortly after `createWatcher` with every set policy, then whenever one
 * changes; a removed policy arrives as undefined. `boolean` exists since 1.3.0.
 */
export type WatchedPolicyType = 'string' | 'number' | 'boolean';
export interface PolicyWatcherLike {
  createWatcher(
    productName: string,
    policies: Readonly<Record<string, { readonly type: WatchedPolicyType }>>,
    onDidChange: (update: Readonly<Record<string, string | number | boolean | undefined>>) => void,
  ): { dispose(): void };
}

/** How each schema type is asked for, so the library reads the registry type Group Policy writes. */
function watchedType(definition: PolicyDefinition): WatchedPolicyType {
  switch (definition.type.kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'number';
    default:
      return 'string';
  }
}

/**
 * A value as the schema's check expects it: a registry DWORD 0/1 stays a number (checkPolicyValue
 * takes it as a boolean), a number written as text (REG_SZ, a plist string) becomes a number, and
 * text for a list stays text (the check splits it). Anything else is passed on and fails its check.
 */
export function fromWatchedValue(definition: PolicyDefinition, value: string | number | boolean): unknown {
  if (definition.type.kind === 'integer' && typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value)) return Number(value);
  if (definition.type.kind === 'boolean' && typeof value === 'string' && /^\s*[01]\s*$/.test(value)) return Number(value);
  return value;
}

export interface PolicyWatcherOptions {
  /** Windows: "Plenum" (read under Software\\Policies\\Microsoft\\Plenum); macOS: the bundle id, eu.plenum.desktop. */
  readonly productName: string;
  readonly logger: Logger;
  readonly name?: string;
  /** How long `read` waits for the first answer before it treats policy as not set (the answer still arrives via onChange). */
  readonly firstAnswerMs?: number;
  /** A policy changed while Plenum runs: read again and re-resolve. */
  readonly onChange?: () => void;
}

export function policyWatcherSource(watcher: PolicyWatcherLike, options: PolicyWatcherOptions): PolicySource & { dispose(): void } {
  const name = options.name ?? 'os-policy';
  const definitions = new Map<string, PolicyDefinition>(POLICIES.map((definition) => [definition.key, definition]));
  const current = new Map<string, unknown>();
  let answeredOnce = false;
  // A read that gave up waiting returned "not set": the late first answer must reach the caller too.
  let readGaveUp = false;
  let resolveFirst: () => void = () => undefined;
  const firstAnswer = new Promise<void>((resolve) => (resolveFirst = resolve));
  let handle: { dispose(): void } | null = null;
  try {
    const wanted = Object.fromEntries(POLICIES.map((definition) => [definition.key, { type: watchedType(definition) }]));
    handle = watcher.createWatcher(options.productName, wanted, (update) => {
      for (const [key, value] of Object.entries(update)) {
        const definition = definitions.get(key);
        if (!definition) continue; // only the keys asked for are policy
        if (value === undefined) current.delete(key);
        else current.set(key, fromWatchedValue(definition, value));
      }
      const first = !answeredOnce;
      answeredOnce = true;
      resolveFirst();
      if (!first || readGaveUp) options.onChange?.();
    });
  } catch (error) {
    // The library throws on Linux by design (use linuxPolicyFile there); anywhere else it means no OS
    // policy at all, which IT must be able to find in the log.
    options.logger.warn('policy watcher unavailable; no policy from it', { source: name, reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
  }
  return {
    name,
    async read() {
      if (handle === null) return {};
      if (!answeredOnce) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.firstAnswerMs ?? 3000)));
        await Promise.race([firstAnswer, timedOut]);
        clearTimeout(timer);
        if (!answeredOnce && !readGaveUp) {
          readGaveUp = true;
          options.logger.warn('policy watcher did not answer in time; no policy from it yet', { source: name });
        }
      }
      return Object.fromEntries(current);
    },
    dispose() {
      handle?.dispose();
      handle = null;
    },
  };
}
