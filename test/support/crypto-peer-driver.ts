/**
 * Runs test/integration/fixtures/crypto-peer.ts as a child process and reads its JSON lines: the
 * encrypted "core process" that the crypto durability test restarts, kills and starts wrongly.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { PeerCommand, PeerConfig, PeerOutput } from '../integration/fixtures/crypto-peer.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PEER = resolve(ROOT, 'test/integration/fixtures/crypto-peer.ts');
const WAIT_MS = 20_000;

type OutputOf<T extends PeerOutput['type']> = Extract<PeerOutput, { type: T }>;

export interface PeerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface CryptoPeer {
  /** Every line printed so far, in order. */
  readonly outputs: readonly PeerOutput[];
  readonly exited: Promise<PeerExit>;
  /** Resolves with the first line (already printed or still to come) of that type that matches. */
  waitFor<T extends PeerOutput['type']>(type: T, matches?: (output: OutputOf<T>) => boolean, timeoutMs?: number): Promise<OutputOf<T>>;
  command(command: PeerCommand): void;
  /** Asks the peer to stop its client and exit; resolves with how it exited. */
  stop(): Promise<PeerExit>;
  /** SIGKILL: no handler, no flush, no exit code. */
  kill(): Promise<PeerExit>;
  stderr(): string;
}

export function startCryptoPeer(config: PeerConfig): CryptoPeer {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', PEER], {
    cwd: ROOT,
    env: { ...process.env, PLENUM_CRYPTO_PEER: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const outputs: PeerOutput[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    // Anything else on stdout is a stray log line, kept with stderr for the failure message.
    if (!line.startsWith('{')) return void (stderr = (stderr + line + '\n').slice(-20_000));
    outputs.push(JSON.parse(line) as PeerOutput);
    for (const listener of listeners) listener();
  });
  let done = false;
  const exited = new Promise<PeerExit>((settle) =>
    child.once('exit', (code, signal) => {
      done = true;
      settle({ code, signal });
      for (const listener of listeners) listener();
    }),
  );

  const waitFor: CryptoPeer['waitFor'] = (type, matches = () => true, timeoutMs = WAIT_MS) =>
    new Promise((found, fail) => {
      type Wanted = OutputOf<typeof type>;
      const check = (): void => {
        const hit = outputs.find((output): output is Wanted => output.type === type && matches(output as Wanted));
        if (hit) return finish(() => found(hit));
        const error = type === 'error' ? undefined : outputs.find((output) => output.type === 'error');
        if (error) return finish(() => fail(new Error(`peer failed while waiting for ${type}: ${JSON.stringify(error)}`)));
        if (done) return finish(() => fail(new Error(`peer exited while waiting for ${type}; stderr:\n${stderr}`)));
      };
      const timer = setTimeout(() => finish(() => fail(new Error(`no ${type} from the peer in ${timeoutMs} ms; stderr:\n${stderr}`))), timeoutMs);
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
