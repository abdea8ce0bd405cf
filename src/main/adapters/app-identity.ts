import os from 'node:os';
import type { App } from 'electron';
import type { AppIdentity } from '../core/ports.ts';

export interface AppIdentityOptions {
  readonly defaultHomeserver?: string;
  /** Injected for tests. */
  readonly hostname?: () => string;
}

const MAX_HOST_LABEL = 64;

/** Call after `app.whenReady()`: before that, Electron reports an empty locale. */
export function createAppIdentity(app: Pick<App, 'getVersion' | 'getLocale'>, options: AppIdentityOptions = {}): AppIdentity {
  const hostname = (options.hostname ?? os.hostname)();
  return {
    version: app.getVersion(),
    locale: app.getLocale() || 'en',
    deviceDisplayName: deviceDisplayName(hostname),
    ...(options.defaultHomeserver ? { defaultHomeserver: options.defaultHomeserver } : {}),
  };
}

/** "Plenum on laptop-42": what other sessions of the user see in their device list. */
export function deviceDisplayName(hostname: string): string {
  // Host names come from the OS and may hold anything; keep the label short and printable.
  const label = hostname.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, MAX_HOST_LABEL);
  return label ? `Plenum on ${label}` : 'Plenum';
}
