import { Marked, type Token, type Tokens } from 'marked';

/** The content of an m.room.message of msgtype m.text, as the outbox stores and sends it. */
export interface MessageContent {
  readonly msgtype: 'm.text';
  /** Always what the user typed: the Markdown source when there is formatting. */
  readonly body: string;
  readonly format?: 'org.matrix.custom.html';
  readonly formatted_body?: string;
}

/**
 * The content for a typed message. With `markdown`, text that Markdown would actually format gets a
 * `formatted_body`; anything else (plain words, line breaks, a bare URL, typed HTML) stays plain, so
 * receivers render and notify on it exactly as typed.
 */
export function textMessageContent(body: string, markdown: boolean): MessageContent {
  const plain: MessageContent = { msgtype: 'm.text', body };
  if (!markdown) return plain;
  const html = renderMarkdown(body);
  return html === null ? plain : { ...plain, format: 'org.matrix.custom.html', formatted_body: html };
}

/**
 * HTML for Markdown that has formatting, else null. Typed HTML is shown as text, never passed on;
 * the output uses only tags and attributes of the spec's allowlist for m.room.message
 * (https://spec.matrix.org/v1.16/client-server-api/#mroommessage-msgtypes), and is checked against
 * it before it is used: should a renderer ever emit anything else, the message goes as plain text.
 */
export function renderMarkdown(source: string): string | null {
  const tokens = markdown.lexer(source);
  if (isPlain(tokens)) return null;
  let html = markdown.parser(tokens).trim();
  // One paragraph is just text with formatting: without the <p>, receivers show it inline like any message.
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  if (single?.[1] !== undefined && !single[1].includes('<p>')) html = single[1];
  return isAllowedHtml(html) ? html : null;
}

/** Link schemes the spec lets `<a href>` carry. */
const LINK_SCHEMES = /^(?:https?|ftp|mailto|magnet):/i;

const markdown = new Marked({
  gfm: true,
  // A chat message's line break is a line break, not a space as in a document.
  breaks: true,
  async: false,
  renderer: {
    html: (token: Tokens.HTML | Tokens.Tag) => {
      const text = escapeHtml(token.text);
      return token.block ? `<p>${text.trim().replaceAll('\n', '<br>')}</p>\n` : text;
    },
    link(token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens);
      return LINK_SCHEMES.test(token.href) ? `<a href="${escapeHtml(token.href)}">${inner}</a>` : inner;
    },
    image(token: Tokens.Image) {
      // Images in messages must be mxc:// content; a web picture is linked instead of loaded.
      if (token.href.startsWith('mxc://')) return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}">`;
      const label = escapeHtml(token.text || token.href);
      return /^https?:/i.test(token.href) ? `<a href="${escapeHtml(token.href)}">${label}</a>` : label;
    },
    code(token: Tokens.Code) {
      const language = /^[\w+#.-]{1,40}/.exec(token.lang ?? '')?.[0];
      const text = token.escaped ? token.text : escapeHtml(token.text);
      return `<pre><code${language ? ` class="language-${language}"` : ''}>${text.replace(/\n?$/, '\n')}</code></pre>\n`;
    },
    // No <input> in the allowlist: task list boxes become text.
    checkbox: (token: Tokens.Checkbox) => (token.checked ? '[x] ' : '[ ] '),
    // No `align` attribute in the allowlist.
    tablecell(token: Tokens.TableCell) {
      const tag = token.header ? 'th' : 'td';
      return `<${tag}>${this.parser.parseInline(token.tokens)}</${tag}>\n`;
    },
  },
});

/** Token types that render as the typed text itself. */
const PLAIN_TYPES = new Set(['paragraph', 'text', 'space', 'br', 'html']);

/** Plain when nothing would be formatted: paragraphs of text, line breaks, typed HTML (shown as text) and bare links. */
function isPlain(tokens: readonly Token[]): boolean {
  return tokens.every((token) => {
    if (token.type === 'link' && (token as Tokens.Link).autolink) return true;
    if (!PLAIN_TYPES.has(token.type)) return false;
    const children = (token as { tokens?: Token[] }).tokens;
    return children === undefined || isPlain(children);
  });
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Tags the renderer may emit (a subset of the spec's allowlist) with the attributes each may carry. */
const ALLOWED: ReadonlyMap<string, Readonly<Record<string, RegExp>>> = new Map([
  ...['p', 'strong', 'em', 'del', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'li', 'hr', 'br'].map(
    (tag) => [tag, {}] as const,
  ),
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'].map((tag) => [tag, {}] as const),
  ['ol', { start: /^\d{1,9}$/ }],
  ['code', { class: /^language-[\w+#.-]+$/ }],
  ['a', { href: LINK_SCHEMES }],
  ['img', { src: /^mxc:\/\/[^"]+$/, alt: /^[^"]*$/ }],
]);

const TAG = /<\/?([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*="[^"<>]*")*)\s*\/?>/g;
const ATTRIBUTE = /([a-z][a-z-]*)="([^"]*)"/g;

/** True when every tag and attribute in `html` is one of ALLOWED and no other markup remains. */
export function isAllowedHtml(html: string): boolean {
  for (const [, tag = '', attributes = ''] of html.matchAll(TAG)) {
    const allowed = ALLOWED.get(tag);
    if (!allowed) return false;
    for (const [, name = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      if (!Object.hasOwn(allowed, name) || !allowed[name]?.test(value)) return false;
    }
  }
  // Text is escaped, so a '<' left over once the tags are gone is markup this check did not understand.
  return !html.replace(TAG, '').includes('<');
}
