import type { Logger } from '../core/ports.ts';
import { checkExternalUrl } from '../window/external-links.ts';

/** The part of Electron's `shell` this adapter uses (structural, so tests pass a fake). */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface ExternalOpener {
  /** Opens the URL in the user's browser or mail client if the gate allows it; resolves whether it did. */
  open(raw: unknown): Promise<boolean>;
}

/** Every `shell.openExternal` in the app goes through here, never around it. */
export function createExternalOpener(shell: ShellLike, logger?: Logger): ExternalOpener {
  return {
    async open(raw) {
      const check = checkExternalUrl(raw);
      if (!check.allowed) {
        // The reason only: the URL itself may carry tokens or personal data.
        logger?.warn('external link refused', { reason: check.reason });
        return false;
      }
      try {
        await shell.openExternal(check.url);
        return true;
      } catch {
        logger?.warn('external link could not be opened', { host: check.displayHost });
        return false;
      }
    },
  };
}
