/**
 * The ports through which the plain-Node core reaches the operating system. Electron, the browser
 * harness and the tests each supply their own adapters; the core never imports `electron`.
 */

/** The OS keychain. `get` resolves to null when no secret is stored under the account. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

/** Logs never carry tokens, keys or message bodies: callers pass identifiers and codes only. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface AppIdentity {
  readonly version: string;
  readonly locale: string;
  /** Shown to the user in their sessions list, e.g. "Plenum on laptop-42". */
  readonly deviceDisplayName: string;
  /** Pre-filled on the sign-in screen (later also set by managed policy). */
  readonly defaultHomeserver?: string;
}

export interface CorePorts {
  readonly secrets: SecretStore;
  readonly logger: Logger;
  readonly app: AppIdentity;
  /** Where the local store lives (the per-user application data directory). */
  readonly dataDir: string;
  /**
   * The encrypted crypto store's directory (default: `<dataDir>/crypto`). It is process-wide, so
   * tests running several cores in one process share one; devices never collide inside it.
   */
  readonly cryptoDir?: string;
  /** All of the core's HTTP; Electron supplies `net.fetch` (system proxy, OS certificates). Default: Node's fetch. */
  readonly fetch?: typeof fetch;
}
