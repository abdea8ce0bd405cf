/**
 * Drives test/integration/fixtures/outbox-core.ts: the app that outbox-kill.test.ts starts,
 * SIGKILLs and starts again.
 */
import type { OutboxCoreCommand, OutboxCoreConfig, OutboxCoreOutput } from '../integration/fixtures/outbox-core.ts';
import { startJsonLinesChild } from './json-lines-child.ts';

export interface OutboxCoreProcess {
  readonly outputs: readonly OutboxCoreOutput[];
  /** Resolves with the first line (printed already, or to come) that matches. */
  waitFor<T extends OutboxCoreOutput>(matches: (output: OutboxCoreOutput) => output is T, timeoutMs?: number): Promise<T>;
  waitFor(matches: (output: OutboxCoreOutput) => boolean, timeoutMs?: number): Promise<OutboxCoreOutput>;
  command(command: OutboxCoreCommand): void;
  /** SIGKILL: no handler, no flush, no clean-up. */
  kill(): Promise<void>;
  /** Asks the core to dispose and exit; resolves with its exit code. */
  stop(): Promise<number | null>;
  stderr(): string;
}

export function startOutboxCore(config: OutboxCoreConfig): OutboxCoreProcess {
  const child = startJsonLinesChild<OutboxCoreOutput, OutboxCoreCommand>('test/integration/fixtures/outbox-core.ts', 'PLENUM_OUTBOX_CORE', config);
  return {
    outputs: child.outputs,
    waitFor: ((matches: (output: OutboxCoreOutput) => boolean, timeoutMs = 60_000) =>
      child.waitFor(matches, timeoutMs, 'the awaited line')) as OutboxCoreProcess['waitFor'],
    command: child.command,
    kill: async () => {
      await child.kill();
    },
    stop: async () => (await child.stop()).code,
    stderr: child.stderr,
  };
}
