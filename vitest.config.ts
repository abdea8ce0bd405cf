import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * Three projects, run in this order by `npm test`: fast unit and contract tests, the core against a
 * real Synapse, and the whole app in Chromium. Integration and e2e files run one at a time: each
 * starts its own Synapse, and CI has two cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        // The Svelte plugin compiles runes in src/renderer/state/*.svelte.ts for the view-model tests.
        plugins: [svelte({ compilerOptions: { runes: true } })],
        // Renderer modules are tested as the packaged app builds them (see vite.config.ts).
        define: { __PLENUM_HARNESS__: 'false' },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
