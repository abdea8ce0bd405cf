/**
 * A real Synapse for tests: the pinned PyPI release in a project-local virtualenv, one server per
 * test file on a free loopback port, configured from scratch (no federation, SQLite, shared-secret
 * registration). Plain erasable TypeScript, so Node 24 can run it directly (setup-synapse.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';

export const SYNAPSE_VERSION = '1.163.2';
const ROOT = resolve(import.meta.dirname, '../..');
export const SYNAPSE_VENV = join(ROOT, '.venv-synapse');
const MARKER = join(SYNAPSE_VENV, '.plenum-synapse-version');
const PYTHON = join(SYNAPSE_VENV, 'bin', 'python');
const START_TIMEOUT_MS = 60_000;

export interface RegisteredUser {
  readonly userId: string;
  readonly accessToken: string;
  readonly deviceId: string;
}

export interface RunningSynapse {
  readonly baseUrl: string;
  readonly serverName: string;
  registerUser(localpart: string, password: string, options?: { displayName?: string; admin?: boolean }): Promise<RegisteredUser>;
  stop(): Promise<void>;
}

export interface SynapseOptions {
  /** 'relaxed' (default) lifts rate limits so tests don't trip them; 'default' keeps Synapse's own. */
  readonly rateLimits?: 'relaxed' | 'default';
}

/** Installs the pinned Synapse into .venv-synapse unless that exact version is already there. */
export function ensureSynapse(): void {
  if (existsSync(MARKER) && readFileSync(MARKER, 'utf8').trim() === SYNAPSE_VERSION) return;
  assertPython();
  const lock = `${SYNAPSE_VENV}.lock`;
  waitForLock(lock);
  try {
    if (existsSync(MARKER) && readFileSync(MARKER, 'utf8').trim() === SYNAPSE_VERSION) return;
    console.log(`Installing matrix-synapse ${SYNAPSE_VERSION} into ${SYNAPSE_VENV} (first run only)…`);
    run('python3', ['-m', 'venv', '--clear', SYNAPSE_VENV]);
    run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `matrix-synapse==${SYNAPSE_VERSION}`]);
    writeFileSync(MARKER, `${SYNAPSE_VERSION}\n`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function assertPython(): void {
  const probe = spawnSync('python3', ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  const [major = 0, minor = 0] = (probe.stdout ?? '').trim().split('.').map(Number);
  if (probe.status !== 0 || major < 3 || (major === 3 && minor < 10)) {
    throw new Error(
      'The test homeserver (Synapse) needs Python 3.10 or newer with the venv module. ' +
        'On Debian/Ubuntu: `sudo apt-get install python3 python3-venv` (or run ./scripts/setup.sh).',
    );
  }
}

function waitForLock(lock: string): void {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for over 10 minutes; remove it if no install is running`);
      spawnSync('sleep', ['1']);
    }
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const RELAXED = { per_second: 10_000, burst_count: 10_000 };

function homeserverConfig(dir: string, port: number, secret: string, rateLimits: 'relaxed' | 'default'): object {
  const config: Record<string, unknown> = {
    server_name: 'localhost',
    public_baseurl: `http://127.0.0.1:${port}/`,
    pid_file: join(dir, 'homeserver.pid'),
    listeners: [
      {
        port,
        bind_addresses: ['127.0.0.1'],
        type: 'http',
        tls: false,
        x_forwarded: false,
        resources: [{ names: ['client'], compress: false }],
      },
    ],
    database: { name: 'sqlite3', args: { database: join(dir, 'homeserver.db') } },
    log_config: join(dir, 'log.yaml'),
    media_store_path: join(dir, 'media'),
    signing_key_path: join(dir, 'localhost.signing.key'),
    registration_shared_secret: secret,
    macaroon_secret_key: randomBytes(32).toString('hex'),
    form_secret: randomBytes(32).toString('hex'),
    enable_registration: false,
    report_stats: false,
    enable_authenticated_media: true,
    url_preview_enabled: false,
    // Never reach another host: no federation, no key servers.
    federation_domain_whitelist: [],
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    presence: { enabled: true },
  };
  if (rateLimits === 'relaxed') {
    Object.assign(config, {
      rc_message: RELAXED,
      rc_registration: RELAXED,
      rc_login: { address: RELAXED, account: RELAXED, failed_attempts: RELAXED },
      rc_joins: { local: RELAXED, remote: RELAXED },
      rc_joins_per_room: RELAXED,
      rc_invites: { per_room: RELAXED, per_user: RELAXED, per_issuer: RELAXED },
      rc_3pid_validation: RELAXED,
      rc_admin_redaction: RELAXED,
      rc_room_creation: RELAXED,
      rc_media_create: RELAXED,
      rc_key_requests: RELAXED,
    });
  }
  return config;
}

const LOG_CONFIG = (dir: string): object => ({
  version: 1,
  formatters: { precise: { format: '%(asctime)s %(name)s %(levelname)s %(message)s' } },
  handlers: { file: { class: 'logging.FileHandler', formatter: 'precise', filename: join(dir, 'homeserver.log') } },
  root: { level: 'WARNING', handlers: ['file'] },
  disable_existing_loggers: false,
});

/** Starts a fresh Synapse; resolves once it answers /health. */
export async function startSynapse(options: SynapseOptions = {}): Promise<RunningSynapse> {
  ensureSynapse();
  const dir = mkdtempSync(join(tmpdir(), 'plenum-synapse-'));
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const configPath = join(dir, 'homeserver.yaml');
  // The whole file is written here (never appended to a generated one, which ends without a newline).
  writeFileSync(configPath, `${stringify(homeserverConfig(dir, port, secret, options.rateLimits ?? 'relaxed'))}\n`);
  writeFileSync(join(dir, 'log.yaml'), `${stringify(LOG_CONFIG(dir))}\n`);
  run(PYTHON, ['-m', 'synapse.app.homeserver', '--config-path', configPath, '--generate-keys']);

  const child: ChildProcess = spawn(PYTHON, ['-m', 'synapse.app.homeserver', '--config-path', configPath], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  // A test run that dies must not leave a homeserver behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const baseUrl = `http://127.0.0.1:${port}`;
  const logTail = (): string => {
    const log = existsSync(join(dir, 'homeserver.log')) ? readFileSync(join(dir, 'homeserver.log'), 'utf8') : '';
    return `${stderr}\n${log}`.trim().split('\n').slice(-25).join('\n');
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Synapse exited with code ${child.exitCode} while starting:\n${logTail()}`);
    const healthy = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Synapse did not become healthy within ${START_TIMEOUT_MS / 1000} s:\n${logTail()}`);
    }
    await sleep(200);
  }

  return {
    baseUrl,
    serverName: 'localhost',
    registerUser: (localpart, password, registerOptions = {}) => registerUser(baseUrl, secret, localpart, password, registerOptions),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Shared-secret registration (Synapse admin API): HMAC-SHA1 over nonce, user, password and admin flag. */
async function registerUser(
  baseUrl: string,
  secret: string,
  localpart: string,
  password: string,
  options: { displayName?: string; admin?: boolean },
): Promise<RegisteredUser> {
  const url = `${baseUrl}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(url)).json()) as { nonce: string };
  const admin = options.admin ?? false;
  const mac = createHmac('sha1', secret)
    .update([nonce, localpart, password, admin ? 'admin' : 'notadmin'].join('\0'))
    .digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac, displayname: options.displayName }),
  });
  const body = (await response.json()) as { user_id?: string; access_token?: string; device_id?: string; error?: string };
  if (!response.ok || !body.user_id || !body.access_token || !body.device_id) {
    throw new Error(`registering ${localpart} failed: ${response.status} ${body.error ?? ''}`);
  }
  return { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id };
}
