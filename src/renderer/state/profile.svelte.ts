import type { AppError } from '../../shared/ipc/result.ts';
import type { BridgeApi } from '../../shared/ipc/types.ts';

/** Picture types every Matrix client can show; others (HEIC, TIFF, SVG) are refused before upload. */
export const AVATAR_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** Avatars are shown at 64 px at most; anything larger than this is surely a mistake. */
export const AVATAR_MAX_BYTES = 10 * 1024 * 1024;

export type AvatarProblem = 'type' | 'size' | 'empty';

/** Why a picked file cannot be an avatar, before anything is uploaded; null when it can. */
export function checkAvatarFile(file: { readonly type: string; readonly size: number }): AvatarProblem | null {
  if (!AVATAR_TYPES.includes(file.type)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > AVATAR_MAX_BYTES) return 'size';
  return null;
}

/**
 * Changes to the user's public profile. The new name and picture come back through
 * `session.changed`, so the whole app (sidebar, timeline) shows them from one source.
 */
export class ProfileModel {
  #bridge: BridgeApi;
  #savingName = $state(false);
  #savingAvatar = $state(false);

  constructor(bridge: BridgeApi) {
    this.#bridge = bridge;
  }

  get savingName(): boolean {
    return this.#savingName;
  }
  get savingAvatar(): boolean {
    return this.#savingAvatar;
  }

  async setDisplayName(displayName: string): Promise<AppError | null> {
    this.#savingName = true;
    try {
      const result = await this.#bridge.invoke('profile.setDisplayName', { displayName });
      return result.ok ? null : result.error;
    } finally {
      this.#savingName = false;
    }
  }

  /** `data`: the picture's bytes as base64. */
  async setAvatar(mimetype: string, data: string): Promise<AppError | null> {
    this.#savingAvatar = true;
    try {
      const result = await this.#bridge.invoke('profile.setAvatar', { mimetype, data });
      return result.ok ? null : result.error;
    } finally {
      this.#savingAvatar = false;
    }
  }
}
