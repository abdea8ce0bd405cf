import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentOf, fileEventContent, fileMessageContent } from '../../../src/main/core/outbox/file-content.ts';
import { OUTBOX_FILES_DIR, openOutboxFiles } from '../../../src/main/core/outbox/outbox-files.ts';
import { OUTBOX_MIGRATIONS } from '../../../src/main/core/outbox/outbox-schema.ts';
import { OUTBOX_FILE, openOutboxStore, type NewOutboxRow } from '../../../src/main/core/outbox/outbox-store.ts';

const owner = { userId: '@alice:example.org', deviceId: 'DEVICE' };
const fileRow = (name: string, size: number, userId = owner.userId): NewOutboxRow => ({
  ...owner,
  userId,
  roomId: '!a:x',
  eventType: 'm.room.message',
  content: fileMessageContent({ name, mimetype: 'application/pdf', size }),
  encrypted: false,
  createdAt: 1_000,
});
const KEYS = {
  v: 'v2' as const,
  key: { kty: 'oct' as const, alg: 'A256CTR' as const, k: 'k'.repeat(43), ext: true as const, key_ops: ['encrypt', 'decrypt'] },
  iv: 'AAAAAAAAAAAAAAAAAAAAAA',
  hashes: { sha256: 'h'.repeat(43) },
};

describe('the outbox’s stored files', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-outbox-files-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const filesIn = (dir: string): string[] => readdirSync(join(dir, OUTBOX_FILES_DIR)).sort();

  it('writes the bytes, private to the user, before the row exists, and reads them back', async () => {
    const dir = tempDir();
    const store = openOutboxStore(dir);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const row = await store.insertFile(fileRow('a.pdf', 4), bytes);
    expect(row).toMatchObject({ state: 'queued', upload: null, content: { msgtype: 'm.file', body: 'a.pdf', filename: 'a.pdf' } });
    expect(filesIn(dir)).toEqual([row.txnId]);
    expect(statSync(join(dir, OUTBOX_FILES_DIR, row.txnId)).mode & 0o777).toBe(0o600);
    expect(await store.readFile(row.txnId)).toEqual(bytes);
    store.close();
  });

  it('keeps the order of a file and texts by when each was committed', async () => {
    const store = openOutboxStore(tempDir());
    const text = store.insert({ ...fileRow('x', 0), content: { msgtype: 'm.text', body: 'first' } });
    const file = await store.insertFile(fileRow('b.pdf', 1), new Uint8Array([9]));
    expect(store.list(owner).map((row) => row.txnId)).toEqual([text.txnId, file.txnId]);
    store.close();
  });

  it('drops the bytes once sent but keeps the row; remove and sign-out delete rows and bytes', async () => {
    const dir = tempDir();
    const store = openOutboxStore(dir);
    const sent = await store.insertFile(fileRow('sent.pdf', 1), new Uint8Array([1]));
    const discarded = await store.insertFile(fileRow('discarded.pdf', 1), new Uint8Array([2]));
    const mine = await store.insertFile(fileRow('mine.pdf', 1), new Uint8Array([3]));
    const theirs = await store.insertFile(fileRow('theirs.pdf', 1, '@bob:example.org'), new Uint8Array([4]));
    store.update(sent.txnId, { state: 'sent', eventId: '$e' });
    store.dropFile(sent.txnId);
    expect(store.get(sent.txnId)?.state).toBe('sent');
    await expect(store.readFile(sent.txnId)).rejects.toMatchObject({ code: 'ENOENT' });
    store.remove(discarded.txnId);
    expect(filesIn(dir)).toEqual([mine.txnId, theirs.txnId].sort());
    store.removeUser(owner.userId);
    expect(filesIn(dir)).toEqual([theirs.txnId]);
    expect(store.list({ ...owner, userId: '@bob:example.org' }).map((row) => row.txnId)).toEqual([theirs.txnId]);
    store.close();
  });

  it('at the next start deletes bytes nothing will send: orphans of a kill, partial writes, sent rows’ leftovers', async () => {
    const dir = tempDir();
    const first = openOutboxStore(dir);
    const waiting = await first.insertFile(fileRow('waiting.pdf', 1), new Uint8Array([1]));
    const failed = await first.insertFile(fileRow('failed.pdf', 1), new Uint8Array([2]));
    const sent = await first.insertFile(fileRow('sent.pdf', 1), new Uint8Array([3]));
    first.update(failed.txnId, { state: 'failed', lastError: 'TOO_LARGE' });
    first.update(sent.txnId, { state: 'sent', eventId: '$e' });
    first.close();
    // Killed after the bytes, before the row; and in the middle of writing another file.
    writeFileSync(join(dir, OUTBOX_FILES_DIR, 'plenum.orphanorphanorphan1'), 'x');
    writeFileSync(join(dir, OUTBOX_FILES_DIR, 'plenum.partialpartialpart.part'), 'x');

    const again = openOutboxStore(dir);
    expect(filesIn(dir)).toEqual([waiting.txnId, failed.txnId].sort());
    expect(await again.readFile(waiting.txnId)).toEqual(new Uint8Array([1]));
    again.close();
  });

  it('remembers an upload (url and keys) across a reopen, and forgets it on request', async () => {
    const dir = tempDir();
    const first = openOutboxStore(dir);
    const row = await first.insertFile(fileRow('c.pdf', 1), new Uint8Array([1]));
    first.update(row.txnId, { upload: { url: 'mxc://example.org/abc', file: KEYS }, state: 'sending', attempts: 1 });
    first.close();
    const again = openOutboxStore(dir);
    expect(again.get(row.txnId)).toMatchObject({ upload: { url: 'mxc://example.org/abc', file: KEYS }, attempts: 1 });
    expect(again.update(row.txnId, { upload: null }).upload).toBeNull();
    again.close();
  });

  it('migrates an outbox written before files existed, keeping its messages', () => {
    const dir = tempDir();
    const v1 = OUTBOX_MIGRATIONS.find((migration) => migration.version === 1);
    const db = new DatabaseSync(join(dir, OUTBOX_FILE));
    db.exec(v1?.sql ?? '');
    db.exec('PRAGMA user_version = 1');
    db.prepare(
      `INSERT INTO outbox (user_id, device_id, room_id, txn_id, event_type, content, encrypted, state, next_attempt_at, created_at)
       VALUES (?, ?, '!a:x', 'plenum.oldoldoldoldoldoldold1', 'm.room.message', '{"msgtype":"m.text","body":"old"}', 0, 'queued', 1, 1)`,
    ).run(owner.userId, owner.deviceId);
    db.close();
    const store = openOutboxStore(dir);
    expect(store.rebuilt).toBe(false);
    expect(store.list(owner)).toMatchObject([{ txnId: 'plenum.oldoldoldoldoldoldold1', content: { body: 'old' }, upload: null }]);
    store.close();
  });

  it('never lets a name other than a transaction ID become a path', async () => {
    const files = openOutboxFiles(tempDir());
    await expect(files.write('../../escape', new Uint8Array([1]))).rejects.toThrow(/transaction ID/);
    expect(() => files.remove('plenum.x/../../y')).toThrow(/transaction ID/);
  });
});

describe('file message content', () => {
  it('is an m.image with its dimensions for an image the renderer measured, else an m.file', () => {
    expect(fileMessageContent({ name: 'p.png', mimetype: 'image/png', size: 10, width: 4, height: 3 })).toEqual({
      msgtype: 'm.image',
      body: 'p.png',
      filename: 'p.png',
      info: { mimetype: 'image/png', size: 10, w: 4, h: 3 },
    });
    expect(fileMessageContent({ name: 'p.png', mimetype: 'image/png', size: 10 })).toMatchObject({ msgtype: 'm.file', info: { mimetype: 'image/png', size: 10 } });
    expect(fileMessageContent({ name: 'd.pdf', mimetype: 'application/pdf', size: 10, width: 4, height: 3 })).toEqual({
      msgtype: 'm.file',
      body: 'd.pdf',
      filename: 'd.pdf',
      info: { mimetype: 'application/pdf', size: 10 },
    });
  });

  it('describes the attachment for the renderer, and nothing for text', () => {
    expect(attachmentOf(fileMessageContent({ name: 'p.png', mimetype: 'image/png', size: 10, width: 4, height: 3 }))).toEqual({
      name: 'p.png',
      mimetype: 'image/png',
      size: 10,
      width: 4,
      height: 3,
    });
    expect(attachmentOf(fileMessageContent({ name: 'd.pdf', mimetype: 'application/pdf', size: 1 }))).toMatchObject({ width: null, height: null });
    expect(attachmentOf({ msgtype: 'm.text', body: 'hi' })).toBeNull();
  });

  it('points at the upload with `url` in the clear and with the spec’s `file` object when encrypted', () => {
    const content = fileMessageContent({ name: 'd.pdf', mimetype: 'application/pdf', size: 1 });
    expect(fileEventContent(content, { url: 'mxc://s/a', file: null })).toEqual({ ...content, url: 'mxc://s/a' });
    const encrypted = fileEventContent(content, { url: 'mxc://s/b', file: KEYS });
    expect(encrypted).toEqual({ ...content, file: { url: 'mxc://s/b', ...KEYS } });
    expect(encrypted).not.toHaveProperty('url');
  });
});
