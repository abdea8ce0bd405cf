#!/usr/bin/env node
/**
 * `npm run bench`: prints figures and writes them to bench-results/results.json —
 *  - cold start from the on-disk store to the first complete room-list snapshot, for an account
 *    with 120 rooms, against a real Synapse that is stopped before the timed starts (so every row
 *    comes from disk); the median of 7 starts (scripts/bench/cold-start.ts, in a private keyring);
 *  - the renderer's build time and size.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');

console.log('cold start: seeding 120 rooms on a local Synapse (about 30 s)…');
const coldRun = spawnSync(resolve(root, 'scripts/with-keyring.sh'), [process.execPath, resolve(root, 'scripts/bench/cold-start.ts')], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const coldLine = coldRun.stdout.trim().split('\n').filter((line) => line.startsWith('{')).at(-1);
if (coldRun.status !== 0 || !coldLine) {
  console.error(`cold-start benchmark failed (exit ${coldRun.status}):\n${coldRun.stdout}`);
  process.exit(1);
}
const cold = JSON.parse(coldLine);

const started = performance.now();
await build({ mode: 'renderer', logLevel: 'silent', configFile: resolve(root, 'vite.config.ts') });
const buildMs = performance.now() - started;

const files = (dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))).filter((f) => statSync(f).isFile());
const rendererFiles = files(resolve(root, 'out/renderer'));
const bytes = rendererFiles.reduce((sum, f) => sum + statSync(f).size, 0);
const gzipBytes = rendererFiles.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  figures: {
    coldStartToRoomListMs: cold.coldStartToRoomListMs,
    coldStartRooms: cold.rooms,
    rendererBuildMs: Math.round(buildMs),
    rendererBytes: bytes,
    rendererGzipBytes: gzipBytes,
  },
};
mkdirSync(resolve(root, 'bench-results'), { recursive: true });
writeFileSync(resolve(root, 'bench-results/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `cold start to room list (${cold.rooms} rooms, from disk): median ${cold.coldStartToRoomListMs.median} ms ` +
    `(min ${cold.coldStartToRoomListMs.min}, max ${cold.coldStartToRoomListMs.max}, ${cold.coldStartToRoomListMs.runs} starts)`,
);
console.log(`renderer build: ${results.figures.rendererBuildMs} ms`);
console.log(`renderer size: ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzip)`);
console.log('written to bench-results/results.json');
