/**
 * One Vite configuration, one build target per mode:
 *   main      Electron main process (ESM, dependencies stay external and are packaged)
 *   preload   the sandboxed preload: one self-contained CommonJS file, only `electron` external
 *   renderer  the Svelte UI for the packaged app (no WebSocket bridge in it)
 *   harness-renderer  the same UI with the WebSocket bridge, for the browser harness only
 *   harness   the Node process behind `npm run dev:browser` and the e2e tests
 */
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type UserConfig } from 'vite';

const root = import.meta.dirname;
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const targets: Record<string, () => UserConfig> = {
  main: () => nodeTarget('src/main/index.ts', 'out/main', 'index.js'),
  // out/harness also holds the harness renderer, built separately: don't wipe it.
  harness: () => nodeTarget('src/harness/main.ts', 'out/harness', 'server.js', false),
  preload: () => ({
    build: {
      ssr: resolve(root, 'src/preload/index.ts'),
      outDir: resolve(root, 'out/preload'),
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      rollupOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
      },
    },
    // Sandboxed preloads can require nothing but `electron`: bundle everything else in.
    ssr: { noExternal: true, external: ['electron'] },
  }),
  renderer: () => rendererTarget(false),
  'harness-renderer': () => rendererTarget(true),
};

function nodeTarget(entry: string, outDir: string, fileName: string, emptyOutDir = true): UserConfig {
  return {
    build: {
      ssr: resolve(root, entry),
      outDir: resolve(root, outDir),
      emptyOutDir,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        external: ['electron', ...nodeBuiltins],
        output: { format: 'es', entryFileNames: fileName },
      },
    },
  };
}

function rendererTarget(harness: boolean): UserConfig {
  return {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [svelte()],
    define: { __PLENUM_HARNESS__: JSON.stringify(harness) },
    build: {
      outDir: resolve(root, harness ? 'out/harness/renderer' : 'out/renderer'),
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: harness,
      modulePreload: { polyfill: false },
    },
  };
}

export default defineConfig(({ mode }) => {
  // Vite's own modes (development/production, e.g. from svelte-check or `vite build`) mean the app renderer.
  const target = targets[mode] ?? (mode === 'development' || mode === 'production' ? targets.renderer : undefined);
  if (!target) throw new Error(`vite: unknown build mode "${mode}"; use one of ${Object.keys(targets).join(', ')}`);
  return target();
});
