import type { IMyDevice } from 'matrix-js-sdk';
import type { DeviceView } from '../../../shared/model/devices.ts';

/** The account's devices as the settings screen lists them: this one first, then the most recently seen. */
export function toDeviceViews(devices: readonly IMyDevice[], currentDeviceId: string | null): DeviceView[] {
  return devices
    .map(
      (device): DeviceView => ({
        deviceId: device.device_id,
        displayName: device.display_name?.trim() || null,
        lastSeenTs: typeof device.last_seen_ts === 'number' ? device.last_seen_ts : null,
        lastSeenIp: device.last_seen_ip || null,
        current: device.device_id === currentDeviceId,
      }),
    )
    .sort((a, b) => Number(b.current) - Number(a.current) || (b.lastSeenTs ?? -1) - (a.lastSeenTs ?? -1) || a.deviceId.localeCompare(b.deviceId));
}
