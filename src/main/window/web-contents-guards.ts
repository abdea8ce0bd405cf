/**
 * Navigation and window guards for every WebContents the app creates (windows, devtools, anything
 * a future feature adds): the page may not leave app://, open windows or embed webviews. Web and
 * mail links are handed to the external-link gate instead.
 */
import type { App, WebContents } from 'electron';
import { isAppUrl } from '../ipc/sender-check.ts';
import { isAllowedNavigation } from './navigation-policy.ts';

export interface GuardOptions {
  /** The external-link gate (createExternalOpener): it decides what may actually be opened. */
  readonly openExternal: (url: string) => unknown;
}

export function installWebContentsGuards(app: Pick<App, 'on'>, options: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}

export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  // Main-frame navigations: a link without target, `location = …`, a form submission.
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    void options.openExternal(event.url);
  });
  // Subframes (which the CSP already forbids): never navigate, never open anything.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  // Our protocol handler never redirects; a redirect elsewhere can only be an attack.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // window.open and target=_blank links: never a new Electron window.
  contents.setWindowOpenHandler(({ url }) => {
    void options.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
