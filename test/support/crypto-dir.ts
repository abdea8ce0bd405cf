import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let shared: string | undefined;

/**
 * The crypto store's IndexedDB is process-wide (see src/main/core/crypto/indexeddb.ts), so every
 * core a test process creates shares one directory; each device has its own databases inside it.
 */
export function testCryptoDir(): string {
  if (!shared) {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-crypto-'));
    shared = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return shared;
}
