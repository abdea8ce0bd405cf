/** Automatic updates as the window may know them (src/main/shell/update-policy.ts runs them). */

/** Why updates are off: the policy, no UpdateUrl, a development build, or an installation IT updates. */
export type UpdateDisabledReason = 'policy' | 'no-feed' | 'development' | 'unsupported';

/** Why a check, download or install failed; a code for the UI and the log, never the server's text. */
export type UpdateErrorReason = 'network' | 'feed-not-found' | 'feed-invalid' | 'verification-failed' | 'failed';

export type UpdateState =
  | { readonly status: 'disabled'; readonly reason: UpdateDisabledReason }
  /** Enabled, not checked yet. */
  | { readonly status: 'idle' }
  | { readonly status: 'checking' }
  | { readonly status: 'up-to-date'; readonly checkedAt: number }
  /** A newer version was found and is downloading (autoDownload); percent once known. */
  | { readonly status: 'available'; readonly version: string; readonly percent: number | null }
  /**
   * Downloaded and waiting for consent. installsOnQuit: the policy consented (AutoInstallUpdates), it
   * installs when Plenum quits and nobody needs to be asked; false: the UI offers "Restart and update".
   */
  | { readonly status: 'downloaded'; readonly version: string; readonly installsOnQuit: boolean }
  | { readonly status: 'installing'; readonly version: string }
  | { readonly status: 'error'; readonly reason: UpdateErrorReason; readonly during: 'check' | 'download' | 'install' };

