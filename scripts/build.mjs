#!/usr/bin/env node
// Builds the given Vite targets (default: the packaged app's main, preload and renderer).
import { build } from 'vite';

const targets = process.argv.slice(2);
const selected = targets.length ? targets : ['main', 'preload', 'renderer'];
for (const mode of selected) {
  await build({ mode, logLevel: 'warn', configFile: new URL('../vite.config.ts', import.meta.url).pathname });
  console.log(`built ${mode}`);
}
