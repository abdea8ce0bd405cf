/**
 * Web permissions for the app's session: deny everything except what the UI needs. Electron grants
 * every permission when no handler is installed, so these handlers must exist from the first window.
 */
import type { Session } from 'electron';
import { isAppUrl } from '../ipc/sender-check.ts';

/**
 * `clipboard-sanitized-write` lets "copy link/text" use navigator.clipboard.writeText. Nothing else
 * is needed today: notifications are shown by main (the Notifier port), not by the page, so the
 * page gets no `notifications`; camera, microphone, screen capture and fullscreen wait for calls
 * and the media viewer, and will be added here with their feature.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** `origin` may be a serialised origin or a full URL; only the app origin ever gets anything. */
export function isPermissionAllowed(permission: string, origin: string | undefined): boolean {
  return typeof origin === 'string' && isAppUrl(origin) && ALLOWED_PERMISSIONS.has(permission);
}

export function installPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(details.isMainFrame && isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return details.isMainFrame && isPermissionAllowed(permission, requestingOrigin);
  });
  // WebHID, WebUSB and Web Serial: never. (Web Bluetooth is cancelled while no select-bluetooth-device listener exists.)
  session.setDevicePermissionHandler(() => false);
  // Saving files (attachments, exports) is done by main with a save dialog, never by the page.
  session.on('will-download', (event) => event.preventDefault());
}
