/**
 * A test fixture run as a child process (so it can be SIGKILLed) that prints JSON lines and reads
 * JSON commands on stdin: the machinery behind the crypto-peer and outbox-core drivers.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../..');
const STDERR_KEPT = 20_000;

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface JsonLinesChild<Output extends { type: string }, Command> {
  /** Every line printed so far, in order. */
  readonly outputs: readonly Output[];
  readonly exited: Promise<ChildExit>;
  /** Resolves with the first line (printed already, or to come) that matches; fails on an error line or an exit. */
  waitFor(matches: (output: Output) => boolean, timeoutMs: number, what: string): Promise<Output>;
  command(command: Command): void;
  /** Asks the child to stop (`{cmd:'stop'}`) and waits for it to exit. */
  stop(): Promise<ChildExit>;
  /** SIGKILL: no handler, no flush, no clean-up. */
  kill(): Promise<ChildExit>;
  stderr(): string;
}

/** Runs `script` (TypeScript, relative to the repo) with its config in the environment variable `envName`. */
export function startJsonLinesChild<Output extends { type: string }, Command>(
  script: string,
  envName: string,
  config: unknown,
): JsonLinesChild<Output, Command> {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', resolve(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, [envName]: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const outputs: Output[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let done = false;
  const keep = (text: string): void => {
    stderr = (stderr + text).slice(-STDERR_KEPT);
  };
  child.stderr.on('data', (chunk: Buffer) => keep(chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    // Anything else on stdout is a stray log line, kept with stderr for the failure message.
    if (!line.startsWith('{')) return keep(`${line}\n`);
    outputs.push(JSON.parse(line) as Output);
    for (const listener of listeners) listener();
  });
  const exited = new Promise<ChildExit>((settle) =>
    child.once('exit', (code, signal) => {
      done = true;
      settle({ code, signal });
      for (const listener of listeners) listener();
    }),
  );

  const waitFor = (matches: (output: Output) => boolean, timeoutMs: number, what: string): Promise<Output> =>
    new Promise((found, fail) => {
      const check = (): void => {
        const hit = outputs.find(matches);
        if (hit) return finish(() => found(hit));
        const error = outputs.find((output) => output.type === 'error');
        if (error) return finish(() => fail(new Error(`${script} failed while waiting for ${what}: ${JSON.stringify(error)}\n${stderr}`)));
        if (done) return finish(() => fail(new Error(`${script} exited while waiting for ${what}; stderr:\n${stderr}`)));
      };
      const timer = setTimeout(() => finish(() => fail(new Error(`no ${what} from ${script} in ${timeoutMs} ms; stderr:\n${stderr}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    outputs,
    exited,
    waitFor,
    command: (command) => void child.stdin.write(`${JSON.stringify(command)}\n`),
    stop: async () => {
      if (!done) child.stdin.write(`${JSON.stringify({ cmd: 'stop' })}\n`);
      return exited;
    },
    kill: async () => {
      if (!done) child.kill('SIGKILL');
      return exited;
    },
    stderr: () => stderr,
  };
}
