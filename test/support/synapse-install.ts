/**
 * Installs the pinned Synapse from PyPI into a project-local virtualenv, once. Plain erasable
 * TypeScript, so Node 24 runs it directly (setup-synapse.ts) as well as under vitest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SYNAPSE_VERSION = '1.163.2';
/**
 * `oidc`: the single sign-on tests run Synapse against an OpenID Connect provider (Authlib). The
 * marker holds this whole line, so an install from before the extra was needed is redone.
 */
const SYNAPSE_REQUIREMENT = `matrix-synapse[oidc]==${SYNAPSE_VERSION}`;
const ROOT = resolve(import.meta.dirname, '../..');
export const SYNAPSE_VENV = join(ROOT, '.venv-synapse');
export const SYNAPSE_PYTHON = join(SYNAPSE_VENV, 'bin', 'python');
// Written only after pip succeeded, so a half-finished install is never taken for a good one.
const MARKER = join(SYNAPSE_VENV, '.plenum-synapse-version');
const LOCK = `${SYNAPSE_VENV}.lock`;
const LOCK_OWNER = join(LOCK, 'pid');
const LOCK_PATIENCE_MS = 10 * 60_000;

/** Installs matrix-synapse==SYNAPSE_VERSION into .venv-synapse unless that exact version is there. */
export function ensureSynapse(): void {
  if (isInstalled()) return;
  assertPython();
  takeLock();
  try {
    // Another process may have finished the install while this one waited for the lock.
    if (isInstalled()) return;
    console.log(`Installing matrix-synapse ${SYNAPSE_VERSION} into ${SYNAPSE_VENV} (first run only, about a minute)…`);
    run('python3', ['-m', 'venv', '--clear', SYNAPSE_VENV]);
    run(SYNAPSE_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', SYNAPSE_REQUIREMENT]);
    writeFileSync(MARKER, `${SYNAPSE_REQUIREMENT}\n`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function isInstalled(): boolean {
  return existsSync(SYNAPSE_PYTHON) && existsSync(MARKER) && readFileSync(MARKER, 'utf8').trim() === SYNAPSE_REQUIREMENT;
}

function assertPython(): void {
  // Debian ships `venv` without `ensurepip` unless python3-venv is installed; `python3 -m venv` then fails.
  const probe = spawnSync('python3', ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], {
    encoding: 'utf8',
  });
  const [major = 0, minor = 0] = (probe.stdout ?? '').trim().split('.').map(Number);
  if (probe.error || probe.status !== 0 || major < 3 || (major === 3 && minor < 10)) {
    const found = probe.status === 0 ? `found Python ${major}.${minor}` : 'python3 or its venv module is missing';
    throw new Error(
      `The test homeserver (Synapse) needs Python 3.10 or newer with the venv module (${found}). ` +
        'On Debian/Ubuntu: `sudo apt-get install python3 python3-venv` (or run ./scripts/setup.sh).',
    );
  }
}

/** A directory as a lock (mkdir is atomic); a lock whose owner died is taken over, not waited out. */
function takeLock(): void {
  const deadline = Date.now() + LOCK_PATIENCE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(LOCK_OWNER, String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!ownerAlive()) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${LOCK} has been held for over 10 minutes; remove it if no install is running`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

function ownerAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(LOCK_OWNER, 'utf8'));
  } catch {
    // The owner may have made the directory and not yet written its pid: give it a moment, not forever.
    try {
      return Date.now() - statSync(LOCK).mtimeMs < 30_000;
    } catch {
      return false;
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit code ${result.status})`);
}
