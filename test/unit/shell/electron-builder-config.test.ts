/**
 * Packaging can't run on this machine (electron-builder downloads Electron and platform tools), so
 * the configuration is checked statically: against electron-builder's own JSON schema, and for the
 * security-relevant settings (fuses, packaged files, entitlements).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  readonly files: readonly string[];
  readonly asar: unknown;
  readonly asarUnpack: readonly string[];
  readonly disableAsarIntegrity?: unknown;
  readonly electronFuses: Readonly<Record<string, unknown>>;
  readonly directories: { readonly output: string; readonly buildResources: string };
  readonly protocols: readonly { readonly schemes: readonly string[] }[];
  readonly linux: { readonly target: readonly string[]; readonly category: string };
  readonly win: { readonly target: readonly string[] };
  readonly msi: { readonly perMachine: boolean; readonly runAfterFinish: boolean };
  readonly nsis: { readonly perMachine: boolean; readonly runAfterFinish: boolean };
  readonly mac: {
    readonly target: readonly string[];
    readonly hardenedRuntime: boolean;
    readonly entitlements: string;
    readonly entitlementsInherit: string;
  };
}

const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
};

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

  it('builds the installers institutions deploy', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['deb', 'AppImage']));
    expect(config.linux.category.split(';')).toEqual(expect.arrayContaining(['Network', 'InstantMessaging']));
    expect(config.win.target).toEqual(expect.arrayContaining(['msi', 'nsis']));
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
    expect(config.nsis).toMatchObject({ perMachine: true, runAfterFinish: false });
    expect(config.mac.target).toEqual(expect.arrayContaining(['pkg', 'dmg']));
    expect(config.protocols.flatMap((p) => p.schemes)).toContain('matrix');
  });

  it('signs macOS builds with the hardened runtime and only the JIT exception', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = path.join(root, file);
      expect(existsSync(plist), file).toBe(true);
      const keys = [...readFileSync(plist, 'utf8').matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
      expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });
});
