import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { DeviceView } from '../../../shared/model/devices.ts';

// SCAFFOLD: the account helper replaces this file.
export interface Account {
  setDisplayName(displayName: string): Promise<void>;
  setAvatar(mimetype: string, bytes: Uint8Array): Promise<void>;
  listDevices(): Promise<readonly DeviceView[]>;
  signOutOthers(password: string): Promise<number>;
  attach(client: MatrixClient): void;
  detach(): void;
}

export function createAccount(): Account {
  const notYet = async (): Promise<never> => {
    throw new AppFailure('INTERNAL', 'not built yet');
  };
  return { setDisplayName: notYet, setAvatar: notYet, listDevices: notYet, signOutOthers: notYet, attach: () => {}, detach: () => {} };
}
