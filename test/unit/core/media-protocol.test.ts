import { describe, expect, it } from 'vitest';
import { handleMediaProtocol } from '../../../src/main/window/media-protocol.ts';
import { eventMediaUrl, mediaUrl } from '../../../src/renderer/lib/media-url.ts';

type Handler = (request: Request) => Response | Promise<Response>;

/** The Electron scheme handler with a recording responder: what reaches the core for each URL. */
function register() {
  let handler: Handler | undefined;
  const seen: { path: string; query: string }[] = [];
  handleMediaProtocol({ handle: (_scheme: string, h: Handler) => void (handler = h) } as never, async (path, query) => {
    seen.push({ path, query: query.toString() });
    return new Response(null, { status: 204 });
  });
  if (!handler) throw new Error('no handler registered');
  return { handler, seen };
}

describe('the plenum-media: scheme handler', () => {
  it("passes the renderer's media URLs through to the responder unchanged", async () => {
    const { handler, seen } = register();
    const urls = [
      eventMediaUrl('!room:example.org', '$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk'),
      eventMediaUrl('!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM', '$abc', { thumbnail: true }),
      mediaUrl('mxc://example.org/abc', { width: 32, height: 32 }) ?? '',
    ];
    for (const url of urls) expect((await handler(new Request(url))).status).toBe(204);
    expect(seen).toEqual([
      { path: '/event/!room%3Aexample.org/%24acR1l0raoZnm60CBwAVgqbZqoO%2FmYU81xysh1u7XcJk', query: '' },
      { path: '/event/!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM/%24abc', query: 'thumbnail=1' },
      { path: '/thumbnail/example.org/abc', query: 'w=32&h=32&m=scale' },
    ]);
  });

  it('refuses other hosts and methods before the core sees them', async () => {
    const { handler, seen } = register();
    expect((await handler(new Request('plenum-media://elsewhere/event/x/y'))).status).toBe(400);
    expect((await handler(new Request(eventMediaUrl('!r:example.org', '$e'), { method: 'POST' }))).status).toBe(400);
    expect(seen).toEqual([]);
  });
});
