import type { PolicySource } from './policy/policy-sources.ts';

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
  /** The tray, start at login and proxy settings apply (the Electron app); the browser harness has none. */
  readonly desktop?: boolean;
}

/** A desktop notification, in words already translated. */
export interface NotificationRequest {
  /**
   * One notification per tag at a time: a request with the tag of one still shown replaces it, so a
   * burst in a room updates one notification instead of stacking many. Tags are per room.
   */
  readonly tag: string;
  /** The room a click opens (for a summary, the first room with news). */
  readonly roomId: string;
  /** The event a click scrolls to, where there is one. */
  readonly eventId: string | null;
  readonly title: string;
  readonly body: string;
  /** The sender's or room's picture; null when previews are off or there is none. */
  readonly iconMxc: string | null;
  /**
   * Replaces a notification of the same room shown moments ago: update it without a sound or a
   * new banner, so a busy room does not ring with every line.
   */
  readonly silent: boolean;
}

/** Why an event did or did not notify; recorded for diagnostics and observed by tests. */
export type NotificationOutcome = 'notified' | 'coalesced' | 'summarised' | 'push-rules' | 'focused' | 'do-not-disturb' | 'own' | 'history';

export interface NotificationDecision {
  readonly roomId: string;
  readonly eventId: string;
  readonly outcome: NotificationOutcome;
}

/** The operating system's notifications (Electron's `Notification` in the app; a recorder in tests and the harness). */
export interface Notifier {
  show(request: NotificationRequest): void;
  /** Removes what is shown for the room: it has been read, here or on another device. */
  clear(roomId: string): void;
  /** Every decision the engine made, notified or not. */
  recordDecision?(decision: NotificationDecision): void;
}

export interface UnreadCounts {
  /** Rooms with unread notifying messages. */
  readonly rooms: number;
  /** Notifying messages across all rooms. */
  readonly notifications: number;
  /** Mentions and keywords across all rooms. */
  readonly highlights: number;
  readonly invites: number;
}

/** The dock/taskbar badge and the tray icon's unread state. */
export interface UnreadIndicator {
  set(counts: UnreadCounts): void;
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
  /** Desktop notifications; none are shown without one. */
  readonly notifier?: Notifier;
  /** The unread badge; none is shown without one. */
  readonly unread?: UnreadIndicator;
  /**
   * Opens a URL in the user's browser, through the app's one allowlisting gate; resolves whether it
   * did. Single sign-on needs it (the identity provider's page belongs in the real browser, with its
   * password manager and smart cards), and without it single sign-on fails with BROWSER_UNAVAILABLE.
   */
  readonly openExternal?: (url: string) => Promise<boolean>;
  /** How long single sign-on waits for the browser (default five minutes); tests shorten it. */
  readonly ssoTimeoutMs?: number;
  /** Where the organisation's policy comes from, highest precedence first (machine, then user). None: no policy. */
  readonly policySources?: readonly PolicySource[];
}
