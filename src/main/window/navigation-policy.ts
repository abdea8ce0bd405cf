import { isAppUrl } from '../ipc/sender-check.ts';

/**
 * The renderer is a single document with no routes: the only navigation it may make is reloading
 * the app's entry point. Anything else (a link clicked without target, `location = …`, a form) is
 * refused, and web links go to the external-link gate instead.
 */
export function isAllowedNavigation(targetUrl: string): boolean {
  if (!isAppUrl(targetUrl)) return false;
  const { pathname } = new URL(targetUrl);
  return pathname === '/' || pathname === '/index.html';
}
