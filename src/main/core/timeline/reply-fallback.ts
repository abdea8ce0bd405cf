/**
 * Reply fallbacks: before Matrix 1.13 a reply's body began with the original quoted ("> <@a:b> …"
 * lines, then a blank line), for clients that did not know replies. Plenum shows the original from
 * the event itself (which the sender cannot forge), so the quote is removed; shown, a forged quote
 * would put words in someone else's mouth.
 */
export function stripReplyFallback(body: string): string {
  const lines = body.split('\n');
  let quoted = 0;
  while (quoted < lines.length && lines[quoted]?.startsWith('>')) quoted += 1;
  if (quoted === 0) return body;
  // Only a quote the fallback's way (a blank line after it) is one; "> text" alone is the message.
  if (quoted < lines.length && lines[quoted] === '') return lines.slice(quoted + 1).join('\n');
  return body;
}
