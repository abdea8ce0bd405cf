/**
 * Maps an `app://plenum/<path>` request to a file inside the renderer's build directory. Pure: no
 * file-system access, so every traversal trick can be tested; the protocol handler adds a realpath
 * check for links on disk.
 */
import nodePath from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'plenum';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Requests for `/` get the app's entry document. */
const INDEX_FILE = 'index.html';
const MAX_URL_LENGTH = 4096;

const MIME_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.woff2', 'font/woff2'],
  ['.json', 'application/json'],
  ['.map', 'application/json'],
  ['.wasm', 'application/wasm'],
]);

export type AppRequestResolution =
  | { readonly ok: true; readonly filePath: string; readonly mimeType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404 };

/**
 * `platformPath` exists so tests can exercise Windows path rules on any machine.
 * 400: not a parseable URL or path; 403: not ours, or an attempt to leave `rootDir`; 404: a path
 * we would never serve (directories, unknown file types).
 */
export function resolveAppRequest(
  requestUrl: string,
  rootDir: string,
  platformPath: nodePath.PlatformPath = nodePath,
): AppRequestResolution {
  if (requestUrl.length > MAX_URL_LENGTH) return { ok: false, status: 400 };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403 };
  }

  const segments = decodeSegments(url.pathname);
  if (segments === 'bad-encoding') return { ok: false, status: 400 };
  if (segments === 'forbidden') return { ok: false, status: 403 };
  if (segments.length === 0) segments.push(INDEX_FILE);

  const last = segments[segments.length - 1] ?? '';
  if (last === '') return { ok: false, status: 404 };
  const mimeType = MIME_TYPES.get(platformPath.extname(last).toLowerCase());
  if (!mimeType) return { ok: false, status: 404 };

  const root = platformPath.resolve(rootDir);
  const filePath = platformPath.resolve(root, ...segments);
  if (!isInside(root, filePath, platformPath)) return { ok: false, status: 403 };
  return { ok: true, filePath, mimeType };
}

/** True when `candidate` is `root` itself or below it (both absolute, already resolved). */
export function isInside(root: string, candidate: string, platformPath: nodePath.PlatformPath = nodePath): boolean {
  const relative = platformPath.relative(root, candidate);
  if (relative === '') return true;
  if (platformPath.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith(`..${platformPath.sep}`);
}

// Windows opens these names as devices in any directory (`aux.js` is the AUX port, not a file).
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
// C0/C1 controls (including NUL) and characters path APIs treat specially on some platform.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\\/:*?"<>|]/u;

/**
 * Splits the still-encoded path and decodes each segment on its own, so an encoded `/` (`%2f`)
 * can never create a separator after the URL parser has already removed dot segments.
 */
function decodeSegments(pathname: string): string[] | 'bad-encoding' | 'forbidden' {
  const raw = pathname.split('/').slice(1);
  const segments: string[] = [];
  for (const [index, encoded] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return 'bad-encoding';
    }
    const isLast = index === raw.length - 1;
    // An empty last segment means "/" (root) or "dir/"; empty inner segments ("a//b") are never ours.
    if (segment === '') {
      if (!isLast) return 'forbidden';
      if (index > 0) segments.push('');
      continue;
    }
    if (segment === '.' || segment === '..') return 'forbidden';
    // Dotfiles are never part of the build output we mean to serve (.vite/, .DS_Store, …).
    if (segment.startsWith('.')) return 'forbidden';
    if (FORBIDDEN_CHARACTERS.test(segment) || WINDOWS_DEVICE.test(segment)) return 'forbidden';
    // Windows silently strips trailing dots and spaces, turning "index.html." into another name.
    if (/[. ]$/.test(segment)) return 'forbidden';
    segments.push(segment);
  }
  return segments;
}
