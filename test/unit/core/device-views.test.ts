import { describe, expect, it } from 'vitest';
import { toDeviceViews } from '../../../src/main/core/account/device-views.ts';

describe('device list for the settings screen', () => {
  it('puts this device first, then the most recently seen, never-seen devices last', () => {
    const views = toDeviceViews(
      [
        { device_id: 'OLD', display_name: 'Old laptop', last_seen_ts: 1_000, last_seen_ip: '10.0.0.1' },
        { device_id: 'NEVER' },
        { device_id: 'THIS', display_name: 'Plenum', last_seen_ts: 500 },
        { device_id: 'PHONE', display_name: '  ', last_seen_ts: 9_000, last_seen_ip: '' },
      ],
      'THIS',
    );
    expect(views.map((view) => view.deviceId)).toEqual(['THIS', 'PHONE', 'OLD', 'NEVER']);
    expect(views[0]).toEqual({ deviceId: 'THIS', displayName: 'Plenum', lastSeenTs: 500, lastSeenIp: null, current: true });
    expect(views[1]).toEqual({ deviceId: 'PHONE', displayName: null, lastSeenTs: 9_000, lastSeenIp: null, current: false });
    expect(views[2]).toMatchObject({ lastSeenIp: '10.0.0.1', current: false });
    expect(views[3]).toEqual({ deviceId: 'NEVER', displayName: null, lastSeenTs: null, lastSeenIp: null, current: false });
  });

  it('marks no device current when this one is missing from the server list', () => {
    expect(toDeviceViews([{ device_id: 'A' }], 'GONE').some((view) => view.current)).toBe(false);
  });
});
