import type { Logger as SdkLogger } from 'matrix-js-sdk/lib/logger.js';
import type { Logger } from '../ports.ts';

const MAX_MESSAGE = 300;

/**
 * matrix-js-sdk's client logger, routed into Plenum's Logger. Only warnings and errors pass, and
 * only their leading text: the SDK's extra arguments can be events or request bodies, which must
 * never reach a log file.
 */
export function createSdkLogger(logger: Logger, namespace = 'sdk'): SdkLogger {
  const text = (parts: unknown[]): string => {
    const first = parts.find((part) => typeof part === 'string') ?? (parts[0] instanceof Error ? parts[0].name : 'event');
    return first.slice(0, MAX_MESSAGE);
  };
  const drop = (): void => {};
  return {
    trace: drop,
    debug: drop,
    info: drop,
    warn: (...parts: unknown[]) => logger.warn(`${namespace}: ${text(parts)}`),
    error: (...parts: unknown[]) => logger.error(`${namespace}: ${text(parts)}`),
    getChild: (child: string) => createSdkLogger(logger, `${namespace}:${child}`),
  };
}
