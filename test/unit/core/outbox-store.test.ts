import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_FILE, openOutboxStore, type NewOutboxRow } from '../../../src/main/core/outbox/outbox-store.ts';
import { openLocalStore, STORE_FILE } from '../../../src/main/core/store/local-store.ts';

const owner = { userId: '@alice:example.org', deviceId: 'DEVICE' };
const row = (roomId: string, body: string): NewOutboxRow => ({
  ...owner,
  roomId,
  eventType: 'm.room.message',
  content: { msgtype: 'm.text', body },
  encrypted: true,
  createdAt: 1_000,
});

describe('the outbox store', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-outbox-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives each message its own transaction ID, once, and keeps rows in insertion order per room', () => {
    const store = openOutboxStore(tempDir());
    const a1 = store.insert(row('!a:x', 'a1'));
    const b1 = store.insert(row('!b:x', 'b1'));
    const a2 = store.insert(row('!a:x', 'a2'));
    expect(new Set([a1.txnId, b1.txnId, a2.txnId]).size).toBe(3);
    expect(a1.txnId).toMatch(/^plenum\.[\w-]{24}$/);
    expect(a1).toMatchObject({ state: 'queued', attempts: 0, encrypted: true, nextAttemptAt: 1_000, eventId: null });
    expect(store.head(owner, '!a:x')?.txnId).toBe(a1.txnId);
    store.update(a1.txnId, { state: 'sent', eventId: '$e1' });
    expect(store.head(owner, '!a:x')?.txnId).toBe(a2.txnId);
    expect(store.list(owner).map((r) => ('body' in r.content ? r.content.body : null))).toEqual(['a1', 'b1', 'a2']);
    expect(store.list({ ...owner, deviceId: 'OTHER' })).toEqual([]);
    store.close();
  });

  it('keeps its rows across a reopen, and when the cache beside it is rebuilt', () => {
    const dir = tempDir();
    const first = openOutboxStore(dir);
    const written = first.insert(row('!a:x', 'survives'));
    first.update(written.txnId, { state: 'sending', attempts: 1, firstAttemptAt: 2_000 });
    first.close();

    // A corrupt cache is set aside and rebuilt; the outbox is another file and is not touched.
    writeFileSync(join(dir, STORE_FILE), 'not a database at all, just garbage '.repeat(100));
    const cache = openLocalStore(dir);
    expect(cache.rebuilt).toBe(true);
    cache.close();

    const again = openOutboxStore(dir);
    expect(again.rebuilt).toBe(false);
    expect(again.list(owner)).toEqual([{ ...written, state: 'sending', attempts: 1, firstAttemptAt: 2_000 }]);
    again.close();
  });

  it('sets an unreadable outbox aside rather than failing to start, and says so', () => {
    const dir = tempDir();
    writeFileSync(join(dir, OUTBOX_FILE), 'garbage '.repeat(1000));
    const store = openOutboxStore(dir);
    expect(store.rebuilt).toBe(true);
    expect(store.list(owner)).toEqual([]);
    store.close();
  });

  it('forgets a user’s rows at sign-out', () => {
    const store = openOutboxStore(tempDir());
    store.insert(row('!a:x', 'mine'));
    store.insert({ ...row('!a:x', 'theirs'), userId: '@bob:example.org' });
    store.removeUser(owner.userId);
    expect(store.list(owner)).toEqual([]);
    expect(store.list({ userId: '@bob:example.org', deviceId: 'DEVICE' })).toHaveLength(1);
    store.close();
  });
});
