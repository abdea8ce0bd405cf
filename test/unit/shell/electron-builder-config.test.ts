/**
 * Packaging can't run on this machine (electron-builder downloads Electron and platform tools), so
 * the configuration is checked statically: against electron-builder's own JSON schema, for the
 * security-relevant settings (fuses, packaged files, entitlements, no credentials), for the install
 * modes IT relies on (MSI per machine, NSIS per user), and the CI workflow that builds the
 * installers is checked for what it must and must not do.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface TargetSpecific {
  readonly maintainer?: string;
  readonly vendor?: string;
  readonly depends?: readonly string[];
}

interface BuilderConfig {
  readonly appId: string;
  readonly productName: string;
  readonly icon: string;
  readonly files: readonly string[];
  readonly asar: unknown;
  readonly asarUnpack: readonly string[];
  readonly disableAsarIntegrity?: unknown;
  readonly electronFuses: Readonly<Record<string, unknown>>;
  readonly directories: { readonly output: string; readonly buildResources: string };
  readonly extraResources: readonly { readonly from: string; readonly to: string; readonly filter?: readonly string[] }[];
  readonly protocols: readonly { readonly schemes: readonly string[] }[];
  readonly linux: TargetSpecific & {
    readonly target: readonly string[];
    readonly category: string;
    readonly icon: string;
    readonly desktop?: { readonly entry?: Readonly<Record<string, string>> };
  };
  readonly deb?: TargetSpecific;
  readonly rpm?: TargetSpecific;
  readonly win: { readonly target: readonly string[] };
  readonly msi: {
    readonly perMachine?: boolean;
    readonly oneClick?: boolean;
    readonly runAfterFinish?: boolean;
    readonly upgradeCode?: string;
  };
  readonly nsis: {
    readonly perMachine?: boolean;
    readonly oneClick?: boolean;
    readonly allowElevation?: boolean;
    readonly runAfterFinish?: boolean;
    readonly packElevateHelper?: boolean;
    readonly selectPerMachineByDefault?: boolean;
    readonly allowToChangeInstallationDirectory?: boolean;
  };
  readonly mac: {
    readonly target: readonly string[];
    readonly hardenedRuntime: boolean;
    readonly notarize?: unknown;
    readonly entitlements: string;
    readonly entitlementsInherit: string;
  };
}

const configText = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = parse(configText) as BuilderConfig;
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
};
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { readonly description: string };

/** The safe setting of every fuse Plenum knows about; a fuse missing here fails the test until decided. */
const SAFE_FUSES: Readonly<Record<string, boolean>> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

/** electron-builder's file selection: patterns in order, a later `!pattern` removes what matched before. */
function isPackaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (path.matchesGlob(file, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

/** RFC 4122 version-5 UUID, upper case, as electron-builder computes the MSI's default upgrade code. */
function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

/** Every [key, value] pair anywhere in a parsed YAML document, depth first. */
function* entries(value: unknown, trail = ''): Generator<readonly [key: string, value: unknown, trail: string]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* entries(item, `${trail}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield [key, item, `${trail}.${key}`];
      yield* entries(item, `${trail}.${key}`);
    }
  }
}

/** The plist parser electron-builder itself uses, and the XML parser under it. */
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const plist = builderRequire('plist') as { parse(xml: string): unknown };
const { DOMParser } = createRequire(builderRequire.resolve('plist'))('@xmldom/xmldom') as {
  DOMParser: new (options: { errorHandler: Record<'warning' | 'error' | 'fatalError', (message: string) => void> }) => {
    parseFromString(xml: string, mimeType: string): unknown;
  };
};

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('sets every fuse electron-builder and @electron/fuses know, explicitly and safely', async () => {
    const builderFuses = Object.keys(schema.definitions.FuseOptionsV1?.properties ?? {}).filter(
      // Not a fuse: a macOS signing step electron-builder runs after flipping them.
      (key) => key !== 'resetAdHocDarwinSignature',
    );
    const { FuseV1Options } = (await import('@electron/fuses')) as { FuseV1Options: Record<string, string | number> };
    const libraryFuses = Object.keys(FuseV1Options)
      .filter((key) => Number.isNaN(Number(key)))
      .map((key) => key.charAt(0).toLowerCase() + key.slice(1));

    expect(builderFuses.length).toBeGreaterThanOrEqual(8);
    // If @electron/fuses gains a fuse that electron-builder can't set yet, we want to know.
    expect(new Set(libraryFuses)).toEqual(new Set(builderFuses));
    expect(Object.keys(SAFE_FUSES).sort()).toEqual([...builderFuses].sort());
    for (const fuse of builderFuses) {
      expect(config.electronFuses[fuse], fuse).toBe(SAFE_FUSES[fuse]);
    }
  });

  it('packages only the built app, never the harness, sources, tests or source maps', () => {
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js']) {
      expect(isPackaged(file), file).toBe(true);
    }
    for (const file of [
      'out/harness/server.js',
      'out/harness/renderer/index.html',
      'out/harness/renderer/assets/ws-bridge-N3An6uwT.js',
      'out/main/index.js.map',
      'src/main/index.ts',
      'src/harness/main.ts',
      'test/unit/shell/csp.test.ts',
      'scripts/start.mjs',
      'electron-builder.yml',
      '.git/config',
      'node_modules/.bin/vite',
    ]) {
      expect(isPackaged(file), file).toBe(false);
    }
    expect(config.files).toContain('!out/harness{,/**}');
  });

  it('ships in an integrity-checked asar with native modules unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.disableAsarIntegrity).not.toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('builds every installer institutions deploy', () => {
    expect(config.appId).toBe('eu.plenum.desktop');
    expect(config.win.target).toEqual(expect.arrayContaining(['msi', 'nsis']));
    expect(config.mac.target).toEqual(expect.arrayContaining(['dmg', 'pkg']));
    expect(config.linux.target).toEqual(expect.arrayContaining(['deb', 'rpm', 'AppImage']));
  });

  it('builds the MSI per machine, silent-capable, with a fixed upgrade code', () => {
    expect(config.msi).toMatchObject({ perMachine: true, oneClick: false, runAfterFinish: false });
    const { upgradeCode } = config.msi;
    expect(upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    // The code electron-builder derived from the app ID while none was set, so MSIs built before it
    // was fixed are upgraded in place by later ones rather than installed beside them.
    expect(upgradeCode).toBe(uuidV5('eu.plenum.desktop', 'd752fe43-5d44-44d5-9fc9-6dd1bf19d5cc'));
  });

  it('builds the NSIS installer per user, never asking for elevation', () => {
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, runAfterFinish: false });
    // One-click: the assisted installer would offer an "all users" choice that needs elevation.
    expect(config.nsis.oneClick).not.toBe(false);
    expect(config.nsis.selectPerMachineByDefault).not.toBe(true);
    expect(config.nsis.packElevateHelper).toBe(false);
    // electron-builder refuses this option for one-click installers.
    expect(config.nsis.allowToChangeInstallationDirectory).not.toBe(true);
  });

  it('holds no signing identity, certificate, password or Apple credential', () => {
    const lines = configText.split('\n');
    for (const [i, line] of lines.entries()) {
      expect(line, `electron-builder.yml line ${i + 1}`).not.toMatch(/CSC_|APPLE_|password/i);
      expect(line, `electron-builder.yml line ${i + 1}`).not.toMatch(/^\s*identity:(?!\s*(null|~)?\s*(#.*)?$)/);
    }
    for (const [key, value, trail] of entries(config)) {
      expect(key, trail).not.toMatch(/^(csc|keychain|provisioningProfile|appleId|teamId)/i);
      if (key === 'identity') expect(value, trail).toBeNull();
    }
    // Notarisation is switched on by the installers workflow, and only when credentials exist.
    expect(config.mac.notarize).toBe(false);
  });

  it('signs macOS builds with the hardened runtime and only the JIT exception, in a valid plist', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plistFile = path.join(root, file);
      expect(existsSync(plistFile), file).toBe(true);
      const xml = readFileSync(plistFile, 'utf8');
      expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1\.0\/\/EN"/);
      const problems: string[] = [];
      const report = (message: string) => problems.push(message);
      new DOMParser({ errorHandler: { warning: report, error: report, fatalError: report } }).parseFromString(xml, 'text/xml');
      expect(problems, `${file} is not well-formed XML`).toEqual([]);
      expect(plist.parse(xml), file).toEqual({ 'com.apple.security.cs.allow-jit': true });
      const keys = [...xml.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
      expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  it('registers matrix: links, and the Linux menu entry says what electron-builder writes', () => {
    const schemes = config.protocols.flatMap((p) => p.schemes);
    expect(schemes).toContain('matrix');
    const entry = config.linux.desktop?.entry ?? {};
    expect(Object.keys(entry).sort()).toEqual(['Categories', 'Comment', 'MimeType', 'Name', 'StartupWMClass']);
    expect(entry.MimeType?.split(';')).toContain('x-scheme-handler/matrix');
    // electron-builder overwrites MimeType (from protocols), Categories (from linux.category) and
    // Comment (from package.json's description): the entry must agree with them, not mislead.
    expect(entry.MimeType).toBe(`${schemes.map((s) => `x-scheme-handler/${s}`).join(';')};`);
    expect(entry.Categories).toBe(`${config.linux.category};`);
    expect(config.linux.category.split(';')).toEqual(expect.arrayContaining(['Network', 'InstantMessaging', 'Chat']));
    expect(entry.Comment).toBe(packageJson.description);
    expect(entry.Name).toBe(config.productName);
    // Electron's window class is the product name (no desktopName in package.json).
    expect(entry.StartupWMClass).toBe(config.productName);
  });

  it('gives the DEB and the RPM a maintainer, a vendor and libsecret for keytar', () => {
    for (const target of ['deb', 'rpm'] as const) {
      const options = config[target] ?? {};
      const maintainer = options.maintainer ?? config.linux.maintainer;
      const vendor = options.vendor ?? config.linux.vendor;
      expect(maintainer, `${target} maintainer`).toMatch(/^\S.* <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/);
      expect(vendor?.trim(), `${target} vendor`).toBeTruthy();
    }
    // No deb.depends keeps electron-builder's defaults, which include libsecret-1-0.
    if (config.deb?.depends) expect(config.deb.depends).toContain('libsecret-1-0');
    expect(config.rpm?.depends?.some((d) => /\blibsecret\b/.test(d))).toBe(true);
    // A depends list replaces electron-builder's defaults: they must still be there.
    expect(config.rpm?.depends).toEqual(expect.arrayContaining(['gtk3', 'libnotify', 'nss', 'xdg-utils', 'at-spi2-core']));
  });

  it('names only files and folders that exist', () => {
    const PATH_KEYS = new Set(['icon', 'entitlements', 'entitlementsInherit', 'entitlementsLoginHelper', 'from', 'license', 'background', 'afterInstall', 'afterRemove', 'include', 'script']);
    const named = [...entries(config)].filter(([key, value]) => PATH_KEYS.has(key) && typeof value === 'string').map(([, value, trail]) => [value as string, trail] as const);
    expect(named.map(([value]) => value)).toEqual(
      expect.arrayContaining(['build/icon.png', 'build/icons', 'build/entitlements.mac.plist']),
    );
    for (const [file, trail] of named) {
      // Relative to the project directory or to the build resources directory, as electron-builder resolves them.
      const found = [path.join(root, file), path.join(root, config.directories.buildResources, file)].some((p) => existsSync(p));
      expect(found, `${trail}: ${file}`).toBe(true);
    }
    expect(statSync(path.join(root, config.directories.buildResources)).isDirectory()).toBe(true);
    expect(config.extraResources.length).toBeGreaterThan(0);
    for (const resource of config.extraResources) {
      const dir = path.join(root, resource.from);
      expect(statSync(dir).isDirectory(), resource.from).toBe(true);
      const files = readdirSync(dir);
      for (const pattern of resource.filter ?? []) {
        expect(files.some((f) => path.matchesGlob(f, pattern)), `${resource.from}: ${pattern} matches no file`).toBe(true);
      }
    }
  });
});

interface WorkflowStep {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, unknown>>;
}

interface Workflow {
  readonly on: unknown;
  readonly env?: unknown;
  readonly jobs: Readonly<
    Record<
      string,
      {
        readonly 'runs-on': string;
        readonly env?: unknown;
        readonly strategy: { readonly matrix: { readonly os: readonly string[] } };
        readonly steps: readonly WorkflowStep[];
      }
    >
  >;
}

describe('.github/workflows/installers.yml', () => {
  const workflowText = readFileSync(path.join(root, '.github/workflows/installers.yml'), 'utf8');
  const workflow = parse(workflowText) as Workflow;
  const jobs = Object.values(workflow.jobs);
  const job = jobs[0]!;
  const steps = job.steps;
  const runs = steps.filter((s): s is WorkflowStep & { run: string } => typeof s.run === 'string');
  const stepFor = (os: 'Windows' | 'macOS' | 'Linux', pattern: RegExp) =>
    runs.filter((s) => s.if?.replaceAll('"', "'") === `runner.os == '${os}'` && pattern.test(s.run));

  it('parses, and builds on Windows, macOS and Linux runners', () => {
    expect(jobs).toHaveLength(1);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect([...job.strategy.matrix.os].sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
  });

  it('checks out, sets up Node 24, installs with npm ci and builds the app first', () => {
    const index = (predicate: (s: WorkflowStep) => boolean) => steps.findIndex(predicate);
    const checkout = index((s) => s.uses?.startsWith('actions/checkout@') === true);
    const node = index((s) => s.uses?.startsWith('actions/setup-node@') === true);
    const ci = index((s) => /^npm ci\b/.test(s.run ?? ''));
    const build = index((s) => s.run === 'npm run build');
    const packaging = index((s) => /electron-builder/.test(s.run ?? ''));
    expect(steps[node]?.with?.['node-version']).toBe(24);
    expect([checkout, node, ci, build, packaging].every((i) => i >= 0)).toBe(true);
    expect(checkout < node && node < ci && ci < build && build < packaging).toBe(true);
    // package.json's allowScripts is honoured from npm 11.16 on; older npm would run denied scripts.
    const npmPin = runs.find((s) => /npm install --global npm@/.test(s.run));
    const [major = 0, minor = 0] = (/npm@(\d+)\.(\d+)\.\d+/.exec(npmPin?.run ?? '') ?? []).slice(1).map(Number);
    expect(major > 11 || (major === 11 && minor >= 16), 'npm pinned to 11.16 or later').toBe(true);
    expect(steps.indexOf(npmPin!)).toBeLessThan(ci);
    expect(steps[ci]?.run).toContain('--strict-allow-scripts');
  });

  it('packages each OS with electron-builder.yml, publishing nothing', () => {
    for (const [os, flag] of [['Windows', '--win'], ['macOS', '--mac'], ['Linux', '--linux']] as const) {
      const builds = stepFor(os, /electron-builder/);
      expect(builds, os).toHaveLength(1);
      expect(builds[0]!.run).toMatch(new RegExp(`npx electron-builder --config electron-builder\\.yml --publish never ${flag}\\b`));
    }
  });

  it('passes credentials only as step environment from secrets, only to the OS that uses them', () => {
    expect(workflow.env).toBeUndefined();
    expect(job.env).toBeUndefined();
    for (const step of steps) {
      expect(step.run ?? '', step.name).not.toMatch(/secrets\./);
      expect(JSON.stringify(step.with ?? {}), step.name).not.toMatch(/secrets\./);
      for (const [name, value] of Object.entries(step.env ?? {})) {
        expect(String(value), `${step.name}: ${name}`).toMatch(/^\$\{\{ secrets\.[A-Z0-9_]+ \}\}$/);
      }
    }
    const envOf = (os: 'Windows' | 'macOS' | 'Linux') => Object.keys(stepFor(os, /electron-builder/)[0]?.env ?? {}).sort();
    expect(envOf('Windows')).toEqual(['CSC_KEY_PASSWORD', 'CSC_LINK']);
    expect(envOf('macOS')).toEqual(expect.arrayContaining(['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'CSC_KEY_PASSWORD', 'CSC_LINK']));
    expect(envOf('Linux')).toEqual([]);
    const withSecrets = steps.filter((s) => Object.keys(s.env ?? {}).length > 0);
    expect(withSecrets.every((s) => /electron-builder/.test(s.run ?? ''))).toBe(true);
  });

  it('never prints or traces a credential', () => {
    for (const step of runs) {
      expect(step.run, step.name).not.toMatch(/\bset\s+-[a-z]*x|set\s+-o\s+xtrace|Set-PSDebug/);
      for (const line of step.run.split('\n')) {
        if (/\b(echo|printf|Write-(Host|Output|Verbose|Warning|Error)|cat)\b/.test(line)) {
          expect(line, step.name).not.toMatch(/\$\{?(env:)?(CSC_|APPLE_|[A-Z]+_CSC_)/);
        }
      }
    }
  });

  it('notarises only when the signing certificate and the Apple credentials exist', () => {
    const mac = stepFor('macOS', /electron-builder/)[0]!;
    expect(mac.shell).toBe('bash');
    expect(mac.run).toContain('-c.mac.notarize=true');
    // The flag is added inside the test for the credentials, not passed unconditionally.
    expect(mac.run).not.toMatch(/electron-builder[^\n]*-c\.mac\.notarize=true/);
    for (const name of ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'CSC_LINK']) {
      expect(mac.run).toContain(`-z "$${name}"`);
    }
  });

  it('installs the built MSI silently on Windows, checks Program Files, and uninstalls it silently', () => {
    const smoke = stepFor('Windows', /msiexec/);
    expect(smoke).toHaveLength(1);
    const script = smoke[0]!.run;
    expect(steps.indexOf(smoke[0]!)).toBeGreaterThan(steps.indexOf(stepFor('Windows', /electron-builder/)[0]!));
    expect(script).toMatch(/msiexec\.exe[^\n]*"\/i `"\$msiPath`" \/qn \/norestart \/l\*v `"\$installLog`""/);
    expect(script).toMatch(/msiexec\.exe[^\n]*"\/x `"\$msiPath`" \/qn /);
    expect(script).toContain("Join-Path $env:ProgramFiles 'Plenum\\Plenum.exe'");
    expect(script).toMatch(/if \(-not \(Test-Path -LiteralPath \$exe\)\) \{ throw/);
    expect(script).toMatch(/\$ErrorActionPreference = 'Stop'/);
  });

  it('uploads every installer the targets produce', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('dist/'));
    const uploaded = String(upload?.with?.path);
    for (const ext of ['msi', 'exe', 'pkg', 'dmg', 'deb', 'rpm', 'AppImage']) {
      expect(uploaded, ext).toContain(`dist/*.${ext}`);
    }
  });
});
