/**
 * electron-updater's `autoUpdater`, behind the UpdaterLike port that src/main/shell/update-policy.ts
 * drives. The module is loaded only when loadElectronUpdater() is called, which the update flow does
 * only once the plan allows updates (an UpdateUrl policy, a packaged app): an installation without an
 * update feed never loads it, so it can never reach for its default provider. Everything else here
 * is a type.
 *
 * What the real updater does with the settings the flow makes (electron-updater 6.x):
 * - setFeedURL({ provider: 'generic', url }) replaces the provider from app-update.yml; the channel
 *   files latest.yml, latest-mac.yml and latest-linux.yml are read from that URL.
 * - Downloads still need resources/app-update.yml for the cache folder's name (updaterCacheDirName),
 *   which electron-builder writes only when a publish provider is configured.
 * - Its requests go through its own session (partition "electron-updater"), not the default one, so
 *   a proxy Plenum sets with session.defaultSession.setProxy must be set on that session too.
 */
import type { AppUpdater } from 'electron-updater';
import type { UpdaterLike } from '../shell/update-policy.ts';

export type { UpdaterLike } from '../shell/update-policy.ts';

/** The partition electron-updater makes its requests in (electronHttpExecutor's NET_SESSION_NAME). */
export const UPDATER_SESSION_PARTITION = 'electron-updater';

/** The settings the adapter fixes on the real updater, whatever the flow configures. */
export interface HardenableUpdater {
  logger: unknown;
  disableWebInstaller: boolean;
  forceDevUpdateConfig: boolean;
}

export function hardenUpdater(updater: HardenableUpdater): void {
  // It logs free text to the console (download URLs, file paths, stacks); the flow logs codes
  // through Plenum's own logger instead.
  updater.logger = null;
  // A web installer fetches its payload later, where signatures may go unchecked; Plenum ships none.
  updater.disableWebInstaller = true;
  // Never dev-app-update.yml: the plan already keeps development builds from updating.
  updater.forceDevUpdateConfig = false;
}

/** electron-updater's autoUpdater for this platform (NSIS, macOS, AppImage, DEB or RPM), hardened. */
export async function loadElectronUpdater(): Promise<UpdaterLike> {
  // A CommonJS module whose autoUpdater is a lazy getter Node cannot see as a named export.
  const { default: electronUpdater } = await import('electron-updater');
  const updater: AppUpdater = electronUpdater.autoUpdater;
  hardenUpdater(updater);
  return updater;
}
