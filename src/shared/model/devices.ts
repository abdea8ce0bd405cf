/** One session (device) of the signed-in account, as the settings screen lists it. */
export interface DeviceView {
  readonly deviceId: string;
  /** The name the device gave itself (or the user set); null when it has none. */
  readonly displayName: string | null;
  /** Milliseconds since the epoch; null when the server has not seen it yet. */
  readonly lastSeenTs: number | null;
  readonly lastSeenIp: string | null;
  /** This device: the one Plenum is signed in with. */
  readonly current: boolean;
}
