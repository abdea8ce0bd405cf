import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const MODULE = resolve(ROOT, 'src/main/core/crypto/indexeddb.ts');

/**
 * installIndexedDb changes process-wide globals, so each case runs in a fresh Node process rather
 * than in the test worker, where it would leak into other test files.
 */
function inChild(script: string): string[] {
  const result = spawnSync(
    process.execPath,
    ['--experimental-transform-types', '--no-warnings', '--input-type=module', '-e', `import * as idb from ${JSON.stringify(MODULE)};\n${script}`],
    // No colours: the child's console.log output is compared as plain text.
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } },
  );
  if (result.status !== 0) throw new Error(`child failed (${result.status}):\n${result.stderr}`);
  return result.stdout.trim().split('\n');
}

describe('installIndexedDb', () => {
  const base = mkdtempSync(join(tmpdir(), 'plenum-idb-unit-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const attempt = (call: string): string => `try { ${call}; console.log('ok'); } catch (e) { console.log('threw: ' + e.message); }`;

  it('installs the IDB globals, is idempotent for one directory and refuses another', () => {
    const first = join(base, 'first');
    const lines = inChild(`
      console.log(typeof globalThis.indexedDB);
      ${attempt(`idb.installIndexedDb(${JSON.stringify(first)})`)}
      console.log(['indexedDB', 'IDBKeyRange', 'IDBDatabase', 'IDBRequest', 'IDBOpenDBRequest', 'IDBCursor', 'IDBCursorWithValue', 'IDBTransaction'].every((name) => name in globalThis));
      ${attempt(`idb.installIndexedDb(${JSON.stringify(`${first}/`)})`)}
      ${attempt(`idb.installIndexedDb(${JSON.stringify(join(base, 'second'))})`)}
      console.log(idb.indexedDbDirectory());
    `);
    expect(lines).toEqual([
      'undefined',
      'ok',
      'true',
      'ok',
      `threw: IndexedDB is already installed for ${first}; this process cannot also use ${join(base, 'second')} (the crypto store is process-wide)`,
      first,
    ]);
    expect(readdirSync(base)).toEqual(['first']);
  });

  it('refuses to replace an IndexedDB someone else installed', () => {
    const lines = inChild(`
      globalThis.indexedDB = {};
      ${attempt(`idb.installIndexedDb(${JSON.stringify(join(base, 'third'))})`)}
    `);
    expect(lines).toEqual(['threw: another IndexedDB implementation is already installed in this process; refusing to replace it']);
  });

  it('writes databases into the directory and deletes them with their files', () => {
    const dir = join(base, 'fourth');
    const lines = inChild(`
      idb.installIndexedDb(${JSON.stringify(dir)});
      await new Promise((done, fail) => {
        const request = indexedDB.open('probe', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('items');
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('items', 'readwrite');
          tx.objectStore('items').put('value', 'key');
          tx.oncomplete = () => { db.close(); done(); };
          tx.onerror = () => fail(tx.error);
        };
        request.onerror = () => fail(request.error);
      });
      console.log(await idb.whenIndexedDbIdle());
      console.log(JSON.stringify(await idb.listIndexedDbDatabases()));
      await idb.deleteIndexedDbDatabase('probe');
      console.log(JSON.stringify(await idb.listIndexedDbDatabases()));
    `);
    expect(lines).toEqual(['true', '["probe"]', '[]']);
    expect(readdirSync(dir)).toEqual(['__sysdb__.sqlite']);
  });
});
