/**
 * Runs test/integration/fixtures/outbox-core.ts as a child process and reads its JSON lines: the
 * app that outbox-kill.test.ts starts, SIGKILLs and starts again.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { OutboxCoreCommand, OutboxCoreConfig, OutboxCoreOutput } from '../integration/fixtures/outbox-core.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = resolve(ROOT, 'test/integration/fixtures/outbox-core.ts');

export interface OutboxCoreProcess {
  /** Every line printed so far, in order. */
  readonly outputs: readonly OutboxCoreOutput[];
  /** Resolves with the first line (printed already, or to come) that matches. */
  waitFor<T extends OutboxCoreOutput>(matches: (output: OutboxCoreOutput) => output is T, timeoutMs?: number): Promise<T>;
  waitFor(matches: (output: OutboxCoreOutput) => boolean, timeoutMs?: number): Promise<OutboxCoreOutput>;
  command(command: OutboxCoreCommand): void;
  /** SIGKILL: no handler, no flush, no clean-up. */
  kill(): Promise<void>;
  /** Asks the core to dispose and exit. */
  stop(): Promise<number | null>;
  stderr(): string;
}

export function startOutboxCore(config: OutboxCoreConfig): OutboxCoreProcess {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', CHILD], {
    cwd: ROOT,
    env: { ...process.env, PLENUM_OUTBOX_CORE: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const outputs: OutboxCoreOutput[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return void (stderr = (stderr + line + '\n').slice(-20_000));
    outputs.push(JSON.parse(line) as OutboxCoreOutput);
    for (const listener of listeners) listener();
  });
  const exit = new Promise<number | null>((settle) =>
    child.once('exit', (code) => {
      exited = true;
      settle(code);
      for (const listener of listeners) listener();
    }),
  );

  const waitFor = (matches: (output: OutboxCoreOutput) => boolean, timeoutMs = 60_000): Promise<OutboxCoreOutput> =>
    new Promise((found, fail) => {
      const check = (): void => {
        const hit = outputs.find(matches);
        if (hit) return finish(() => found(hit));
        const error = outputs.find((output) => output.type === 'error');
        if (error) return finish(() => fail(new Error(`the core failed: ${JSON.stringify(error)}\n${stderr}`)));
        if (exited) return finish(() => fail(new Error(`the core exited; stderr:\n${stderr}`)));
      };
      const timer = setTimeout(() => finish(() => fail(new Error(`timed out after ${timeoutMs} ms; stderr:\n${stderr}`))), timeoutMs);
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
    waitFor: waitFor as OutboxCoreProcess['waitFor'],
    command: (command) => void child.stdin.write(`${JSON.stringify(command)}\n`),
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    stop: async () => {
      if (!exited) child.stdin.write(`${JSON.stringify({ cmd: 'stop' })}\n`);
      return exit;
    },
    stderr: () => stderr,
  };
}
