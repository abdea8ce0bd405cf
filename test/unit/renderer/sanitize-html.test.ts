/**
 * The HTML sanitiser in a real Chromium (the engine of Electron), not in a DOM emulation: what
 * matters is what this browser parses, runs and loads. The module is bundled as the renderer
 * bundles it and loaded into a blank page.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sanitizer from '../../../src/renderer/lib/sanitize-html.ts';
import { linkify } from '../../../src/renderer/views/room/linkify.ts';
import { launchBrowser } from '../../support/browser.ts';

/** What the bundle puts on the page's window. */
type PageWindow = Window & { PlenumSanitizer: typeof Sanitizer; pwned?: number };

let browser: Browser;
let page: Page;

async function bundleSanitizer(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    define: { __PLENUM_HARNESS__: 'false' },
    build: {
      write: false,
      minify: false,
      target: 'chrome130',
      lib: { entry: resolve(import.meta.dirname, '../../../src/renderer/lib/sanitize-html.ts'), formats: ['iife'], name: 'PlenumSanitizer' },
    },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const chunk = (Array.isArray(output) ? output[0] : output)?.output.find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the sanitiser did not bundle');
  return chunk.code;
}

beforeAll(async () => {
  const [code, launched] = await Promise.all([bundleSanitizer(), launchBrowser()]);
  browser = launched;
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><head><title>sanitiser</title></head><body><div id="out"></div></body></html>');
  await page.addScriptTag({ content: code });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Sanitises in the page, inserts the result into the live document, and returns its markup. */
async function sanitize(html: string): Promise<string> {
  return page.evaluate((input) => {
    const api = (window as unknown as PageWindow).PlenumSanitizer;
    const out = document.getElementById('out') as HTMLElement;
    out.replaceChildren(api.sanitizeHtml(input, { imageSource: (mxc) => `/media/thumbnail/${mxc.slice('mxc://'.length)}` }));
    return out.innerHTML;
  }, html);
}

describe('sanitizeHtml', () => {
  it('keeps the formatting the spec allows', async () => {
    const html =
      '<p><b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> <code class="language-ts">x</code></p>' +
      '<blockquote>quote</blockquote><ol start="3"><li>three</li></ol><ul><li>dot</li></ul>' +
      '<pre><code>block</code></pre><h2>Title</h2><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td></tr></tbody></table>' +
      '<details><summary>more</summary>hidden</details><span data-mx-spoiler="why">secret</span><br><hr><sup>1</sup><sub>2</sub>';
    const result = await sanitize(html);
    expect(result).toContain('<b>bold</b>');
    expect(result).toContain('<code class="language-ts">x</code>');
    expect(result).toContain('<ol start="3"><li>three</li></ol>');
    expect(result).toContain('<span data-mx-spoiler="why">secret</span>');
    expect(result).toContain('<details><summary>more</summary>hidden</details>');
    expect(result).toContain('<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td></tr></tbody></table>');
  });

  it('removes scripts, event handlers and styles, and runs nothing', async () => {
    await page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));
    const result = await sanitize(
      '<script>window.pwned++</script><img src="mxc://example.org/abc" onerror="window.pwned++" onload="window.pwned++">' +
        '<p style="position:fixed;inset:0" onclick="window.pwned++" class="evil" id="x">text</p>' +
        '<svg><script>window.pwned++</script></svg><iframe src="https://evil.example"></iframe><style>body{display:none}</style>' +
        '<math><mtext><table><mglyph><style><img src=x onerror="window.pwned++">',
    );
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
    expect(result).not.toMatch(/script|onerror|onload|onclick|style|iframe|svg|math|class="evil"|id="x"/i);
    expect(result).toContain('<p>text</p>');
  });

  it('keeps links only with safe schemes and opens them away from the app', async () => {
    const result = await sanitize(
      '<a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt&#58;alert(1)">js2</a> <a href="data:text/html,<script>alert(1)</script>">data</a>' +
        ' <a href="vbscript:x">vb</a> <a href="/relative">rel</a> <a href="https://example.org/x" target="_self">web</a>' +
        ' <a href="mailto:a@example.org">mail</a> <a href="magnet:?xt=urn:btih:abc">mag</a> <a name="anchor">named</a>',
    );
    expect(result).not.toMatch(/javascript|data:|vbscript|\/relative/i);
    expect(result).toContain('<a>js</a>');
    expect(result).toContain('<a href="https://example.org/x" target="_blank" rel="noopener noreferrer">web</a>');
    expect(result).toContain('<a href="mailto:a@example.org" target="_blank" rel="noopener noreferrer">mail</a>');
    expect(result).toContain('href="magnet:?xt=urn:btih:abc"');
    expect(result).toContain('<a name="anchor">named</a>');
  });

  it('shows images only from mxc:// URIs, through the media route', async () => {
    const result = await sanitize(
      '<img src="mxc://example.org/abc123" alt="ok" width="40" height="30" title="t">' +
        '<img src="https://tracker.example/pixel.gif" alt="tracker"><img src="data:image/png;base64,AAAA" alt="data">' +
        '<img src="mxc://../../_matrix/client/v3/account/whoami" alt="traversal"><img alt="none">',
    );
    expect(result).toBe('<img alt="ok" width="40" height="30" title="t" src="/media/thumbnail/example.org/abc123">');
  });

  it('drops colours that are not #RRGGBB and unknown attributes on allowed tags', async () => {
    const result = await sanitize(
      '<font color="#ff0000" data-mx-bg-color="red" face="Comic">red</font><span data-mx-color="#00FF00" data-other="1" title="t">green</span>' +
        '<code class="hljs language-js evil">c</code><code class="evil">d</code><ol start="1; x">e</ol><img src="mxc://e.org/a" width="100%">',
    );
    expect(result).toContain('<font color="#ff0000">red</font>');
    expect(result).toContain('<span data-mx-color="#00FF00">green</span>');
    expect(result).toContain('<code class="language-js">c</code>');
    expect(result).toContain('<code>d</code>');
    expect(result).toContain('<ol>e</ol>');
    expect(result).toContain('<img src="/media/thumbnail/e.org/a">');
  });

  it('applies hex colours through the CSSOM without a CSP violation', async () => {
    const colours = await page.evaluate(() => {
      const api = (window as unknown as PageWindow).PlenumSanitizer;
      const out = document.getElementById('out') as HTMLElement;
      out.replaceChildren(api.sanitizeHtml('<span data-mx-color="#123456" data-mx-bg-color="#abcdef">x</span>', { imageSource: () => null }));
      api.applyMatrixColours(out);
      const span = out.querySelector('span') as HTMLElement;
      return [span.style.color, span.style.backgroundColor];
    });
    expect(colours).toEqual(['rgb(18, 52, 86)', 'rgb(171, 205, 239)']);
  });

  it('strips reply fallbacks entirely and keeps the text of unknown tags', async () => {
    const result = await sanitize('<mx-reply><blockquote>In reply to <a href="https://matrix.to/#/@bob:e.org">Bob</a> old</blockquote></mx-reply>answer <marquee>moving</marquee> <custom-tag>custom</custom-tag> <form><input value="x">form</form>');
    expect(result).not.toMatch(/In reply to|Bob|old|blockquote/);
    expect(result).toBe('answer moving custom form');
  });

  it('flattens nesting deeper than 100 levels into text', async () => {
    const depth = 500;
    const result = await sanitize(`${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`);
    expect(result.match(/<div>/g)?.length).toBe(100);
    expect(result).toContain('deep');
  });

  it('leaves text that only looks like markup as text', async () => {
    expect(await sanitize('1 &lt; 2 &amp;&amp; <b>3 &gt; 2</b>')).toBe('1 &lt; 2 &amp;&amp; <b>3 &gt; 2</b>');
  });
});

describe('linkify (plain text bodies)', () => {
  it('turns only http(s) URLs into links and keeps everything else as text', () => {
    expect(linkify('See https://example.org/a?b=1, or (https://en.wikipedia.org/wiki/Foo_(bar)). <b>not html</b> javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ', or (' },
      { kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { kind: 'text', text: '). <b>not html</b> javascript:alert(1)' },
    ]);
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
  });
});
