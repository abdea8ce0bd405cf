import { describe, expect, it } from 'vitest';
import { parseMediaRequest } from '../../../src/main/core/media/media-request.ts';
import { eventMediaUrl } from '../../../src/renderer/lib/media-url.ts';

const q = (query = ''): URLSearchParams => new URLSearchParams(query);

describe('parseMediaRequest', () => {
  it('accepts downloads and thumbnails of valid mxc parts', () => {
    expect(parseMediaRequest('/download/matrix.example.org/AbC_12-x', q())).toEqual({ kind: 'download', mxc: 'mxc://matrix.example.org/AbC_12-x' });
    expect(parseMediaRequest('download/%5B%3A%3A1%5D%3A8448/abc', q())).toEqual({ kind: 'download', mxc: 'mxc://[::1]:8448/abc' });
    expect(parseMediaRequest('/thumbnail/example.org/abc', q('w=64&h=48&m=crop'))).toEqual({
      kind: 'thumbnail',
      mxc: 'mxc://example.org/abc',
      width: 64,
      height: 48,
      method: 'crop',
    });
  });

  it.each([
    ['/download/example.org/../x', ''],
    ['/download/example.org/a%2Fb', ''],
    ['/download/example.org/%E0%A4%A', ''],
    ['/download/example.org', ''],
    ['/download/example.org/abc/extra', ''],
    ['/download/exa mple.org/abc', ''],
    ['/upload/example.org/abc', ''],
    ['/download/example.org/abc', 'w=1'],
    ['/thumbnail/example.org/abc', ''],
    ['/thumbnail/example.org/abc', 'w=0&h=10'],
    ['/thumbnail/example.org/abc', 'w=4096&h=10'],
    ['/thumbnail/example.org/abc', 'w=10&h=10&m=stretch'],
    ['/thumbnail/example.org/abc', 'w=1e3&h=10'],
  ])('refuses %s?%s', (path, query) => {
    expect(parseMediaRequest(path, q(query))).toBeNull();
  });
});

describe('parseMediaRequest: media by event', () => {
  const room = '!OGEhHVWSdvArJzumhm:matrix.org';
  const roomV12 = '!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM';
  const event = '$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg';

  it('accepts room and event IDs of every room version, with an optional thumbnail flag', () => {
    expect(parseMediaRequest(`/event/${encodeURIComponent(room)}/${encodeURIComponent(event)}`, q())).toEqual({ kind: 'event', roomId: room, eventId: event, thumbnail: false });
    expect(parseMediaRequest(`event/${encodeURIComponent(roomV12)}/${encodeURIComponent('$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk=')}`, q('thumbnail=1'))).toEqual({
      kind: 'event',
      roomId: roomV12,
      eventId: '$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk=',
      thumbnail: true,
    });
    expect(parseMediaRequest(`/event/${encodeURIComponent('!abc:[::1]:8448')}/${encodeURIComponent('$old:example.org')}`, q())).toMatchObject({ roomId: '!abc:[::1]:8448', eventId: '$old:example.org' });
  });

  it('round-trips the URLs the renderer builds', () => {
    const url = new URL(eventMediaUrl(room, event, { thumbnail: true }));
    expect(url.protocol).toBe('plenum-media:');
    expect(url.host).toBe('media');
    expect(parseMediaRequest(url.pathname, url.searchParams)).toEqual({ kind: 'event', roomId: room, eventId: event, thumbnail: true });
    const plain = new URL(eventMediaUrl(room, event));
    expect(parseMediaRequest(plain.pathname, plain.searchParams)).toMatchObject({ thumbnail: false });
  });

  it.each([
    [`/event/${encodeURIComponent(room)}`, ''],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent(event)}/x`, ''],
    [`/event/${encodeURIComponent(event)}/${encodeURIComponent(room)}`, ''],
    [`/event/${encodeURIComponent('#alias:example.org')}/${encodeURIComponent(event)}`, ''],
    [`/event/${encodeURIComponent('!a b:example.org')}/${encodeURIComponent(event)}`, ''],
    [`/event/${encodeURIComponent('!abc:exa..mple.org')}/${encodeURIComponent(event)}`, ''],
    [`/event/${encodeURIComponent('!abc:')}/${encodeURIComponent(event)}`, ''],
    [`/event/${encodeURIComponent('!')}/${encodeURIComponent(event)}`, ''],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent('$a?b')}`, ''],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent('$../../account/whoami')}`.replace('%2F', '/'), ''],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent(`$${'a'.repeat(255)}`)}`, ''],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent('$a\u0000b')}`, ''],
    [`/event/${encodeURIComponent(room)}/%E0%A4%A`, ''],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent(event)}`, 'thumbnail=0'],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent(event)}`, 'thumbnail=1&w=1'],
    [`/event/${encodeURIComponent(room)}/${encodeURIComponent(event)}`, 'access_token=x'],
  ])('refuses %s?%s', (path, query) => {
    expect(parseMediaRequest(path, q(query))).toBeNull();
  });
});
