import type { CustomScheme, Protocol } from 'electron';
import type { MediaResponder } from '../core/media/media-responder.ts';
import { MEDIA_SCHEME } from './csp.ts';

/**
 * The renderer's media URLs: plenum-media://media/download/<server>/<id>, …/thumbnail/<server>/<id>?w=&h=&m=,
 * or …/event/<room-id>/<event-id>[?thumbnail=1] (media-request.ts parses them all).
 */
export const MEDIA_HOST = 'media';

/**
 * Privileges of the media scheme: standard and secure so <img> and <video> may use it from the
 * app:// page, stream for large files. No CORS, no CSP bypass, no service workers.
 */
export const MEDIA_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

/** Hands media requests to the core, which adds the session's token; call after `app.whenReady()`. */
export function handleMediaProtocol(protocol: Pick<Protocol, 'handle'>, respond: MediaResponder): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.host !== MEDIA_HOST || request.method !== 'GET') return new Response(null, { status: 400 });
    return respond(url.pathname, url.searchParams, request.signal);
  });
}
