import { MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { DeviceView } from '../../../shared/model/devices.ts';
import { matrixFailure } from '../matrix-failure.ts';
import { confirmMethods, deleteDevicesWithPassword, deleteDevicesWithSso, type ConfirmMethods, type SsoConfirmation } from './delete-devices.ts';
import { toDeviceViews } from './device-views.ts';

/**
 * Pictures every client can show, and nothing scriptable: an SVG avatar would be a document from
 * the network. The renderer sends what the file picker reported; the server stores it as given.
 */
export const AVATAR_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface Account {
  setDisplayName(displayName: string): Promise<void>;
  setAvatar(mimetype: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  listDevices(): Promise<readonly DeviceView[]>;
  /** Signs out every other device of this account; resolves to how many went. */
  signOutOthers(password: string): Promise<number>;
  /** How the server wants this user to confirm signing out other sessions. */
  confirmMethods(): Promise<ConfirmMethods>;
  /** Signs out every other device, confirmed through single sign-on in the browser. */
  signOutOthersSso(confirm: SsoConfirmation): Promise<number>;
  attach(client: MatrixClient): void;
  detach(): void;
}

export interface AccountOptions {
  /** After a profile change here: the session re-reads the profile, so `session.changed` follows. */
  readonly profileChanged?: () => Promise<void>;
}

async function otherDevices(client: MatrixClient): Promise<string[]> {
  const self = client.getDeviceId();
  if (!self) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
  try {
    return (await client.getDevices()).devices.map((device) => device.device_id).filter((id) => id !== self);
  } catch (error) {
    throw matrixFailure(error, 'listing the sessions');
  }
}

/** The signed-in user's own account: profile, and the sessions (devices) signed in to it. */
export function createAccount(options: AccountOptions = {}): Account {
  let client: MatrixClient | undefined;
  const signedIn = (): MatrixClient => {
    if (!client) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
    return client;
  };
  const profileChanged = async (): Promise<void> => {
    // The change is made; a failed re-read only delays the new name on screen until the next sync.
    await options.profileChanged?.().catch(() => {});
  };

  return {
    async setDisplayName(displayName) {
      try {
        await signedIn().setDisplayName(displayName);
      } catch (error) {
        throw matrixFailure(error, 'setting the display name');
      }
      await profileChanged();
    },

    async setAvatar(mimetype, bytes) {
      const type = mimetype.toLowerCase();
      if (!AVATAR_TYPES.has(type)) throw new AppFailure('BAD_REQUEST', 'an avatar must be a PNG, JPEG, GIF or WebP picture');
      if (bytes.byteLength === 0) throw new AppFailure('BAD_REQUEST', 'the picture is empty');
      const current = signedIn();
      let contentUri: string;
      try {
        ({ content_uri: contentUri } = await current.uploadContent(bytes, { type, includeFilename: false }));
      } catch (error) {
        if (error instanceof MatrixError && (error.errcode === 'M_TOO_LARGE' || error.httpStatus === 413)) {
          throw new AppFailure('TOO_LARGE', 'the picture is larger than the homeserver accepts');
        }
        throw matrixFailure(error, 'uploading the avatar');
      }
      try {
        await current.setAvatarUrl(contentUri);
      } catch (error) {
        throw matrixFailure(error, 'setting the avatar');
      }
      await profileChanged();
    },

    async listDevices() {
      const current = signedIn();
      try {
        const { devices } = await current.getDevices();
        return toDeviceViews(devices, current.getDeviceId());
      } catch (error) {
        throw matrixFailure(error, 'listing the sessions');
      }
    },

    async signOutOthers(password) {
      const current = signedIn();
      const userId = current.getUserId();
      if (!userId) throw new AppFailure('NOT_SIGNED_IN', 'no session is active');
      const others = await otherDevices(current);
      if (others.length > 0) await deleteDevicesWithPassword(current, others, { userId, password });
      return others.length;
    },

    async confirmMethods() {
      return confirmMethods(signedIn());
    },

    async signOutOthersSso(confirm) {
      const current = signedIn();
      const others = await otherDevices(current);
      if (others.length > 0) await deleteDevicesWithSso(current, others, confirm);
      return others.length;
    },

    attach: (next) => {
      client = next;
    },
    detach: () => {
      client = undefined;
    },
  };
}
