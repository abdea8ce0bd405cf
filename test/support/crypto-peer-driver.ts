/**
 * Drives test/integration/fixtures/crypto-peer.ts: the encrypted "core process" that the crypto
 * durability test restarts, kills and starts wrongly.
 */
import type { PeerCommand, PeerConfig, PeerOutput } from '../integration/fixtures/crypto-peer.ts';
import { startJsonLinesChild, type ChildExit } from './json-lines-child.ts';

const WAIT_MS = 20_000;

type OutputOf<T extends PeerOutput['type']> = Extract<PeerOutput, { type: T }>;

export type PeerExit = ChildExit;

export interface CryptoPeer {
  readonly outputs: readonly PeerOutput[];
  readonly exited: Promise<PeerExit>;
  /** Resolves with the first line (already printed or still to come) of that type that matches. */
  waitFor<T extends PeerOutput['type']>(type: T, matches?: (output: OutputOf<T>) => boolean, timeoutMs?: number): Promise<OutputOf<T>>;
  command(command: PeerCommand): void;
  stop(): Promise<PeerExit>;
  kill(): Promise<PeerExit>;
  stderr(): string;
}

export function startCryptoPeer(config: PeerConfig): CryptoPeer {
  const child = startJsonLinesChild<PeerOutput, PeerCommand>('test/integration/fixtures/crypto-peer.ts', 'PLENUM_CRYPTO_PEER', config);
  return {
    ...child,
    outputs: child.outputs,
    waitFor: (type, matches = () => true, timeoutMs = WAIT_MS) =>
      child.waitFor(
        (output) => output.type === type && matches(output as OutputOf<typeof type>),
        timeoutMs,
        type,
      ) as Promise<OutputOf<typeof type>>,
  };
}
