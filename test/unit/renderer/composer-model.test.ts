import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers, Request } from '../../../src/shared/ipc/types.ts';
import { attachmentName, encodeAttachment, MAX_ATTACHMENT_BYTES, toBase64 } from '../../../src/renderer/lib/attachments.ts';
import { ComposerRegistry, messageBody } from '../../../src/renderer/state/composer.svelte.ts';
import { composerKeyAction, type ComposerKey } from '../../../src/renderer/views/room/composer/keys.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

type Call =
  | { readonly name: 'messages.send'; readonly request: Request<'messages.send'> }
  | { readonly name: 'messages.sendFile'; readonly request: Request<'messages.sendFile'> }
  | { readonly name: 'messages.edit'; readonly request: Request<'messages.edit'> }
  | { readonly name: 'rooms.typing'; readonly request: Request<'rooms.typing'> };

/** A scripted main side behind the real wire format, recording what the composer asked for. */
function scriptedMain(overrides: Partial<Handlers> = {}) {
  const calls: Call[] = [];
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  const handlers = stubHandlers({
    'messages.send': async (request) => {
      calls.push({ name: 'messages.send', request });
      return { localId: 'plenum.0123456789abcdef' };
    },
    'messages.sendFile': async (request) => {
      calls.push({ name: 'messages.sendFile', request });
      return { localId: 'plenum.fedcba9876543210' };
    },
    'messages.edit': async (request) => {
      calls.push({ name: 'messages.edit', request });
      return { localId: 'plenum.0123456789abcdee' };
    },
    'rooms.typing': async (request) => {
      calls.push({ name: 'rooms.typing', request });
      return null;
    },
    ...overrides,
  });
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers, onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => listener?.(name, payload);
  const typing = () => calls.flatMap((call) => (call.name === 'rooms.typing' ? [call.request.typing] : []));
  return { client, calls, emit, typing };
}

/** Lets the memory transport deliver (it hops through a few microtasks each way). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

const key = (overrides: Partial<ComposerKey>): ComposerKey => ({
  key: 'Enter',
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  isComposing: false,
  keyCode: 13,
  ...overrides,
});

const textFile = (name: string, text: string, type = 'text/plain'): File => new File([text], name, { type });

afterEach(() => {
  vi.useRealTimers();
});

const IDLE = { hasAttachments: false, empty: false, drafting: false } as const;

describe('composer keys', () => {
  it('sends on Enter and leaves Shift+Enter to the textarea as a new line', () => {
    expect(composerKeyAction(key({}), IDLE)).toBe('send');
    expect(composerKeyAction(key({ shiftKey: true }), IDLE)).toBeNull();
    expect(composerKeyAction(key({ ctrlKey: true }), IDLE)).toBe('send');
  });

  it('never sends while an input method is composing', () => {
    expect(composerKeyAction(key({ isComposing: true }), IDLE)).toBeNull();
    expect(composerKeyAction(key({ keyCode: 229 }), IDLE)).toBeNull();
    expect(composerKeyAction(key({ key: 'ArrowUp', keyCode: 229 }), { ...IDLE, empty: true })).toBeNull();
  });

  it('drops the chosen files on Esc, and leaves Esc and the arrows alone otherwise', () => {
    expect(composerKeyAction(key({ key: 'Escape', keyCode: 27 }), { ...IDLE, hasAttachments: true, drafting: true })).toBe('clearAttachments');
    expect(composerKeyAction(key({ key: 'Escape', keyCode: 27 }), IDLE)).toBeNull();
    expect(composerKeyAction(key({ key: 'ArrowUp', keyCode: 38 }), IDLE)).toBeNull();
  });

  it('edits the last message on the Up arrow in an empty field only, and ends a reply or edit on Esc', () => {
    expect(composerKeyAction(key({ key: 'ArrowUp', keyCode: 38 }), { ...IDLE, empty: true })).toBe('editLast');
    expect(composerKeyAction(key({ key: 'ArrowUp', keyCode: 38, shiftKey: true }), { ...IDLE, empty: true })).toBeNull();
    expect(composerKeyAction(key({ key: 'ArrowUp', keyCode: 38 }), { ...IDLE, empty: true, hasAttachments: true })).toBeNull();
    expect(composerKeyAction(key({ key: 'Escape', keyCode: 27 }), { ...IDLE, drafting: true })).toBe('cancelDraft');
  });
});

describe('ComposerModel', () => {
  it('keeps one draft per room for the session and forgets them all at sign-out', async () => {
    const main = scriptedMain();
    const registry = new ComposerRegistry(main.client);
    registry.get('!a:x').text = 'half a thought';
    registry.get('!b:x').text = 'something else';
    expect(registry.get('!a:x')).toBe(registry.get('!a:x'));
    expect(registry.get('!a:x').text).toBe('half a thought');
    expect(registry.get('!b:x').text).toBe('something else');

    main.emit('session.changed', { state: 'signedOut' });
    await settle();
    expect(registry.get('!a:x').text).toBe('');
    registry.dispose();
  });

  it('empties the field at once and sends the text as Markdown without stray blank lines', async () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.text = '\n\n**Agenda**\n  - item one\n\n';
    expect(model.canSend).toBe(true);
    const sending = model.send();
    expect(model.text).toBe('');
    await sending;
    expect(main.calls.filter((call) => call.name === 'messages.send')).toEqual([
      { name: 'messages.send', request: { roomId: '!room:x', body: '**Agenda**\n  - item one', markdown: true } },
    ]);
    expect(model.notices).toEqual([]);
  });

  it('sends a reply with the original’s ID, and keeps the reply when the message is refused', async () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.startReply({ eventId: '$original', senderName: 'Bob', text: 'Lunch?' });
    expect(model.focusRequested).toBe(true);
    model.text = 'Yes!';
    await model.send();
    expect(main.calls.find((call) => call.name === 'messages.send')?.request).toEqual({ roomId: '!room:x', body: 'Yes!', markdown: true, replyTo: '$original' });
    expect(model.replyingTo).toBeNull();

    const refusing = scriptedMain({ 'messages.send': async () => Promise.reject(new AppFailure('NETWORK', 'offline')) });
    const again = new ComposerRegistry(refusing.client).get('!room:x');
    again.startReply({ eventId: '$original', senderName: 'Bob', text: 'Lunch?' });
    again.text = 'Yes!';
    await again.send();
    expect(again.text).toBe('Yes!');
    expect(again.replyingTo?.eventId).toBe('$original');
  });

  it('edits in the field: the draft waits, Esc brings it back, an unchanged text sends nothing', async () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.text = 'half a draft';
    expect(model.editLast()).toBe(false);
    model.lastEditable = () => ({ eventId: '$mine', body: 'The meeting is at 10.' });
    expect(model.editLast()).toBe(true);
    expect(model.editing?.eventId).toBe('$mine');
    expect(model.text).toBe('The meeting is at 10.');
    model.cancelEdit();
    expect(model.text).toBe('half a draft');

    model.startEdit('$mine', 'The meeting is at 10.');
    await model.send();
    expect(main.calls.some((call) => call.name === 'messages.edit')).toBe(false);
    expect(model.editing).toBeNull();

    model.startEdit('$mine', 'The meeting is at 10.');
    model.text = 'The meeting is at 11.';
    await model.send();
    expect(main.calls.find((call) => call.name === 'messages.edit')?.request).toEqual({ roomId: '!room:x', eventId: '$mine', body: 'The meeting is at 11.', markdown: true });
    expect(model.text).toBe('half a draft');
    // Replying ends an edit, and the draft comes back.
    model.startEdit('$mine', 'x');
    model.startReply({ eventId: '$other', senderName: 'Bob', text: 'y' });
    expect(model.editing).toBeNull();
    expect(model.text).toBe('half a draft');
  });

  it('keeps the edit in the field and explains it when main refuses it', async () => {
    const main = scriptedMain({ 'messages.edit': async () => Promise.reject(new AppFailure('FORBIDDEN', 'not yours')) });
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.startEdit('$mine', 'old');
    model.text = 'new';
    await model.send();
    expect(model.editing?.eventId).toBe('$mine');
    expect(model.text).toBe('new');
    expect(model.notices.map((notice) => notice.kind)).toEqual(['editFailed']);
  });

  it('does not send whitespace alone', async () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.text = ' \n \t';
    expect(model.canSend).toBe(false);
    await model.send();
    expect(main.calls.filter((call) => call.name !== 'rooms.typing')).toEqual([]);
    expect(messageBody('  indented\n')).toBe('  indented');
  });

  it('puts the text and files back and explains it when the message is refused', async () => {
    const main = scriptedMain({
      'messages.send': async () => {
        throw new AppFailure('FORBIDDEN', 'no power');
      },
    });
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.text = 'Hello there';
    model.attach([textFile('notes.txt', 'notes')]);
    const sending = model.send();
    expect(model.text).toBe('');
    expect(model.attachments).toEqual([]);
    model.text = 'typed meanwhile';
    await sending;
    expect(model.text).toBe('Hello there\ntyped meanwhile');
    expect(model.attachments.map((a) => a.name)).toEqual(['notes.txt']);
    expect(model.notices).toMatchObject([{ kind: 'sendFailed', code: 'FORBIDDEN' }]);
    expect(main.calls.filter((call) => call.name === 'messages.sendFile')).toEqual([]);
  });

  it('refuses a message longer than the contract allows without losing it', async () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    const long = 'x'.repeat(65_537);
    model.text = long;
    await model.send();
    expect(model.text).toBe(long);
    expect(model.notices).toMatchObject([{ kind: 'messageTooLong', length: 65_537 }]);
    expect(main.calls.filter((call) => call.name === 'messages.send')).toEqual([]);
  });

  it('sends the text first, then each file with its bytes as base64', async () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.text = 'Two files';
    model.attach([textFile('a.txt', 'alpha'), new File([new Uint8Array([0, 1, 2, 250])], 'b.bin')]);
    expect(model.attachments.map((a) => [a.name, a.size, a.mimetype])).toEqual([
      ['a.txt', 5, 'text/plain'],
      ['b.bin', 4, 'application/octet-stream'],
    ]);
    expect(model.added?.count).toBe(2);
    await model.send();
    expect(main.calls.filter((call) => call.name !== 'rooms.typing')).toEqual([
      { name: 'messages.send', request: { roomId: '!room:x', body: 'Two files', markdown: true } },
      { name: 'messages.sendFile', request: { roomId: '!room:x', name: 'a.txt', mimetype: 'text/plain', data: btoa('alpha') } },
      { name: 'messages.sendFile', request: { roomId: '!room:x', name: 'b.bin', mimetype: 'application/octet-stream', data: 'AAEC+g==' } },
    ]);
    expect(model.attachments).toEqual([]);
    expect(model.added).toBeNull();
  });

  it('explains files that can never go instead of adding them', () => {
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    const huge = textFile('film.mkv', 'x', 'video/x-matroska');
    Object.defineProperty(huge, 'size', { value: MAX_ATTACHMENT_BYTES + 1 });
    model.attach([huge, textFile('empty.txt', ''), textFile('fine.txt', 'ok')]);
    expect(model.attachments.map((a) => a.name)).toEqual(['fine.txt']);
    expect(model.notices).toMatchObject([
      { kind: 'fileTooLarge', name: 'film.mkv', size: MAX_ATTACHMENT_BYTES + 1 },
      { kind: 'fileEmpty', name: 'empty.txt' },
    ]);
  });

  it('drops a file the server finds too large, and keeps one that failed otherwise', async () => {
    const main = scriptedMain({
      'messages.sendFile': async ({ name }) => {
        throw new AppFailure(name === 'big.pdf' ? 'TOO_LARGE' : 'INTERNAL', 'refused');
      },
    });
    const model = new ComposerRegistry(main.client).get('!room:x');
    model.attach([textFile('big.pdf', 'pdf', 'application/pdf'), textFile('other.txt', 'text')]);
    await model.send();
    expect(model.attachments.map((a) => a.name)).toEqual(['other.txt']);
    expect(model.notices).toMatchObject([
      { kind: 'serverTooLarge', name: 'big.pdf' },
      { kind: 'fileFailed', name: 'other.txt', code: 'INTERNAL' },
    ]);
  });

  it('removes a chosen file, and clears them all', () => {
    const model = new ComposerRegistry(scriptedMain().client).get('!room:x');
    model.attach([textFile('a.txt', 'a'), textFile('b.txt', 'b'), textFile('c.txt', 'c')]);
    model.remove(model.attachments[1]!.id);
    expect(model.attachments.map((a) => a.name)).toEqual(['a.txt', 'c.txt']);
    model.clearAttachments();
    expect(model.attachments).toEqual([]);
    expect(model.canSend).toBe(false);
  });
});

describe('typing notices from the composer', () => {
  it('says typing when typing starts, renews it at most every 4 s, and stops after 5 s of quiet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');
    for (let i = 1; i <= 20; i += 1) {
      model.text = 'h'.repeat(i);
      vi.advanceTimersByTime(300);
    }
    await settle();
    // 20 keystrokes over 6 s: the first, and one renewal after 4 s.
    expect(main.typing()).toEqual([true, true]);
    // The last keystroke was 300 ms ago.
    vi.advanceTimersByTime(4_699);
    await settle();
    expect(main.typing()).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    await settle();
    expect(main.typing()).toEqual([true, true, false]);
    expect(main.calls.every((call) => call.request.roomId === '!room:x')).toBe(true);
  });

  it('stops the notice on send, on blur or room switch, and when the field is emptied', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const main = scriptedMain();
    const model = new ComposerRegistry(main.client).get('!room:x');

    model.text = 'hi';
    await model.send();
    model.text = 'again';
    model.stopTyping();
    model.text = 'x';
    model.text = '';
    model.stopTyping();
    await settle();
    expect(main.typing()).toEqual([true, false, true, false, true, false]);
    // Nothing is left running that would send a late "stopped typing".
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(main.typing()).toHaveLength(6);
  });
});

describe('attachments', () => {
  it('encodes large files in slices that join into the same base64', () => {
    const bytes = new Uint8Array(randomBytes(3 * 16_384 * 4 + 2));
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(toBase64(new Uint8Array())).toBe('');
  });

  it('gives every file a name and type the contract accepts', async () => {
    expect(attachmentName({ name: '   ' })).toBe('attachment');
    const long = `${'a'.repeat(300)}.pdf`;
    expect(attachmentName({ name: long })).toHaveLength(255);
    expect(attachmentName({ name: long }).endsWith('.pdf')).toBe(true);
    const odd = await encodeAttachment(new File(['{}'], 'data.json', { type: 'Application/JSON; charset=utf-8' }));
    expect(odd).toEqual({ name: 'data.json', mimetype: 'application/json', data: btoa('{}') });
    const unknown = await encodeAttachment(new File(['?'], 'x', { type: 'not a type' }));
    expect(unknown.mimetype).toBe('application/octet-stream');
  });
});
