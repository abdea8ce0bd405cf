/**
 * Answers app:// requests with the renderer's files and Plenum's security headers. Uses only the
 * Fetch API's Request/Response (globals in Node and in Electron's main process), so it runs under
 * vitest against a real directory; register-app-protocol.ts hands it to `protocol.handle`.
 */
import fs from 'node:fs';
import { isInside, resolveAppRequest } from './app-protocol-path.ts';

export interface AppProtocolHandlerOptions {
  /** The renderer build (out/renderer), possibly inside app.asar. */
  readonly rootDir: string;
  /** The Content-Security-Policy header value (see csp.ts). */
  readonly contentSecurityPolicy: string;
  /** Injected for tests; default to node:fs, which Electron patches to read inside app.asar. */
  readonly readFile?: (filePath: string) => Promise<Uint8Array<ArrayBuffer>>;
  readonly realpath?: (filePath: string) => Promise<string>;
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

/**
 * Cross-origin isolation headers: COOP same-origin costs nothing (the app opens no windows) and
 * CORP keeps other origins from embedding app files. COEP `require-corp` is deliberately absent:
 * it only buys `crossOriginIsolated` (SharedArrayBuffer, precise timers), which the renderer does
 * not use, and would make every plenum-media: response carry CORP headers to render at all.
 */
function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), display-capture=(), usb=(), serial=(), hid=(), payment=()',
  };
}

export function createAppProtocolHandler(options: AppProtocolHandlerOptions): AppProtocolHandler {
  const readFile = options.readFile ?? ((filePath: string) => fs.promises.readFile(filePath));
  // Looked up on the fs object at call time, so Electron's asar patch of fs.promises applies.
  const realpath = options.realpath ?? ((filePath: string) => fs.promises.realpath(filePath));
  const headers = securityHeaders(options.contentSecurityPolicy);
  let realRoot: Promise<string> | undefined;

  const reply = (status: number, body: Uint8Array<ArrayBuffer> | string | null, extra: Record<string, string> = {}): Response =>
    new Response(body, { status, headers: { ...headers, ...extra } });
  const refuse = (status: number, extra: Record<string, string> = {}): Response =>
    reply(status, String(status), { 'Content-Type': 'text/plain; charset=utf-8', ...extra });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, { Allow: 'GET, HEAD' });
    const resolved = resolveAppRequest(request.url, options.rootDir);
    if (!resolved.ok) return refuse(resolved.status);
    try {
      // The lexical check above can't see symbolic links; the canonical path must stay inside too.
      realRoot ??= realpath(options.rootDir);
      const [root, real] = await Promise.all([realRoot, realpath(resolved.filePath)]);
      if (!isInside(root, real)) return refuse(403);
      const body = await readFile(real);
      return reply(200, request.method === 'HEAD' ? null : body, {
        'Content-Type': resolved.mimeType,
        'Content-Length': String(body.byteLength),
      });
    } catch {
      // Missing file, a directory, or an unreadable one: all look the same from the page.
      realRoot = undefined;
      return refuse(404);
    }
  };
}
