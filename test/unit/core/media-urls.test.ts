import { describe, expect, it } from 'vitest';
import { mediaDownloadUrl, mediaThumbnailUrl, parseHomeserverUrl } from '../../../src/main/core/media/media-urls.ts';

const media = { serverName: 'example.org', mediaId: 'abcDEF_12-3' };

describe('mediaDownloadUrl', () => {
  it('builds the authenticated v1 download path', () => {
    expect(mediaDownloadUrl('https://matrix.example.org', media).href).toBe(
      'https://matrix.example.org/_matrix/client/v1/media/download/example.org/abcDEF_12-3',
    );
  });

  it('keeps a base path prefix and drops trailing slashes', () => {
    expect(mediaDownloadUrl('https://host.example/matrix///', media).href).toBe('https://host.example/matrix/_matrix/client/v1/media/download/example.org/abcDEF_12-3');
  });

  it('percent-encodes IPv6 server names and ports as one path segment', () => {
    const url = mediaDownloadUrl('http://127.0.0.1:8008/', { serverName: '[::1]:8448', mediaId: 'x' });
    expect(url.pathname).toBe('/_matrix/client/v1/media/download/%5B%3A%3A1%5D%3A8448/x');
    expect(url.host).toBe('127.0.0.1:8008');
  });

  it.each([
    { serverName: '..', mediaId: 'x' },
    { serverName: 'a', mediaId: '..' },
    { serverName: 'a', mediaId: '../../_matrix/client/v3/account/whoami' },
    { serverName: 'a/b', mediaId: 'x' },
    { serverName: 'a', mediaId: 'x?access_token=1' },
    { serverName: 'a', mediaId: 'x#y' },
  ])('refuses parts that did not come from parseMxcUri: %j', (parts) => {
    expect(() => mediaDownloadUrl('https://matrix.example.org', parts)).toThrow(RangeError);
  });

  it.each(['matrix.example.org', 'ftp://example.org', 'file:///etc', 'https://user:pw@example.org', 'https://example.org/?a=b', 'https://example.org/#x', 'javascript:alert(1)'])(
    'refuses the base URL %s',
    (base) => {
      expect(() => mediaDownloadUrl(base, media)).toThrow(RangeError);
      expect(() => parseHomeserverUrl(base)).toThrow(RangeError);
    },
  );
});

describe('mediaThumbnailUrl', () => {
  it('adds width, height, method and animated', () => {
    const url = mediaThumbnailUrl('https://matrix.example.org', media, { width: 320, height: 240, method: 'scale', animated: true });
    expect(url.pathname).toBe('/_matrix/client/v1/media/thumbnail/example.org/abcDEF_12-3');
    expect(Object.fromEntries(url.searchParams)).toEqual({ width: '320', height: '240', method: 'scale', animated: 'true' });
  });

  it('leaves animated out unless asked', () => {
    const url = mediaThumbnailUrl('https://matrix.example.org', media, { width: 1, height: 2048, method: 'crop' });
    expect(url.search).toBe('?width=1&height=2048&method=crop');
  });

  it.each([
    [0, 10],
    [10, 0],
    [2049, 10],
    [10, 2049],
    [-1, 10],
    [1.5, 10],
    [Number.NaN, 10],
    [Number.POSITIVE_INFINITY, 10],
    ['10' as unknown as number, 10],
  ])('refuses the size %s×%s', (width, height) => {
    expect(() => mediaThumbnailUrl('https://matrix.example.org', media, { width, height, method: 'scale' })).toThrow(RangeError);
  });

  it('refuses an unknown method', () => {
    expect(() => mediaThumbnailUrl('https://matrix.example.org', media, { width: 10, height: 10, method: 'stretch' as 'scale' })).toThrow(RangeError);
  });
});
