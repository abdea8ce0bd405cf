#!/usr/bin/env node
// `npm start`: build the app and launch it in Electron. Electron 45 fetches its binary on first use
// (from GitHub), so the first start needs that download; later starts work offline.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync(resolve(root, 'node_modules/electron/path.txt'))) {
  console.log('Downloading the Electron binary (first start only)…');
  run(process.execPath, [resolve(root, 'node_modules/electron/install.js')]);
}
run(process.execPath, [resolve(root, 'scripts/build.mjs'), 'main', 'preload', 'renderer']);
run(resolve(root, 'node_modules/.bin/electron'), ['.', ...process.argv.slice(2)]);
