import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { Handlers } from '../../../src/shared/ipc/types.ts';
import type { DeviceView } from '../../../src/shared/model/devices.ts';
import { DevicesModel, sortDevices } from '../../../src/renderer/state/devices.svelte.ts';
import { AVATAR_MAX_BYTES, checkAvatarFile, ProfileModel } from '../../../src/renderer/state/profile.svelte.ts';
import { ICONS } from '../../../src/renderer/components/icons.ts';
import { catalogs } from '../../../src/renderer/i18n/messages.ts';
import { isSettingsSection, SECTION_ICONS, SECTION_LABELS, SETTINGS_SECTIONS, visibleSections } from '../../../src/renderer/views/settings/sections.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

function bridgeTo(overrides: Partial<Handlers>) {
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers: stubHandlers(overrides), onEvent: () => () => {} }, server);
  return client;
}

const device = (deviceId: string, lastSeenTs: number | null, current = false): DeviceView => ({
  deviceId,
  displayName: deviceId === 'NONAME' ? null : `Plenum ${deviceId}`,
  lastSeenTs,
  lastSeenIp: lastSeenTs === null ? null : '10.0.0.1',
  current,
});

describe('the sessions list', () => {
  it('puts this device first, then the most recently seen, unseen last', () => {
    const sorted = sortDevices([device('OLD', 1_000), device('NONAME', null), device('THIS', 10), device('NEW', 5_000)].map((d) => (d.deviceId === 'THIS' ? { ...d, current: true } : d)));
    expect(sorted.map((d) => d.deviceId)).toEqual(['THIS', 'NEW', 'OLD', 'NONAME']);
  });

  it('loads, keeps the error of a failed load, and recovers on retry', async () => {
    let fail = true;
    const devices = new DevicesModel(
      bridgeTo({
        'devices.list': async () => {
          if (fail) throw new AppFailure('NETWORK', 'offline');
          return { devices: [device('B', 2), device('A', 1, true)] };
        },
      }),
    );
    expect(devices.devices).toBeNull();
    await devices.refresh();
    expect(devices.devices).toBeNull();
    expect(devices.loadError?.code).toBe('NETWORK');

    fail = false;
    await devices.refresh();
    expect(devices.loadError).toBeNull();
    expect(devices.devices?.map((d) => d.deviceId)).toEqual(['A', 'B']);
    expect(devices.others.map((d) => d.deviceId)).toEqual(['B']);
  });

  it('signs the others out with the password and lists what is left; a wrong password changes nothing', async () => {
    let list = [device('THIS', 1, true), device('PHONE', 2), device('LAPTOP', 3)];
    const passwords: string[] = [];
    const devices = new DevicesModel(
      bridgeTo({
        'devices.list': async () => ({ devices: list }),
        'devices.signOutOthers': async ({ password }) => {
          passwords.push(password);
          if (password !== 'right') throw new AppFailure('INVALID_CREDENTIALS', 'wrong password');
          const count = list.length - 1;
          list = list.filter((d) => d.current);
          return { signedOut: count };
        },
      }),
    );
    await devices.refresh();

    const wrong = await devices.signOutOthers('wrong');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(devices.others).toHaveLength(2);

    const pending = devices.signOutOthers('right');
    expect(devices.signingOut).toBe(true);
    expect(await pending).toEqual({ ok: true, signedOut: 2 });
    expect(devices.signingOut).toBe(false);
    expect(devices.others).toEqual([]);
    expect(passwords).toEqual(['wrong', 'right']);
  });
});

describe('the profile', () => {
  it('accepts common pictures only, and neither empty nor huge files', () => {
    expect(checkAvatarFile({ type: 'image/png', size: 1000 })).toBeNull();
    expect(checkAvatarFile({ type: 'image/webp', size: AVATAR_MAX_BYTES })).toBeNull();
    expect(checkAvatarFile({ type: 'image/svg+xml', size: 1000 })).toBe('type');
    expect(checkAvatarFile({ type: '', size: 1000 })).toBe('type');
    expect(checkAvatarFile({ type: 'image/jpeg', size: 0 })).toBe('empty');
    expect(checkAvatarFile({ type: 'image/jpeg', size: AVATAR_MAX_BYTES + 1 })).toBe('size');
  });

  it('sends the name and the picture to the core and hands back its errors', async () => {
    const calls: unknown[] = [];
    const profile = new ProfileModel(
      bridgeTo({
        'profile.setDisplayName': async ({ displayName }) => {
          calls.push(displayName);
          return null;
        },
        'profile.setAvatar': async ({ mimetype }) => {
          calls.push(mimetype);
          throw new AppFailure('TOO_LARGE', 'over the server limit');
        },
      }),
    );
    const saving = profile.setDisplayName('Alice Example');
    expect(profile.savingName).toBe(true);
    expect(await saving).toBeNull();
    expect(profile.savingName).toBe(false);
    expect((await profile.setAvatar('image/png', 'iVBORw0KGgo='))?.code).toBe('TOO_LARGE');
    expect(profile.savingAvatar).toBe(false);
    // The contract refuses an empty name before the core sees it.
    expect((await profile.setDisplayName('   '))?.code).toBe('BAD_REQUEST');
    expect(calls).toEqual(['Alice Example', 'image/png']);
  });
});

describe('the settings sections', () => {
  it('lists Notifications between Appearance and Language, each section with a label and an icon', () => {
    expect(SETTINGS_SECTIONS).toEqual(['profile', 'appearance', 'notifications', 'desktop', 'language', 'sessions', 'account']);
    for (const section of SETTINGS_SECTIONS) {
      expect(catalogs.en[SECTION_LABELS[section]]).toBeTruthy();
      expect(ICONS[SECTION_ICONS[section]].length).toBeGreaterThan(0);
    }
    expect(SECTION_ICONS.notifications).toBe('bell');
    expect(isSettingsSection('notifications')).toBe(true);
    expect(isSettingsSection('desktop')).toBe(true);
    expect(isSettingsSection('bell')).toBe(false);
  });

  it('shows Desktop, after Notifications and before Language, only in the desktop app', () => {
    expect(visibleSections({ desktop: true })).toEqual(['profile', 'appearance', 'notifications', 'desktop', 'language', 'sessions', 'account']);
    expect(visibleSections({ desktop: false })).toEqual(['profile', 'appearance', 'notifications', 'language', 'sessions', 'account']);
    // A section icon of its own, not the one of Sessions.
    expect(new Set(Object.values(SECTION_ICONS)).size).toBe(SETTINGS_SECTIONS.length);
  });
});
