import type { UnreadCounts, UnreadIndicator } from '../core/ports.ts';
import type { NativeImageLike } from './electron-notifier.ts';

export interface ElectronUnreadIndicatorDeps {
  readonly platform: NodeJS.Platform;
  /** `app.setBadgeCount`: the dock on macOS, Unity-protocol launchers on Linux; false where unsupported. */
  readonly setBadgeCount: (count: number) => boolean;
  /** The main window's `setOverlayIcon`: Windows has no badge count, only a taskbar overlay. */
  readonly setOverlayIcon?: (icon: NativeImageLike | null, description: string) => void;
  /** Draws the overlay (Windows shows it at 16×16 px), so main chooses how a number looks. */
  readonly overlayIcon?: (count: number, highlight: boolean) => NativeImageLike;
  readonly tray?: { setToolTip(text: string): void; setImage(image: NativeImageLike): void };
  readonly trayImages?: { readonly idle: NativeImageLike; readonly unread: NativeImageLike };
  /** The counts in the user's language, for the tooltip and the screen reader's overlay text. */
  readonly describe: (counts: UnreadCounts) => string;
}

/** The dock/launcher badge, the Windows taskbar overlay and the tray icon. */
export function createElectronUnreadIndicator(deps: ElectronUnreadIndicatorDeps): UnreadIndicator {
  let last: UnreadCounts | undefined;
  // What each OS surface was last told, so a change that does not show there is not sent there.
  let shownBadge: number | undefined;
  let shownOverlay: string | undefined;
  let shownToolTip: string | undefined;
  let shownImage: NativeImageLike | undefined;

  return {
    set(counts) {
      // Every sync can report counts; most of the time nothing moved, and the OS need not hear it.
      if (last && sameCounts(last, counts)) return;
      last = { rooms: counts.rooms, notifications: counts.notifications, highlights: counts.highlights, invites: counts.invites };
      // What Slack and Teams badge: messages waiting plus invitations waiting for an answer.
      const badge = whole(counts.notifications) + whole(counts.invites);
      const highlight = whole(counts.highlights) > 0;
      const description = deps.describe(counts);

      if ((deps.platform === 'darwin' || deps.platform === 'linux') && badge !== shownBadge) {
        // false means no launcher with the Unity API is listening; nothing better to do on Linux then.
        deps.setBadgeCount(badge);
        shownBadge = badge;
      } else if (deps.platform === 'win32' && deps.setOverlayIcon) {
        const overlay = badge > 0 && deps.overlayIcon ? `${badge}|${highlight}|${description}` : '';
        if (overlay !== shownOverlay) {
          if (overlay && deps.overlayIcon) deps.setOverlayIcon(deps.overlayIcon(badge, highlight), description);
          else deps.setOverlayIcon(null, '');
          shownOverlay = overlay;
        }
      }

      if (deps.tray && description !== shownToolTip) {
        deps.tray.setToolTip(description);
        shownToolTip = description;
      }
      const image = deps.trayImages && (badge > 0 ? deps.trayImages.unread : deps.trayImages.idle);
      if (deps.tray && image && image !== shownImage) {
        deps.tray.setImage(image);
        shownImage = image;
      }
    },
  };
}

function sameCounts(a: UnreadCounts, b: UnreadCounts): boolean {
  return a.rooms === b.rooms && a.notifications === b.notifications && a.highlights === b.highlights && a.invites === b.invites;
}

/** Server counts are untrusted JSON: a negative or fractional one must not reach the badge. */
function whole(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
