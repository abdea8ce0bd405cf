#!/usr/bin/env node
/**
 * `npm test`: everything CI runs, in order — build, type checks, lint, then the unit, integration
 * (real Synapse) and end-to-end (Chromium) suites — and one closing line summing every suite:
 *   tests: N passed, N failed
 * Each static check counts as one test; vitest's tests are counted from its JSON report.
 * Run inside scripts/with-keyring.sh (npm test does this) so keytar has a real Secret Service.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const node = process.execPath;
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const tsc = resolve(root, 'node_modules/typescript7/bin/tsc');
const reportFile = resolve(root, 'test-results/vitest.json');
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs only that vitest project after the checks

// Written synchronously so these lines interleave correctly with the children's inherited output.
const say = (text) => writeSync(1, `${text}\n`);
const results = [];
function step(name, command, args) {
  const started = Date.now();
  say(`\n▶ ${name}`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const passed = run.status === 0;
  results.push({ name, passed, seconds: (Date.now() - started) / 1000 });
  say(`${passed ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return passed;
}

const built = step('build (main, preload, renderer, harness)', node, [
  resolve(root, 'scripts/build.mjs'),
  'main',
  'preload',
  'renderer',
  'harness-renderer',
  'harness',
]);
for (const project of ['shared', 'main', 'preload', 'test']) {
  step(`typecheck ${project} (tsc 7)`, node, [tsc, '-p', `tsconfig.${project}.json`, '--pretty', 'true']);
}
step('typecheck renderer (svelte-check)', bin('svelte-check'), ['--tsconfig', 'tsconfig.renderer.json', '--fail-on-warnings', '--output', 'human']);
step('lint (eslint, with process-boundary zones)', bin('eslint'), ['--max-warnings', '0', '.']);

mkdirSync(resolve(root, 'test-results'), { recursive: true });
rmSync(reportFile, { force: true });
const projects = only.length ? only : ['unit', 'integration', 'e2e'];
let vitestCounts = { passed: 0, failed: 0 };
if (built) {
  const vitestOk = step(`vitest (${projects.join(', ')})`, bin('vitest'), [
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ]);
  results.pop(); // counted per test below, not as one step
  vitestCounts = countVitest(vitestOk);
} else {
  say('✘ vitest skipped: the build failed, so the suites could not run');
  vitestCounts.failed += 1;
}

const staticPassed = results.filter((r) => r.passed).length;
const staticFailed = results.length - staticPassed;
const passed = staticPassed + vitestCounts.passed;
const failed = staticFailed + vitestCounts.failed;
say('\nSummary');
for (const r of results) say(`  ${r.passed ? 'pass' : 'FAIL'}  ${r.name}`);
say(`  vitest: ${vitestCounts.passed} passed, ${vitestCounts.failed} failed`);
say(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function countVitest(exitedCleanly) {
  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    // No report means vitest itself broke (config error, crash): count that as a failure, never as zero tests.
    return { passed: 0, failed: 1 };
  }
  const passedTests = report.numPassedTests ?? 0;
  // Failed suites (e.g. a beforeAll that threw) count even when their tests never ran.
  const failedTests = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (skipped > 0) say(`✘ ${skipped} skipped/todo tests: a skipped test hides a missing piece`);
  const broken = !exitedCleanly && failedTests === 0 ? 1 : 0;
  return { passed: passedTests, failed: failedTests + skipped + broken };
}
