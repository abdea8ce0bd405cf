import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';

/** keytar against gnome-keyring's real Secret Service, through Plenum's SecretStore adapter. */
describe('keytar secret store', () => {
  const service = `plenum-keychain-test-${randomUUID()}`;
  const store = createKeytarSecretStore(service);

  beforeAll(() => assertKeyringAvailable());
  afterAll(async () => {
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
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
  });
});
