/**
 * A real Synapse for tests: the pinned PyPI release (synapse-install.ts), one server per test file
 * on a free loopback port, SQLite, no federation, users made through the shared-secret admin API.
 * Plain erasable TypeScript, so Node 24 can run it directly (dev-synapse.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { homeserverConfig, logConfig, type RateLimits } from './synapse-config.ts';
import { ensureSynapse, SYNAPSE_PYTHON } from './synapse-install.ts';

export { ensureSynapse, SYNAPSE_VENV, SYNAPSE_VERSION } from './synapse-install.ts';

const SERVER_NAME = 'localhost';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

export interface RegisteredUser {
  readonly userId: string;
  readonly accessToken: string;
  readonly deviceId: string;
}

export interface RegisterOptions {
  readonly displayName?: string;
  readonly admin?: boolean;
}

export interface RunningSynapse {
  readonly baseUrl: string;
  readonly serverName: string;
  /** Config, SQLite database, media and homeserver.log; deleted by stop(). */
  readonly dir: string;
  registerUser(localpart: string, password: string, options?: RegisterOptions): Promise<RegisteredUser>;
  /**
   * Ends the server process (SIGTERM, SIGKILL after a grace period) but keeps its directory: the
   * homeserver is "down" until start(). Clients see their connections dropped and refused.
   */
  halt(): Promise<void>;
  /** Brings a halted server back on the same port with the same config and database; resolves once it serves the client API. */
  start(): Promise<void>;
  /** halt(), then start(). */
  restart(): Promise<void>;
  /** Ends the server for good and deletes its directory. */
  stop(): Promise<void>;
}

export interface SynapseOptions {
  /** 'relaxed' (the default) lifts rate limits so tests don't trip them; 'default' keeps Synapse's own. */
  readonly rateLimits?: RateLimits;
  /** Extra homeserver.yaml keys for a test (e.g. `password_config: { enabled: false }`), merged last. */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
  /** A port chosen beforehand (see freePort), for what must know the server's URL before it starts: an identity provider. */
  readonly port?: number;
}

/**
 * Runs Synapse's entry point behind a watchdog: when the process that started it dies without
 * calling stop() (a crashed or killed test worker, where no 'exit' handler runs), Synapse is
 * re-parented, notices, shuts itself down instead of holding its port forever, and deletes its
 * directory (its working directory), which nobody else is left to remove. halt() and restart() end
 * Synapse with a signal while its parent lives on, so they never trigger that clean-up.
 */
const WATCHDOG = `
import os, runpy, shutil, signal, threading, time
parent, orphaned = os.getppid(), threading.Event()
def forget():
    shutil.rmtree(os.getcwd(), ignore_errors=True)
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    orphaned.set()
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(${STOP_GRACE_MS / 1000})
    forget()
    os._exit(1)
threading.Thread(target=watch, daemon=True).start()
try:
    runpy.run_module("synapse.app.homeserver", run_name="__main__", alter_sys=True)
finally:
    if orphaned.is_set():
        forget()
`;

/** Starts a fresh Synapse in its own temporary directory; resolves once it serves the client API. */
export async function startSynapse(options: SynapseOptions = {}): Promise<RunningSynapse> {
  ensureSynapse();
  const dir = mkdtempSync(join(tmpdir(), 'plenum-synapse-'));
  const port = options.port ?? (await freePort());
  const secret = randomBytes(32).toString('hex');
  const configPath = join(dir, 'homeserver.yaml');
  const logFile = join(dir, 'homeserver.log');
  const config = {
    ...homeserverConfig({ dir, port, serverName: SERVER_NAME, registrationSecret: secret, rateLimits: options.rateLimits ?? 'relaxed' }),
    ...options.extraConfig,
  };
  writeFileSync(configPath, stringify(config));
  writeFileSync(join(dir, 'log.yaml'), stringify(logConfig(logFile)));
  generateKeys(configPath);

  const baseUrl = `http://127.0.0.1:${port}`;
  // The process of the current run; a restart replaces it, the directory and port stay.
  let child: ChildProcess | undefined;
  // Covers a test process that ends normally without stop(); the watchdog covers one that is killed.
  const killOnExit = (): void => void child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    // A deliberate halt leaves the watchdog's parent alive, so it never deletes the directory.
    if (running) await terminate(running);
  };
  const start = async (): Promise<void> => {
    if (child && !hasExited(child)) throw new Error('Synapse is already running');
    const { process: started, output } = launch(configPath, dir);
    child = started;
    try {
      await waitUntilReady(baseUrl, started, () => tail(output(), logFile));
    } catch (error) {
      await halt();
      throw error;
    }
  };
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    baseUrl,
    serverName: SERVER_NAME,
    dir,
    registerUser: (localpart, password, registerOptions = {}) => registerUser(baseUrl, secret, localpart, password, registerOptions),
    halt,
    start,
    async restart() {
      await halt();
      await start();
    },
    stop,
  };
}

/** One run of the server behind the watchdog, with the tail of its output kept for start-up errors. */
function launch(configPath: string, dir: string): { process: ChildProcess; output: () => string } {
  const child = spawn(SYNAPSE_PYTHON, ['-c', WATCHDOG, '--config-path', configPath], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { process: child, output: () => output };
}

function generateKeys(configPath: string): void {
  const result = spawnSync(SYNAPSE_PYTHON, ['-m', 'synapse.app.homeserver', '--config-path', configPath, '--generate-keys'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`Synapse could not generate its signing key (exit code ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no free port'))));
    });
  });
}

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/** Both endpoints: /health answers before the client API's servlets are necessarily usable. */
async function waitUntilReady(baseUrl: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const answers = (path: string): Promise<boolean> =>
    fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
  for (;;) {
    if (hasExited(child)) {
      throw new Error(`Synapse exited (${child.exitCode ?? child.signalCode}) while starting. Its log ends:\n${logTail()}`);
    }
    if ((await answers('/health')) && (await answers('/_matrix/client/versions'))) return;
    if (Date.now() > deadline) {
      throw new Error(`Synapse did not answer ${baseUrl}/health within ${START_TIMEOUT_MS / 1000} s. Its log ends:\n${logTail()}`);
    }
    await sleep(150);
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function tail(output: string, logFile: string): string {
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  return `${output}\n${log}`.trim().split('\n').slice(-30).join('\n');
}

/** Synapse's shared-secret registration: HMAC-SHA1 over nonce, user, password and admin flag. */
async function registerUser(
  baseUrl: string,
  secret: string,
  localpart: string,
  password: string,
  { displayName, admin = false }: RegisterOptions,
): Promise<RegisteredUser> {
  const url = `${baseUrl}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(url)).json()) as { nonce: string };
  const mac = createHmac('sha1', secret)
    .update([nonce, localpart, password, admin ? 'admin' : 'notadmin'].join('\0'))
    .digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac }),
  });
  const body = (await response.json()) as { user_id?: string; access_token?: string; device_id?: string; error?: string };
  if (!response.ok || !body.user_id || !body.access_token || !body.device_id) {
    throw new Error(`registering ${localpart} failed: ${response.status} ${body.error ?? ''}`);
  }
  const user = { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id };
  if (displayName !== undefined) await setDisplayName(baseUrl, user, displayName);
  return user;
}

async function setDisplayName(baseUrl: string, user: RegisteredUser, displayName: string): Promise<void> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(user.userId)}/displayname`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${user.accessToken}` },
    body: JSON.stringify({ displayname: displayName }),
  });
  if (!response.ok) throw new Error(`setting ${user.userId}'s display name failed: ${response.status} ${await response.text()}`);
}
