import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HARNESS_BRIDGE_PROTOCOL } from '../../../src/shared/ipc/harness-protocol.ts';

const root = resolve(import.meta.dirname, '../../..');
function bundleText(dir: string): string {
  const abs = resolve(root, dir);
  if (!existsSync(abs)) throw new Error(`${dir} is missing: run \`npm run build && npm run build:harness\` (npm test builds first).`);
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => /\.(js|cjs|html)$/.test(f))
    .map((f) => readFileSync(join(abs, f), 'utf8'))
    .join('\n');
}

describe('build outputs keep the harness out of the app', () => {
  it('the packaged renderer contains no WebSocket bridge', () => {
    const app = bundleText('out/renderer');
    expect(app).not.toContain(HARNESS_BRIDGE_PROTOCOL);
    expect(app).not.toMatch(/new WebSocket\b/);
  });

  it('the harness renderer does contain it (so the check above can fail)', () => {
    expect(bundleText('out/harness/renderer')).toContain(HARNESS_BRIDGE_PROTOCOL);
  });

  it('the preload is one self-contained CommonJS file that requires only electron', () => {
    const files = readdirSync(resolve(root, 'out/preload')).filter((f) => f.endsWith('.cjs') || f.endsWith('.js'));
    expect(files).toEqual(['index.cjs']);
    const preload = readFileSync(resolve(root, 'out/preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toContain(HARNESS_BRIDGE_PROTOCOL);
  });

  it('the main bundle does not include the harness', () => {
    expect(bundleText('out/main')).not.toContain(HARNESS_BRIDGE_PROTOCOL);
  });
});
