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

interface LoglevelLogger {
  methodFactory: (methodName: string, level: number, loggerName: string | symbol) => (...args: unknown[]) => void;
  setLevel(level: 'warn', persist: boolean): void;
  rebuild(): void;
}
const quietened = new WeakSet<object>();

/**
 * Parts of matrix-js-sdk log through its process-wide loglevel logger. Its child loggers (one per
 * MatrixRTC session, named after the room ID) are created at debug level and copy the parent's
 * method factory: a factory that drops everything below a warning keeps room IDs and event details
 * of every such child off the console.
 */
export function quietSdkGlobalLogger(root: object): void {
  if (quietened.has(root)) return;
  quietened.add(root);
  const logger = root as LoglevelLogger;
  const original = logger.methodFactory;
  logger.methodFactory = (methodName, level, loggerName) =>
    methodName === 'warn' || methodName === 'error' ? original(methodName, level, loggerName) : () => {};
  logger.setLevel('warn', false);
  logger.rebuild();
}
