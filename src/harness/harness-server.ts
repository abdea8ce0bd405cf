import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { MediaResponder } from '../main/core/media/media-responder.ts';
import type { BridgeSource } from '../shared/ipc/server.ts';
import { serveBridge } from '../shared/ipc/server.ts';
import { HARNESS_BRIDGE_PROTOCOL } from '../shared/ipc/harness-protocol.ts';
import type { Logger } from '../main/core/ports.ts';
import { APP_ORIGIN, resolveAppRequest } from '../main/window/app-protocol-path.ts';
import { buildContentSecurityPolicy } from '../main/window/csp.ts';
import { createHarnessAccess, readCookie, SESSION_COOKIE } from './access-token.ts';
import { createWebSocketTransport, MAX_CLIENT_MESSAGE_BYTES } from './ws-transport.ts';

export interface HarnessOptions {
  readonly core: BridgeSource & { readonly media: MediaResponder };
  /** The harness build of the renderer (out/harness/renderer). */
  readonly rendererDir: string;
  readonly logger: Logger;
  readonly port?: number;
}

export interface Harness {
  /** The URL to open, carrying the one-time token. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the renderer and the WebSocket bridge on 127.0.0.1 only, for `npm run dev:browser` and the
 * e2e tests. Never part of the packaged app.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const access = createHarnessAccess();
  const transport = createWebSocketTransport();
  const stopBridge = serveBridge(options.core, transport, {
    onUnexpectedError: (name) => options.logger.error('command failed unexpectedly', { command: name }),
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  let origin = '';
  let csp = '';

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch(() => respond(response, 500, 'internal error'));
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET') return respond(response, 405, 'method not allowed');
    const token = url.searchParams.get('token');
    if (token !== null) {
      const session = access.redeem(token);
      if (!session) return respond(response, 403, 'This link was already used. Restart npm run dev:browser for a new one.');
      response.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`);
      response.writeHead(303, { Location: '/' }).end();
      return;
    }
    if (!access.isSession(readCookie(request.headers.cookie, SESSION_COOKIE))) {
      return respond(response, 403, 'Open the URL that npm run dev:browser printed.');
    }
    // The browser's stand-in for Electron's plenum-media: scheme: same responder, same headers.
    if (url.pathname.startsWith('/media/')) return serveMedia(url, response);
    const resolved = resolveAppRequest(`${APP_ORIGIN}${url.pathname}`, options.rendererDir);
    if (!resolved.ok) return respond(response, resolved.status, 'not found');
    const body = await readFile(resolved.filePath).catch(() => undefined);
    if (!body) return respond(response, 404, 'not found');
    response.writeHead(200, {
      'Content-Type': resolved.mimeType,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    response.end(body);
  }

  async function serveMedia(url: URL, response: ServerResponse): Promise<void> {
    const aborted = new AbortController();
    // The viewer went away before the answer: stop fetching (a finished response closes too).
    response.once('close', () => {
      if (!response.writableFinished) aborted.abort();
    });
    const media = await options.core.media(url.pathname.slice('/media/'.length), url.searchParams, aborted.signal);
    response.writeHead(media.status, Object.fromEntries(media.headers));
    response.end(Buffer.from(await media.arrayBuffer()));
  }

  server.on('upgrade', (request, socket, head) => {
    const allowed =
      request.url === '/bridge' &&
      request.headers.origin === origin &&
      access.isSession(readCookie(request.headers.cookie, SESSION_COOKIE)) &&
      (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).includes(HARNESS_BRIDGE_PROTOCOL);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => transport.attach(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  csp = buildContentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`] });

  return {
    url: `${origin}/?token=${access.oneTimeToken}`,
    origin,
    async close() {
      stopBridge();
      transport.close();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}
