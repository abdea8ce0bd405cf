import { describe, expect, it } from 'vitest';
import { parseMediaRequest } from '../../../src/main/core/media/media-request.ts';

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
