import { request } from 'node:http';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHarness, type RunningHarness } from '../support/harness.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp } from '../support/matrix-http.ts';
import { makePng } from '../support/png.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'media route password';
const SERVICE = `plenum-media-route-${process.pid}-${Date.now()}`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
function get(origin: string, path: string, cookie?: string): Promise<Reply> {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * What the renderer's <img> gets for an mxc:// URI: the core fetches it from Synapse's
 * authenticated media API with the session's token; the page sees bytes and safe headers only.
 */
describe('media for the renderer (harness route, the same responder as plenum-media:)', () => {
  let synapse: RunningSynapse;
  let running: RunningHarness;
  let cookie = '';
  let mediaId = '';
  let htmlMediaId = '';
  let roomId = '';
  let imageEventId = '';
  const png = makePng(64, 48);

  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
    const alice = await synapse.registerUser('alice', PASSWORD);
    const upload = async (body: Uint8Array<ArrayBuffer> | string, type: string): Promise<string> => {
      const response = await fetch(`${synapse.baseUrl}/_matrix/media/v3/upload?filename=x`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${alice.accessToken}`, 'Content-Type': type },
        body,
      });
      return String(((await response.json()) as { content_uri: string }).content_uri).split('/').pop() ?? '';
    };
    mediaId = await upload(png, 'image/png');
    htmlMediaId = await upload('<script>alert(1)</script>', 'text/html');
    const http = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
    roomId = await http.createRoom({ name: 'Pictures', preset: 'private_chat' });
    imageEventId = await http.send(roomId, { msgtype: 'm.image', body: 'gradient.png', url: `mxc://localhost/${mediaId}`, info: { mimetype: 'image/png' } });
    running = await startTestHarness({ keychainService: SERVICE });
    cookie = String((await get(running.harness.origin, new URL(running.harness.url).pathname + new URL(running.harness.url).search)).headers['set-cookie']).split(';')[0] ?? '';
  });
  afterAll(async () => {
    await running?.stop();
    await synapse?.stop();
    await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
  });

  it('answers 401 while nobody is signed in, and 403 without the harness cookie', async () => {
    expect((await get(running.harness.origin, `/media/download/localhost/${mediaId}`, cookie)).status).toBe(401);
    expect((await get(running.harness.origin, `/media/download/localhost/${mediaId}`)).status).toBe(403);
  });

  it('serves an uploaded image byte for byte with safe headers once signed in', async () => {
    const signedIn = await running.core.handlers['session.signIn']({ homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
    expect(signedIn.userId).toBe('@alice:localhost');
    const reply = await get(running.harness.origin, `/media/download/localhost/${mediaId}`, cookie);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(reply.body, Buffer.from(png))).toBe(0);
    expect(reply.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves thumbnails', async () => {
    const reply = await get(running.harness.origin, `/media/thumbnail/localhost/${mediaId}?w=32&h=32&m=crop`, cookie);
    expect(reply.status).toBe(200);
    expect(String(reply.headers['content-type'])).toMatch(/^image\//);
  });

  it('never lets uploaded HTML render as a page', async () => {
    const reply = await get(running.harness.origin, `/media/download/localhost/${htmlMediaId}`, cookie);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/octet-stream');
    expect(reply.headers['content-disposition']).toBe('attachment');
  });

  it('refuses malformed and hostile media paths without asking the homeserver', async () => {
    for (const path of [
      '/media/download/localhost/..%2F..%2F_matrix%2Fclient%2Fv3%2Faccount%2Fwhoami',
      '/media/download/localhost',
      '/media/download/local%20host/abc',
      `/media/thumbnail/localhost/${mediaId}?w=99999&h=1`,
      `/media/download/localhost/${mediaId}?access_token=x`,
      '/media/upload/localhost/abc',
    ]) {
      expect((await get(running.harness.origin, path, cookie)).status, path).toBe(400);
    }
    expect((await get(running.harness.origin, '/media/download/localhost/NoSuchMedia', cookie)).status).toBe(404);
  });

  it('serves a message attachment by its room and event ID (the route encrypted media takes)', async () => {
    const eventPath = `/media/event/${encodeURIComponent(roomId)}/${encodeURIComponent(imageEventId)}`;
    // The room reaches the core with its first sync after sign-in.
    await expect.poll(async () => (await get(running.harness.origin, eventPath, cookie)).status, { timeout: 20_000 }).toBe(200);
    const reply = await get(running.harness.origin, eventPath, cookie);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(reply.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-disposition']).toBe("inline; filename*=UTF-8''gradient.png");
    expect(Buffer.compare(reply.body, Buffer.from(png))).toBe(0);
    const thumbnail = await get(running.harness.origin, `${eventPath}?thumbnail=1`, cookie);
    expect(thumbnail.status).toBe(200);
    expect(String(thumbnail.headers['content-type'])).toMatch(/^image\//);
    expect((await get(running.harness.origin, `/media/event/${encodeURIComponent(roomId)}/${encodeURIComponent('$NoSuchEvent000000000000000000000000000000')}`, cookie)).status).toBe(404);
    expect((await get(running.harness.origin, `/media/event/${encodeURIComponent('!nowhere:localhost')}/${encodeURIComponent(imageEventId)}`, cookie)).status).toBe(404);
    expect((await get(running.harness.origin, `/media/event/${encodeURIComponent(roomId)}/not-an-event`, cookie)).status).toBe(400);
    expect((await get(running.harness.origin, `${eventPath}?thumbnail=1&w=5`, cookie)).status).toBe(400);
  });
});
