/**
 * Finds web links in plain message text so they can be rendered as links while the rest stays
 * text: the text is never parsed as HTML, and only http(s) URLs become links.
 */
export type TextSegment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;
/** Punctuation that usually ends the sentence around a link rather than the link itself. */
const TRAILING = /[.,;:!?'")\]}]$/;

/** Drops sentence punctuation after a URL, but keeps a closing bracket the URL opened: "…/Foo_(bar)". */
function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.test(url.slice(0, end))) {
    const text = url.slice(0, end);
    const count = (char: string): number => text.split(char).length - 1;
    if (text.endsWith(')') && count('(') >= count(')')) break;
    end -= 1;
  }
  return url.slice(0, end);
}

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const candidate = trimTrailing(match[0]);
    let href: string;
    try {
      href = new URL(candidate).href;
    } catch {
      continue;
    }
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'link', text: candidate, href });
    last = match.index + candidate.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
