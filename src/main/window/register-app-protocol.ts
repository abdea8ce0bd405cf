/**
 * The app:// scheme. Two steps because Electron demands it: the scheme's privileges must be
 * declared before `app` is ready, the handler can only be installed after.
 */
import type { CustomScheme, Protocol } from 'electron';
import { createAppProtocolHandler } from './app-protocol-handler.ts';
import { APP_SCHEME } from './app-protocol-path.ts';

/**
 * `standard` gives the scheme real origins and relative URLs, `secure` makes it a secure context,
 * `supportFetchAPI` lets the page fetch its own files, `codeCache` enables V8's code cache. Not
 * granted: `bypassCSP`, `corsEnabled` (would let other origins read app files), service workers,
 * `stream`.
 *
 * Electron accepts only one registerSchemesAsPrivileged call per run, so other schemes (the media
 * scheme) are passed in here rather than registered separately.
 */
export function registerPrivilegedSchemes(
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>,
  otherSchemes: readonly CustomScheme[] = [],
): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ...otherSchemes,
  ]);
}

export interface AppProtocolOptions {
  readonly rendererDir: string;
  readonly contentSecurityPolicy: string;
}

/** Serves the renderer build on app://plenum; call after `app.whenReady()`. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  const handler = createAppProtocolHandler({
    rootDir: options.rendererDir,
    contentSecurityPolicy: options.contentSecurityPolicy,
  });
  protocol.handle(APP_SCHEME, (request) => handler(request));
}
