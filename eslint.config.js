// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** Lint zones: the process boundaries of the architecture, checked by a tool rather than by review. */
const zone = (files, paths, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message })), patterns: patterns.map((p) => ({ ...p, message })) }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', '.venv-synapse/**', 'test/contract/fixtures/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.svelte', 'src/renderer/**/*.svelte.ts', 'test/**/*.svelte'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  zone(
    ['src/shared/**'],
    ['electron', 'matrix-js-sdk', ...nodeBuiltins],
    [{ group: ['node:*'] }, { regex: '(^|/)(main|renderer|preload|harness)/' }],
    'src/shared runs in every process: no Electron, no Node built-ins, no Matrix SDK, no process-specific code.',
  ),
  zone(
    ['src/main/core/**'],
    ['electron'],
    [{ regex: '^(\\.\\./)+(adapters|window|ipc)/' }, { regex: '(^|/)(renderer|preload|harness)/' }],
    'The core is plain Node: Electron reaches it only through ports implemented in src/main/adapters.',
  ),
  zone(
    ['src/renderer/**'],
    ['electron', 'matrix-js-sdk', 'keytar', 'ws', ...nodeBuiltins],
    [{ group: ['node:*', 'matrix-js-sdk/*', '@matrix-org/*'] }, { regex: '(^|/)(main|preload|harness)/' }],
    'The renderer is an untrusted view: it talks to main only through the bridge (src/shared/ipc).',
  ),
  zone(
    ['src/preload/**'],
    ['matrix-js-sdk', 'keytar', ...nodeBuiltins],
    [{ group: ['node:*'] }, { regex: '(^|/)(main|renderer|harness)/' }],
    'The sandboxed preload may use only `electron` and the shared contract.',
  ),
);
