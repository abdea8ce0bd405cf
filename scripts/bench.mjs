#!/usr/bin/env node
/**
 * `npm run bench`: a first benchmark (build time and the packaged renderer's size) that prints its
 * figures and writes them to bench-results/results.json. Timings of sync, timeline and memory come
 * with the features they measure.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
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
    rendererBuildMs: Math.round(buildMs),
    rendererBytes: bytes,
    rendererGzipBytes: gzipBytes,
  },
};
mkdirSync(resolve(root, 'bench-results'), { recursive: true });
writeFileSync(resolve(root, 'bench-results/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`renderer build: ${results.figures.rendererBuildMs} ms`);
console.log(`renderer size: ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzip)`);
console.log('written to bench-results/results.json');
