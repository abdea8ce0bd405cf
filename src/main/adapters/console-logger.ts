import type { LogFields, Logger } from '../core/ports.ts';

type Level = 'info' | 'warn' | 'error';

export interface ConsoleLoggerOptions {
  /** Where each line goes; stderr by default, so stdout stays free for tools. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * A field whose name suggests a secret is never printed, whatever its value: callers are told to
 * log identifiers and codes only, and this catches the day one of them forgets.
 */
const SECRET_KEY = /token|passw|passphrase|secret|key|credential|authori[sz]ation|cookie|pickle|recovery/i;
const MAX_VALUE_LENGTH = 500;

/** One JSON object per line: `{"time","level","scope","msg",...fields}`; `scope` names the process. */
export function createConsoleLogger(scope = 'main', options: ConsoleLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? (() => new Date());

  const log = (level: Level, message: string, fields: LogFields = {}): void => {
    const record: Record<string, string | number | boolean | null> = { time: now().toISOString(), level, scope, msg: message };
    for (const [key, value] of Object.entries(fields)) {
      if (key in record) continue;
      record[key] = SECRET_KEY.test(key) ? '[redacted]' : clip(value);
    }
    write(`${JSON.stringify(record)}\n`);
  };

  return {
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

function clip(value: string | number | boolean | null): string | number | boolean | null {
  return typeof value === 'string' && value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}
