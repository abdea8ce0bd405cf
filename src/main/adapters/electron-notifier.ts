import type { Logger, NotificationRequest, Notifier } from '../core/ports.ts';

/**
 * Opaque stand-in for Electron's `NativeImage`, so main can pass real images and tests can pass
 * fakes. `isEmpty` is all that is needed: `nativeImage.createFromBuffer` answers undecodable bytes
 * with an empty image rather than an error.
 */
export interface NativeImageLike {
  isEmpty(): boolean;
}

/** The slice of an Electron `Notification` used here. */
export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotificationOptions {
  readonly title: string;
  readonly body: string;
  readonly silent: boolean;
  readonly icon?: NativeImageLike;
}

export interface ElectronNotifierDeps {
  /** In main: `(options) => new Notification(options)`. */
  readonly createNotification: (options: NotificationOptions) => NotificationLike;
  /** In main: `Notification.isSupported`. */
  readonly isSupported: () => boolean;
  /** Fetches and decodes an avatar; null when there is none. */
  readonly loadIcon?: (mxc: string) => Promise<NativeImageLike | null>;
  readonly onClick: (roomId: string, eventId: string | null) => void;
  readonly logger: Logger;
}

/** A notification that waits longer than this for its picture is shown without one. */
export const ICON_TIMEOUT_MS = 1_500;

interface Shown {
  readonly request: NotificationRequest;
  readonly notification: NotificationLike;
}

/** Shows desktop notifications through Electron's `Notification`, one per tag. */
export function createElectronNotifier(deps: ElectronNotifierDeps): Notifier {
  // Only what is on screen is held, so a dismissed notification can be garbage collected.
  const shown = new Map<string, Shown>();
  // The newest request per tag; an older one still waiting for its icon is dropped when it arrives.
  const latest = new Map<string, { readonly sequence: number; readonly roomId: string }>();
  let sequence = 0;
  let unsupportedLogged = false;

  const forget = (entry: Shown): void => {
    if (shown.get(entry.request.tag) === entry) shown.delete(entry.request.tag);
  };

  const close = (entry: Shown): void => {
    // Forget first: Electron may emit 'close' synchronously from inside close().
    forget(entry);
    try {
      entry.notification.close();
    } catch (error) {
      deps.logger.warn('notification could not be closed', { kind: tagKind(entry.request.tag), error: errorName(error) });
    }
  };

  const present = (request: NotificationRequest, icon: NativeImageLike | undefined): void => {
    const previous = shown.get(request.tag);
    if (previous) close(previous);
    let entry: Shown | undefined;
    try {
      const notification = deps.createNotification({ title: request.title, body: request.body, silent: request.silent, ...(icon ? { icon } : {}) });
      const current: Shown = { request, notification };
      entry = current;
      let clicked = false;
      notification.on('click', () => {
        // Open the room once, even if the OS reports the activation more than once.
        if (clicked) return;
        clicked = true;
        forget(current);
        deps.onClick(request.roomId, request.eventId);
      });
      notification.on('close', () => forget(current));
      shown.set(request.tag, current);
      notification.show();
    } catch (error) {
      if (entry) forget(entry);
      // The tag's kind only: title and body carry message text and names.
      deps.logger.warn('notification could not be shown', { kind: tagKind(request.tag), error: errorName(error) });
    }
  };

  const iconFor = async (loadIcon: (mxc: string) => Promise<NativeImageLike | null>, mxc: string): Promise<NativeImageLike | undefined> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ICON_TIMEOUT_MS);
    });
    try {
      const icon = await Promise.race([loadIcon(mxc), timeout]);
      if (icon === 'timeout') {
        deps.logger.info('notification icon too slow, shown without it');
        return undefined;
      }
      return icon && !icon.isEmpty() ? icon : undefined;
    } catch (error) {
      deps.logger.info('notification icon unavailable, shown without it', { error: errorName(error) });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    show(request) {
      if (!deps.isSupported()) {
        if (!unsupportedLogged) deps.logger.info('desktop notifications are not supported on this system');
        unsupportedLogged = true;
        return;
      }
      const { loadIcon } = deps;
      if (!loadIcon || !request.iconMxc) {
        // Nothing to wait for, so show now; an older request still waiting for its icon is stale.
        latest.delete(request.tag);
        present(request, undefined);
        return;
      }
      const mine = ++sequence;
      latest.set(request.tag, { sequence: mine, roomId: request.roomId });
      void iconFor(loadIcon, request.iconMxc).then((icon) => {
        // A newer request for the tag, or a clear() of its room, came while the icon loaded.
        if (latest.get(request.tag)?.sequence !== mine) return;
        latest.delete(request.tag);
        present(request, icon);
      });
    },

    clear(roomId) {
      for (const entry of [...shown.values()]) {
        if (entry.request.roomId === roomId || entry.request.tag === roomId) close(entry);
      }
      // A notification still waiting for its icon would otherwise appear for a room just read.
      for (const [tag, pending] of [...latest]) {
        if (pending.roomId === roomId || tag === roomId) latest.delete(tag);
      }
    },
  };
}

/** Room tags are room IDs; the app's own tags (e.g. the catch-up summary) are `plenum:` constants. */
function tagKind(tag: string): string {
  return tag.startsWith('plenum:') ? tag : 'room';
}

function errorName(error: unknown): string {
  // The name, not the message: messages are free text nobody has vetted for what they quote.
  return error instanceof Error ? error.name : typeof error;
}
