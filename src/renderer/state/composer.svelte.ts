import type { ErrorCode } from '../../shared/ipc/result.ts';
import type { BridgeApi, Unsubscribe } from '../../shared/ipc/types.ts';
import { attachmentMimetype, attachmentName, encodeAttachment, isBitmapImage, MAX_ATTACHMENT_BYTES } from '../lib/attachments.ts';
import { TYPING_TIMINGS, TypingNotifier, type TypingTimings } from './typing.svelte.ts';

/** The contract's cap on a message body (the server refuses events above 64 KiB anyway). */
export const MAX_BODY_LENGTH = 65_536;

/** A file chosen for the next message, shown as a chip until it is sent or removed. */
export interface PendingAttachment {
  readonly id: number;
  readonly file: File;
  readonly name: string;
  readonly size: number;
  readonly mimetype: string;
  /** An object URL for the chip's thumbnail (bitmap images only); revoked when the chip goes. */
  readonly previewUrl: string | null;
}

/**
 * The organisation's upload limit, as the composer reads it when files are chosen (PolicyModel has
 * this shape); null: only the app's and the server's own limits apply.
 */
export interface UploadPolicy {
  readonly maxUploadMb: number | null;
}
const NO_UPLOAD_POLICY: UploadPolicy = { maxUploadMb: null };
/** One MB of MaxUploadSizeMb, counted as the core counts it. */
const POLICY_MB = 1024 * 1024;

/** Something the composer has to explain; the view turns it into words. */
export type ComposerNotice = { readonly id: number } & (
  | { readonly kind: 'fileTooLarge'; readonly name: string; readonly size: number }
  | { readonly kind: 'fileOverPolicy'; readonly name: string; readonly size: number; readonly limitMb: number }
  | { readonly kind: 'fileEmpty'; readonly name: string }
  | { readonly kind: 'serverTooLarge'; readonly name: string }
  | { readonly kind: 'fileUnreadable'; readonly name: string }
  | { readonly kind: 'fileFailed'; readonly name: string; readonly code: ErrorCode }
  | { readonly kind: 'messageTooLong'; readonly length: number }
  | { readonly kind: 'sendFailed'; readonly code: ErrorCode }
  | { readonly kind: 'editFailed'; readonly code: ErrorCode }
);

/** The message the next one answers, as the bar above the field shows it. */
export interface ReplyDraft {
  readonly eventId: string;
  readonly senderName: string;
  readonly text: string;
}

/** One of the user's own messages being edited in the field; the draft typed before waits meanwhile. */
export interface EditDraft {
  readonly eventId: string;
  readonly original: string;
  readonly stashedText: string;
}

/** What the timeline tells the composer: the user's newest message they may edit (for the Up arrow). */
export type LastEditable = () => { readonly eventId: string; readonly body: string } | null;

type NoticeInit = ComposerNotice extends infer N ? (N extends ComposerNotice ? Omit<N, 'id'> : never) : never;

/** Leading blank lines and trailing whitespace are never meant; indentation inside is (code blocks). */
export const messageBody = (text: string): string => text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();

let nextId = 1;

/**
 * One room's composer: the draft, the chosen files, what went wrong, and the typing notices. It
 * outlives the view (see ComposerRegistry), so a draft survives switching rooms.
 */
export class ComposerModel {
  readonly roomId: string;
  #bridge: BridgeApi;
  #typing: TypingNotifier;
  #uploads: UploadPolicy;
  #text = $state('');
  #attachments = $state.raw<readonly PendingAttachment[]>([]);
  #notices = $state.raw<readonly ComposerNotice[]>([]);
  #sending = $state(0);
  #focusRequested = $state(false);
  #added = $state.raw<{ readonly count: number; readonly serial: number } | null>(null);
  #replyingTo = $state.raw<ReplyDraft | null>(null);
  /** The pills inserted since the field was last emptied; only those still in the text count. */
  #pills: { readonly kind: 'user' | 'room'; readonly id: string; readonly text: string }[] = [];
  #editing = $state.raw<EditDraft | null>(null);
  /** The room's display name, kept current by the room's composer view, for the drop overlay. */
  roomName = $state('');
  /** Set by the room's timeline while it is shown. */
  lastEditable: LastEditable = () => null;

  constructor(bridge: BridgeApi, roomId: string, timings: TypingTimings = TYPING_TIMINGS, uploads: UploadPolicy = NO_UPLOAD_POLICY) {
    this.#bridge = bridge;
    this.roomId = roomId;
    this.#uploads = uploads;
    this.#typing = new TypingNotifier(bridge, roomId, timings);
  }

  get text(): string {
    return this.#text;
  }
  /** What the user typed; typing in it tells the room, emptying it stops the notice. */
  set text(value: string) {
    this.#text = value;
    if (value.trim() === '') this.#typing.stop();
    else this.#typing.typed();
  }
  get attachments(): readonly PendingAttachment[] {
    return this.#attachments;
  }
  get notices(): readonly ComposerNotice[] {
    return this.#notices;
  }
  /** Files are still being read and handed to the outbox. */
  get sending(): boolean {
    return this.#sending > 0;
  }
  get canSend(): boolean {
    if (this.#editing) return messageBody(this.#text) !== '';
    return messageBody(this.#text) !== '' || this.#attachments.length > 0;
  }
  get replyingTo(): ReplyDraft | null {
    return this.#replyingTo;
  }
  get editing(): EditDraft | null {
    return this.#editing;
  }

  /** The next message answers this one; an edit under way ends first (its text back to the draft). */
  startReply(reply: ReplyDraft): void {
    if (this.#editing) this.cancelEdit();
    this.#replyingTo = reply;
    this.#focusRequested = true;
  }

  cancelReply(): void {
    this.#replyingTo = null;
  }

  /** The autocomplete put a pill in the text: a person, a room, or @room. */
  addPill(kind: 'user' | 'room' | 'everyone', id: string | null, text: string): void {
    if (kind !== 'everyone' && id !== null) this.#pills.push({ kind, id, text });
  }

  /** What the text mentions, for messages.send; undefined when it mentions nobody. */
  #mentionsIn(body: string): { users: { userId: string; text: string }[]; rooms: { roomId: string; text: string }[]; room: boolean } | undefined {
    const present = this.#pills.filter((pill) => body.includes(pill.text));
    const room = /(^|\W)@room(\W|$)/.test(body);
    if (present.length === 0 && !room) return undefined;
    return {
      users: present.filter((pill) => pill.kind === 'user').map((pill) => ({ userId: pill.id, text: pill.text })),
      rooms: present.filter((pill) => pill.kind === 'room').map((pill) => ({ roomId: pill.id, text: pill.text })),
      room,
    };
  }

  /** Puts the message's text in the field; what was typed before comes back when the edit ends. */
  startEdit(eventId: string, body: string): void {
    const stashedText = this.#editing ? this.#editing.stashedText : this.#text;
    this.#replyingTo = null;
    this.#editing = { eventId, original: body, stashedText };
    this.#text = body;
    this.#focusRequested = true;
  }

  /** Up arrow in an empty field: edits the newest message the user may edit. False when there is none. */
  editLast(): boolean {
    const last = this.lastEditable();
    if (!last) return false;
    this.startEdit(last.eventId, last.body);
    return true;
  }

  cancelEdit(): void {
    const editing = this.#editing;
    if (!editing) return;
    this.#editing = null;
    this.#text = editing.stashedText;
  }
  /** Something outside the field (a drop) wants it focused; the view calls focusHandled(). */
  get focusRequested(): boolean {
    return this.#focusRequested;
  }
  /** How many files the last attach() added; a new serial each time, so the view can announce it again. */
  get added(): { readonly count: number; readonly serial: number } | null {
    return this.#added;
  }

  /**
   * Adds files as chips; a file that can never be sent is explained instead of added: one above the
   * organisation's limit (main would refuse it too) or the app's, or an empty one.
   */
  attach(files: Iterable<File>): void {
    const added: PendingAttachment[] = [];
    const refused: NoticeInit[] = [];
    const limitMb = this.#uploads.maxUploadMb;
    for (const file of files) {
      const name = attachmentName(file);
      if (limitMb !== null && file.size > limitMb * POLICY_MB) refused.push({ kind: 'fileOverPolicy', name, size: file.size, limitMb });
      else if (file.size > MAX_ATTACHMENT_BYTES) refused.push({ kind: 'fileTooLarge', name, size: file.size });
      else if (file.size === 0) refused.push({ kind: 'fileEmpty', name });
      else {
        const mimetype = attachmentMimetype(file);
        const previewUrl = isBitmapImage(mimetype) ? URL.createObjectURL(file) : null;
        added.push({ id: nextId++, file, name, size: file.size, mimetype, previewUrl });
      }
    }
    this.#attachments = [...this.#attachments, ...added];
    if (added.length > 0) this.#added = { count: added.length, serial: nextId++ };
    this.#notices = refused.map((notice) => ({ ...notice, id: nextId++ }) as ComposerNotice);
  }

  remove(id: number): void {
    const gone = this.#attachments.find((attachment) => attachment.id === id);
    if (!gone) return;
    revoke(gone);
    this.#attachments = this.#attachments.filter((attachment) => attachment !== gone);
  }

  clearAttachments(): void {
    this.#attachments.forEach(revoke);
    this.#attachments = [];
    this.#added = null;
  }

  dismissNotice(id: number): void {
    this.#notices = this.#notices.filter((notice) => notice.id !== id);
  }

  requestFocus(): void {
    this.#focusRequested = true;
  }

  focusHandled(): void {
    this.#focusRequested = false;
  }

  /** The field lost focus or the room view closed: the user is no longer typing here. */
  stopTyping(): void {
    this.#typing.stop();
  }

  /**
   * Sends the text (Markdown, rendered by the core), then each file in order. The field empties at
   * once: the outbox has the message on disk when `messages.send` answers. What fails comes back —
   * the text into the field, the files as chips — with an explanation; nothing is lost.
   */
  async send(): Promise<void> {
    if (this.#editing) return this.#saveEdit(this.#editing);
    const body = messageBody(this.#text);
    const files = this.#attachments;
    if (body === '' && files.length === 0) return;
    if (body.length > MAX_BODY_LENGTH) {
      this.#notices = [{ id: nextId++, kind: 'messageTooLong', length: body.length }];
      return;
    }
    this.#typing.stop();
    const reply = this.#replyingTo;
    const mentions = this.#mentionsIn(body);
    this.#text = '';
    this.#attachments = [];
    this.#notices = [];
    this.#added = null;
    this.#replyingTo = null;
    this.#sending += 1;
    try {
      if (body !== '') {
        const request = { roomId: this.roomId, body, markdown: true, ...(reply ? { replyTo: reply.eventId } : {}), ...(mentions ? { mentions } : {}) };
        const sent = await this.#bridge.invoke('messages.send', request);
        if (!sent.ok) {
          // Whatever was typed meanwhile stays, after the message that came back, and so does the reply.
          this.#text = this.#text === '' ? body : `${body}\n${this.#text}`;
          this.#attachments = [...files, ...this.#attachments];
          this.#replyingTo ??= reply;
          this.#notice({ kind: 'sendFailed', code: sent.error.code });
          return;
        }
        this.#pills = [];
      }
      for (const attachment of files) await this.#sendFile(attachment);
    } finally {
      this.#sending -= 1;
    }
  }

  dispose(): void {
    this.#typing.stop();
    this.clearAttachments();
  }

  /** An unchanged text just ends the edit; a failure keeps the field in edit mode with the text. */
  async #saveEdit(editing: EditDraft): Promise<void> {
    const body = messageBody(this.#text);
    if (body === '') return;
    if (body.length > MAX_BODY_LENGTH) {
      this.#notices = [{ id: nextId++, kind: 'messageTooLong', length: body.length }];
      return;
    }
    this.#typing.stop();
    this.#editing = null;
    this.#text = editing.stashedText;
    this.#notices = [];
    if (body === messageBody(editing.original)) return;
    this.#sending += 1;
    try {
      const saved = await this.#bridge.invoke('messages.edit', { roomId: this.roomId, eventId: editing.eventId, body, markdown: true });
      if (!saved.ok) {
        this.#editing = { ...editing, stashedText: this.#text };
        this.#text = body;
        this.#notice({ kind: 'editFailed', code: saved.error.code });
      }
    } finally {
      this.#sending -= 1;
    }
  }

  async #sendFile(attachment: PendingAttachment): Promise<void> {
    let encoded;
    try {
      encoded = await encodeAttachment(attachment.file);
    } catch {
      revoke(attachment);
      this.#notice({ kind: 'fileUnreadable', name: attachment.name });
      return;
    }
    const sent = await this.#bridge.invoke('messages.sendFile', { roomId: this.roomId, ...encoded });
    if (sent.ok) revoke(attachment);
    else if (sent.error.code === 'TOO_LARGE') {
      revoke(attachment);
      this.#notice({ kind: 'serverTooLarge', name: attachment.name });
    } else {
      this.#attachments = [...this.#attachments, attachment];
      this.#notice({ kind: 'fileFailed', name: attachment.name, code: sent.error.code });
    }
  }

  #notice(notice: NoticeInit): void {
    this.#notices = [...this.#notices, { ...notice, id: nextId++ } as ComposerNotice];
  }
}

function revoke(attachment: PendingAttachment): void {
  if (attachment.previewUrl) URL.revokeObjectURL(attachment.previewUrl);
}

/**
 * Every room's composer, kept for the session so that drafts and chosen files survive switching
 * rooms and the room's drop target reaches the same model as its composer. Signing out forgets
 * them: the next account on this computer must not find the last one's drafts.
 */
export class ComposerRegistry {
  #bridge: BridgeApi;
  #timings: TypingTimings;
  #uploads: UploadPolicy;
  // Not reactive on purpose: views look models up inside $derived, where creating one may not
  // trigger updates; a room's model never changes once made.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #models = new Map<string, ComposerModel>();
  #stop: Unsubscribe;

  constructor(bridge: BridgeApi, timings: TypingTimings = TYPING_TIMINGS, uploads: UploadPolicy = NO_UPLOAD_POLICY) {
    this.#bridge = bridge;
    this.#timings = timings;
    this.#uploads = uploads;
    this.#stop = bridge.on('session.changed', (session) => {
      if (session.state !== 'signedIn') this.clear();
    });
  }

  get(roomId: string): ComposerModel {
    let model = this.#models.get(roomId);
    if (!model) {
      model = new ComposerModel(this.#bridge, roomId, this.#timings, this.#uploads);
      this.#models.set(roomId, model);
    }
    return model;
  }

  clear(): void {
    for (const model of this.#models.values()) model.dispose();
    this.#models.clear();
  }

  dispose(): void {
    this.#stop();
    this.clear();
  }
}

const registries = new WeakMap<BridgeApi, ComposerRegistry>();

/**
 * The one registry for this bridge (the app has one bridge, and one policy, for its lifetime): the
 * first call makes it with the upload policy given, which it reads whenever files are chosen.
 */
export function composerRegistryFor(bridge: BridgeApi, uploads: UploadPolicy = NO_UPLOAD_POLICY): ComposerRegistry {
  let registry = registries.get(bridge);
  if (!registry) {
    registry = new ComposerRegistry(bridge, TYPING_TIMINGS, uploads);
    registries.set(bridge, registry);
  }
  return registry;
}
