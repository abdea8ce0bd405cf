import type { MessageContent } from './markdown.ts';
import { renderMarkdown } from './markdown.ts';
import type { RelatedMessageContent } from './relation-content.ts';

/** What the composer says it mentioned: each pill as the text it put in the message, and @room. */
export interface Mentions {
  readonly users: readonly { readonly userId: string; readonly text: string }[];
  /** Rooms named with #: linked, never notified. */
  readonly rooms: readonly { readonly roomId: string; readonly text: string }[];
  readonly room: boolean;
}

/** Markdown's special characters, escaped so a display name stays text inside a link's label. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~]/g;

/**
 * A typed message with its mentions: each pill (the text the composer inserted, "@Alice Example")
 * becomes a matrix.to link in the HTML, as every client renders pills, and the people (and @room,
 * when the room's power levels allow it) are listed in m.mentions, which is what notifies them.
 * A pill the user has since edited away (its text no longer in the message) mentions nobody.
 */
export function mentionedMessageContent(body: string, mentions: Mentions, canMentionRoom: boolean, via: string): RelatedMessageContent {
  const present = <T extends { text: string }>(list: readonly T[], key: (entry: T) => string): T[] =>
    list.filter((entry, index) => body.includes(entry.text) && list.findIndex((other) => key(other) === key(entry)) === index);
  const users = present(mentions.users, (user) => user.userId);
  const rooms = present(mentions.rooms, (room) => room.roomId);
  const room = mentions.room && canMentionRoom && /(^|\W)@room(\W|$)/.test(body);
  const links = [
    ...users.map(({ userId, text }) => ({ text, href: `https://matrix.to/#/${userId}` })),
    ...rooms.map(({ roomId, text }) => ({ text, href: `https://matrix.to/#/${encodeURIComponent(roomId)}?via=${encodeURIComponent(via)}` })),
  ];
  let source = body;
  // Longest first, so "@Ann Smith" is linked before a mention of "@Ann" could cut into it.
  for (const { text, href } of links.toSorted((a, b) => b.text.length - a.text.length)) {
    const label = text.replace(/^@/, '').replace(MARKDOWN_SPECIAL, (character) => `\\${character}`);
    source = source.split(text).join(`[${label}](${href})`);
  }
  const html = renderMarkdown(source);
  const plain: MessageContent = { msgtype: 'm.text', body };
  return {
    ...(html === null ? plain : { ...plain, format: 'org.matrix.custom.html', formatted_body: html }),
    'm.mentions': { user_ids: users.map((user) => user.userId), ...(room ? { room: true } : {}) },
  };
}
