/**
 * Room and event IDs as they arrive in media URLs from the renderer. They reach the homeserver in
 * a request path (fetching an event the core does not hold), so they are held to the shapes that
 * servers actually make rather than the spec's "opaque" (anything): `!` or `$`, then base64 or
 * url-safe base64 or the letters and digits older servers use, then, in older room versions,
 * `:server_name`. The whole ID is at most 255 bytes, as the spec says.
 */
import { isValidServerName } from '../../../shared/matrix/mxc-uri.ts';

const MAX_ID_LENGTH = 255;
const OPAQUE = /^[A-Za-z0-9._~+/=-]+$/;

function isValidId(sigil: '!' | '$', raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length > MAX_ID_LENGTH || !raw.startsWith(sigil)) return false;
  const rest = raw.slice(1);
  const colon = rest.indexOf(':');
  const opaque = colon < 0 ? rest : rest.slice(0, colon);
  return OPAQUE.test(opaque) && (colon < 0 || isValidServerName(rest.slice(colon + 1)));
}

export const isValidRoomId = (raw: unknown): raw is string => isValidId('!', raw);
export const isValidEventId = (raw: unknown): raw is string => isValidId('$', raw);
