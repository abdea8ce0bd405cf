/**
 * A message the user sent from this device that the server has not confirmed yet (or has just
 * confirmed): Plenum's local echo. The item leaves the list once its event is in the room's timeline.
 */
export interface OutboxItem {
  /** Stable across restarts; also the Matrix transaction ID the message is sent with. */
  readonly localId: string;
  readonly roomId: string;
  /** What the user typed (plain text, or the Markdown source); a reaction's key; empty for a deletion. */
  readonly body: string;
  /** org.matrix.custom.html when Markdown produced formatting; the renderer sanitises it like any formatted body. */
  readonly formattedBody: string | null;
  /** A file being sent (the body is then its name); null for text. */
  readonly attachment: OutboxAttachment | null;
  readonly state: OutboxState;
  /**
   * Why the last attempt failed, or why it waits: `RATE_LIMITED`, `NETWORK`, `SERVER_ERROR`,
   * `WAITING_FOR_ROOM`, `ENCRYPTION` (retried); `NOT_IN_ROOM`, `FORBIDDEN`, `TOO_LARGE`, `EXPIRED`, `FILE_MISSING` (a file's stored bytes vanished from disk),
   * or the server's errcode (failed). Null while nothing went wrong.
   */
  readonly error: string | null;
  /** Milliseconds since the epoch: when the user sent it. */
  readonly createdAt: number;
  /** When a waiting message is tried again (epoch ms); null when not waiting. */
  readonly nextAttemptAt: number | null;
  /** The server's event ID once sent. */
  readonly eventId: string | null;
  /**
   * What it does to another message: a reply is shown as a message of its own, a thread reply
   * (`eventId` its root) in the thread's panel; an edit, a
   * reaction or a deletion is shown on the message it changes. Null for a plain new message.
   */
  readonly relation: OutboxRelation | null;
}

export type OutboxRelation =
  | { readonly type: 'reply' | 'edit' | 'redaction' | 'thread'; readonly eventId: string }
  | { readonly type: 'reaction'; readonly eventId: string; readonly key: string };

/**
 * queued → encrypting (encrypted rooms) → sending → sent, or failed. Messages queued behind a
 * failed one in the same room stay queued until it is retried or discarded, so order is kept.
 */
export type OutboxState = 'queued' | 'encrypting' | 'sending' | 'sent' | 'failed';

export interface OutboxAttachment {
  readonly name: string;
  readonly mimetype: string;
  readonly size: number;
  /** For images. */
  readonly width: number | null;
  readonly height: number | null;
}
