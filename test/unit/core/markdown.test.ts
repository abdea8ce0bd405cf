import { describe, expect, it } from 'vitest';
import { isAllowedHtml, renderMarkdown, textMessageContent } from '../../../src/main/core/outbox/markdown.ts';

describe('outgoing Markdown', () => {
  it('leaves plain text plain: no formatted_body unless Markdown actually formats something', () => {
    for (const body of [
      'hello world',
      'two\nlines',
      'two\n\nparagraphs',
      'a bare link https://example.org/path?q=1 stays text',
      'a & b < c > d "quoted"',
      'snake_case_words and 2 * 3 = 6',
      '<b>typed html</b> is not formatting',
    ]) {
      expect(textMessageContent(body, true), body).toEqual({ msgtype: 'm.text', body });
    }
  });

  it('never renders when Markdown is off', () => {
    expect(textMessageContent('**bold**', false)).toEqual({ msgtype: 'm.text', body: '**bold**' });
  });

  it('keeps the typed source as the body and adds HTML for formatting', () => {
    expect(textMessageContent('**bold** and _em_', true)).toEqual({
      msgtype: 'm.text',
      body: '**bold** and _em_',
      format: 'org.matrix.custom.html',
      formatted_body: '<strong>bold</strong> and <em>em</em>',
    });
  });

  it('escapes HTML the user typed instead of passing it on', () => {
    expect(renderMarkdown('**bold** <script>x</script>')).toBe('<strong>bold</strong> &lt;script&gt;x&lt;/script&gt;');
    expect(renderMarkdown('*x* <img src=x onerror=alert(1)>')).toBe('<em>x</em> &lt;img src=x onerror=alert(1)&gt;');
    expect(renderMarkdown('# Title\n\n<iframe src="https://evil.example"></iframe>')).toBe(
      '<h1>Title</h1>\n<p>&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;</p>',
    );
    expect(renderMarkdown('`<code>` and **b**')).toBe('<code>&lt;code&gt;</code> and <strong>b</strong>');
  });

  it('links only to the schemes the spec allows, and drops titles', () => {
    expect(renderMarkdown('[site](https://example.org "a title")')).toBe('<a href="https://example.org">site</a>');
    expect(renderMarkdown('[mail](mailto:a@example.org)')).toBe('<a href="mailto:a@example.org">mail</a>');
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('x');
    expect(renderMarkdown('[x](data:text/html,hi) and **b**')).toBe('x and <strong>b</strong>');
    expect(renderMarkdown('[rel](/relative)')).toBe('rel');
  });

  it('embeds only mxc:// images; a web picture becomes a link', () => {
    expect(renderMarkdown('![chart](mxc://example.org/abc)')).toBe('<img src="mxc://example.org/abc" alt="chart">');
    expect(renderMarkdown('![chart](https://example.org/c.png)')).toBe('<a href="https://example.org/c.png">chart</a>');
  });

  it('renders block formatting with allowlisted tags only', () => {
    expect(renderMarkdown('3. three\n4. four')).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
    expect(renderMarkdown('- [x] done\n- [ ] open')).toBe('<ul>\n<li>[x] done</li>\n<li>[ ] open</li>\n</ul>');
    expect(renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |')).not.toMatch(/align|style/);
    expect(renderMarkdown('```js"><script>\nlet a = 1;\n```')).toBe('<pre><code class="language-js">let a = 1;\n</code></pre>');
    expect(renderMarkdown('> quoted\n\n~~gone~~')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>\n<p><del>gone</del></p>');
    expect(renderMarkdown('**a**\nb')).toBe('<strong>a</strong><br>b');
  });

  it('checks the output against the spec allowlist', () => {
    expect(isAllowedHtml('<p><strong>ok</strong> <a href="https://x.org">x</a></p>')).toBe(true);
    expect(isAllowedHtml('<ol start="2"><li>x</li></ol><pre><code class="language-ts">x</code></pre>')).toBe(true);
    expect(isAllowedHtml('<script>x</script>')).toBe(false);
    expect(isAllowedHtml('<a href="javascript:x">x</a>')).toBe(false);
    expect(isAllowedHtml('<a href="https://x.org" title="t">x</a>')).toBe(false);
    expect(isAllowedHtml('<img src="https://x.org/a.png" alt="">')).toBe(false);
    expect(isAllowedHtml('<p onclick="x()">x</p>')).toBe(false);
    expect(isAllowedHtml('<p>x</p><')).toBe(false);
    expect(isAllowedHtml('<p>x</p><img/src=x>')).toBe(false);
  });
});
