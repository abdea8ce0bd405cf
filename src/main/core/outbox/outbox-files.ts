import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the outbox keeps the bytes of files waiting to be sent, one file per message, beside outbox.sqlite. */
export const OUTBOX_FILES_DIR = 'outbox-files';

/**
 * The bytes of queued attachments. Files rather than BLOBs in outbox.sqlite: a 100 MiB BLOB would go
 * through the WAL and again into the database at checkpoint, be read back by every `SELECT *`, and
 * leave the database file that large after the message is gone (SQLite does not shrink without a
 * VACUUM). A file is written once, read once at upload and unlinked when the message is sent.
 *
 * Each file is named by its message's transaction ID and is complete before the row that names it
 * exists (written to `.part`, fsync'd, renamed, directory fsync'd): a row never points at missing or
 * half-written bytes. A crash between the file and the row leaves an orphan, which `sweep` removes.
 */
export interface OutboxFiles {
  write(txnId: string, bytes: Uint8Array): Promise<void>;
  read(txnId: string): Promise<Uint8Array<ArrayBuffer>>;
  remove(txnId: string): void;
  /** Deletes every file whose message is not in `keep` (orphans of a crash), and any partial write. */
  sweep(keep: ReadonlySet<string>): void;
}

const PART = '.part';

export function openOutboxFiles(outboxDir: string): OutboxFiles {
  const dir = join(outboxDir, OUTBOX_FILES_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pathOf = (txnId: string): string => {
    // Transaction IDs are made by the store (plenum.<base64url>); anything else never names a path.
    if (!/^plenum\.[A-Za-z0-9_-]+$/.test(txnId)) throw new Error('not an outbox transaction ID');
    return join(dir, txnId);
  };
  const names = (): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };

  return {
    async write(txnId, bytes) {
      const target = pathOf(txnId);
      const partial = `${target}${PART}`;
      const file = await open(partial, 'w', 0o600);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(partial, target);
      // The rename itself must be on disk before the row that names the file is committed.
      await syncDirectory(dir);
    },
    async read(txnId) {
      const bytes = await readFile(pathOf(txnId));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    remove: (txnId) => rmSync(pathOf(txnId), { force: true }),
    sweep(keep) {
      for (const name of names()) {
        if (!keep.has(name)) rmSync(join(dir, name), { force: true, recursive: true });
      }
    },
  };
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename's metadata itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
