import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../src/shared/model/session.ts';
import { startCoreSession, type CoreSession } from '../support/core-session.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { makePng } from '../support/png.ts';
import { startSynapse, type RegisteredUser, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'account password';
const SERVICE = `plenum-account-${process.pid}-${Date.now()}`;
const MAX_UPLOAD_BYTES = 256 * 1024;

type SignedIn = Extract<SessionView, { state: 'signedIn' }>;

/** The user's own profile and sessions, changed through the core and checked on Synapse. */
describe('account: profile and sessions', () => {
  let synapse: RunningSynapse;
  /** Alice's first device: the one registration made, later signed out from the core. */
  let registered: RegisteredUser;
  let session: CoreSession;
  let view: SessionView = { state: 'signedOut' };
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-account-'));

  const signedIn = (): SignedIn => {
    if (view.state !== 'signedIn') throw new Error(`session is ${view.state}`);
    return view;
  };
  const profile = async (): Promise<{ displayname?: string; avatar_url?: string }> =>
    (await fetch(`${synapse.baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(registered.userId)}`)).json() as Promise<{
      displayname?: string;
      avatar_url?: string;
    }>;
  const whoAmI = async (token: string): Promise<number> =>
    (await fetch(`${synapse.baseUrl}/_matrix/client/v3/account/whoami`, { headers: { Authorization: `Bearer ${token}` } })).status;
  /** Another sign-in of Alice's, as another app on another machine would make. */
  const loginElsewhere = async (): Promise<{ device_id: string; access_token: string }> => {
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: PASSWORD, initial_device_display_name: 'Phone' }),
    });
    return (await response.json()) as { device_id: string; access_token: string };
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse({ extraConfig: { max_upload_size: `${MAX_UPLOAD_BYTES / 1024}K` } });
    registered = await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    session = await startCoreSession({ service: SERVICE, dataDir, cryptoDir: testCryptoDir() });
    session.bridge.on('session.changed', (next) => (view = next));
    await session.signIn(synapse.baseUrl, 'alice', PASSWORD);
    await vi.waitFor(async () => expect(await session.call('sync.status', {})).toMatchObject({ state: 'syncing' }), { timeout: 20_000, interval: 100 });
    await vi.waitFor(() => expect(view).toMatchObject({ state: 'signedIn', displayName: 'Alice', avatarMxc: null }), { timeout: 20_000, interval: 100 });
  });
  afterAll(async () => {
    await session?.dispose();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('changes the display name on the server and in the session view', async () => {
    expect(await session.bridge.invoke('profile.setDisplayName', { displayName: '  Alice Liddell ' })).toEqual({ ok: true, value: null });
    expect((await profile()).displayname).toBe('Alice Liddell');
    await expect.poll(() => signedIn().displayName, { timeout: 20_000 }).toBe('Alice Liddell');
    expect(await session.bridge.invoke('profile.setDisplayName', { displayName: '   ' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('uploads and sets an avatar picture, and refuses what is not a picture or too large', async () => {
    const png = Buffer.from(makePng(8, 8)).toString('base64');
    expect(await session.bridge.invoke('profile.setAvatar', { mimetype: 'image/png', data: png })).toEqual({ ok: true, value: null });
    const avatarUrl = (await profile()).avatar_url;
    expect(avatarUrl).toMatch(/^mxc:\/\/localhost\/\w+$/);
    await expect.poll(() => signedIn().avatarMxc, { timeout: 20_000 }).toBe(avatarUrl);

    const text = Buffer.from('not a picture').toString('base64');
    expect(await session.bridge.invoke('profile.setAvatar', { mimetype: 'text/plain', data: text })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await session.bridge.invoke('profile.setAvatar', { mimetype: 'image/svg+xml', data: text })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const huge = Buffer.alloc(MAX_UPLOAD_BYTES + 1024, 7).toString('base64');
    expect(await session.bridge.invoke('profile.setAvatar', { mimetype: 'image/jpeg', data: huge })).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    // Nothing changed by the refusals.
    expect((await profile()).avatar_url).toBe(avatarUrl);
    expect(signedIn().avatarMxc).toBe(avatarUrl);
  });

  it('follows a profile change made on another device', async () => {
    // In a room, the server announces the change as a new member event, which is how the core hears of it.
    await session.call('rooms.create', { name: 'Somewhere', topic: '', encrypted: false, visibility: 'private' });
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(registered.userId)}/displayname`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${registered.accessToken}` },
      body: JSON.stringify({ displayname: 'Alice from the phone' }),
    });
    expect(response.status).toBe(200);
    await expect.poll(() => signedIn().displayName, { timeout: 20_000 }).toBe('Alice from the phone');
  });

  it('lists the sessions, this one first, then the most recently seen', async () => {
    const phone = await loginElsewhere();
    // The phone is used now, so the server has seen it later than the registration device.
    expect(await whoAmI(phone.access_token)).toBe(200);
    const { devices } = await session.call('devices.list', {});
    expect(devices.map((device) => device.deviceId)).toEqual([signedIn().deviceId, phone.device_id, registered.deviceId].filter((id, i, all) => all.indexOf(id) === i));
    expect(devices[0]).toMatchObject({ current: true, displayName: 'Plenum test' });
    expect(devices.slice(1).every((device) => !device.current)).toBe(true);
    expect(devices.find((device) => device.deviceId === phone.device_id)?.displayName).toBe('Phone');
  });

  it('signs out the other sessions only with the right password', async () => {
    const phone = await loginElsewhere();
    const before = (await session.call('devices.list', {})).devices.length;
    expect(before).toBeGreaterThanOrEqual(3);

    const wrong = await session.bridge.invoke('devices.signOutOthers', { password: 'not the password' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect((await session.call('devices.list', {})).devices).toHaveLength(before);
    expect(await whoAmI(phone.access_token)).toBe(200);

    expect(await session.bridge.invoke('devices.signOutOthers', { password: PASSWORD })).toEqual({ ok: true, value: { signedOut: before - 1 } });
    const after = (await session.call('devices.list', {})).devices;
    expect(after.map((device) => device.deviceId)).toEqual([signedIn().deviceId]);
    expect(await whoAmI(phone.access_token)).toBe(401);
    expect(await whoAmI(registered.accessToken)).toBe(401);
    // Nobody else left: nothing to do, and this session still works.
    expect(await session.bridge.invoke('devices.signOutOthers', { password: 'anything' })).toEqual({ ok: true, value: { signedOut: 0 } });
    expect(await session.call('sync.status', {})).toMatchObject({ state: 'syncing' });
  });
});
