import { describe, expect, it } from 'vitest';
import { mediaUrl } from '../../../src/renderer/lib/media-url.ts';

describe('mediaUrl (packaged app build)', () => {
  it('maps mxc:// URIs onto the plenum-media: scheme, never with a token', () => {
    expect(mediaUrl('mxc://example.org/abc')).toBe('plenum-media://media/download/example.org/abc');
    expect(mediaUrl('mxc://[::1]:8448/abc', { width: 32, height: 32, method: 'crop' })).toBe(
      'plenum-media://media/thumbnail/%5B%3A%3A1%5D%3A8448/abc?w=32&h=32&m=crop',
    );
  });

  it('refuses anything that is not a valid mxc URI', () => {
    for (const bad of ['https://evil.example/x.png', 'mxc://example.org/../x', 'mxc://example.org/a/b', 'javascript:alert(1)', '']) {
      expect(mediaUrl(bad)).toBeNull();
    }
  });
});
