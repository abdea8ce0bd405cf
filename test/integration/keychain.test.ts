import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore, KEYCHAIN_MARKER_ACCOUNT } from '../../src/main/adapters/keytar-secret-store.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import type { ProbeOutcome } from './fixtures/keychain-probe.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PROBE = resolve(import.meta.dirname, 'fixtures/keychain-probe.ts');

/** keytar against gnome-keyring's real Secret Service, through Plenum's SecretStore adapter. */
describe('keytar secret store', () => {
  const service = `plenum-keychain-test-${randomUUID()}`;
  const services = [service, `${service}-other`];
  const store = createKeytarSecretStore(service);

  beforeAll(() => assertKeyringAvailable());
  afterAll(async () => {
    for (const name of services) {
      for (const { account } of await keytar.findCredentials(name)) await keytar.deletePassword(name, account);
    }
  });

  it('stores, reads, overwrites and deletes a secret', async () => {
    expect(await store.get('@alice:example.org')).toBeNull();
    await store.set('@alice:example.org', 'first-secret');
    expect(await store.get('@alice:example.org')).toBe('first-secret');
    await store.set('@alice:example.org', 'second-secret ✓ with ünïcode');
    expect(await store.get('@alice:example.org')).toBe('second-secret ✓ with ünïcode');
    expect(await store.delete('@alice:example.org')).toBe(true);
    expect(await store.get('@alice:example.org')).toBeNull();
    expect(await store.delete('@alice:example.org')).toBe(false);
  });

  it('keeps accounts apart and the secret really lives in the keychain', async () => {
    await store.set('a', 'secret-a');
    await store.set('b', 'secret-b');
    // Read back through keytar directly: the adapter keeps nothing of its own.
    expect(await keytar.getPassword(service, 'a')).toBe('secret-a');
    expect(await createKeytarSecretStore(service).get('b')).toBe('secret-b');
    expect(await createKeytarSecretStore(`${service}-other`).get('a')).toBeNull();
    // The only other thing it writes is the marker that tells "absent" from "locked".
    const accounts = (await keytar.findCredentials(service)).map((c) => c.account).sort();
    expect(accounts).toEqual([KEYCHAIN_MARKER_ACCOUNT, 'a', 'b'].sort());
  });

  it('reports a missing Secret Service as KEYCHAIN_UNAVAILABLE, never as "no secret"', async () => {
    const outcomes = await probe(['get:a', 'set:a:hunter2-do-not-leak', 'delete:a'], {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/plenum-test-bus',
    });
    expect(outcomes.map((o) => ('code' in o ? o.code : o.value))).toEqual(['KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_UNAVAILABLE']);
    for (const outcome of outcomes) expect('message' in outcome ? outcome.message : '').not.toContain('hunter2');
  });

  it('reports a locked keyring as KEYCHAIN_UNAVAILABLE although keytar itself answers null', async () => {
    // A private keyring session of its own, so locking it cannot disturb the other tests.
    const outcomes = await probe(['set:a:secret-a', 'get:a', 'get:absent', 'lock', 'get:a', 'get:absent', 'delete:a', 'set:b:secret-b'], {}, true);
    expect(outcomes.map((o) => ('code' in o ? o.code : o.value))).toEqual([
      null,
      'secret-a',
      null,
      null,
      'KEYCHAIN_UNAVAILABLE',
      'KEYCHAIN_UNAVAILABLE',
      'KEYCHAIN_UNAVAILABLE',
      'KEYCHAIN_UNAVAILABLE',
    ]);
  });
});

/** Runs the adapter in a child process: with a broken bus, or inside its own keyring session. */
async function probe(ops: string[], env: Record<string, string>, ownKeyring = false): Promise<ProbeOutcome[]> {
  const node = [process.execPath, '--experimental-transform-types', '--no-warnings', PROBE, `plenum-probe-${randomUUID()}`, ...ops];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // with-keyring.sh only starts a fresh session when it is not already inside one.
  if (ownKeyring) delete childEnv.PLENUM_IN_KEYRING_SESSION;
  const [command = '', ...args] = ownKeyring ? [resolve(ROOT, 'scripts/with-keyring.sh'), ...node] : node;
  const child = spawn(command, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`keychain probe exited with ${code}:\n${stderr}`);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProbeOutcome);
}
