import { describe, expect, it } from 'vitest';
import type { MessagePreview, RoomSummary } from '../../../src/shared/model/rooms.ts';
import { createTranslator } from '../../../src/renderer/i18n/translator.ts';
import { shortcutFor } from '../../../src/renderer/views/workspace/shortcuts.ts';
import { errorText, previewText } from '../../../src/renderer/views/rooms/room-text.ts';

const ME = '@me:example.org';
const en = createTranslator('en').t;
const de = createTranslator('de').t;

function room(overrides: Partial<RoomSummary>): RoomSummary {
  return {
    notificationMode: 'all',
    space: null,
    id: '!r:example.org',
    name: 'Team',
    avatarMxc: null,
    membership: 'join',
    isDirect: false,
    directUserId: null,
    isEncrypted: true,
    isFavourite: false,
    topic: null,
    memberCount: 3,
    inviter: null,
    lastMessage: null,
    lastActivity: 1,
    unread: 0,
    highlights: 0,
    ...overrides,
  };
}
const message = (overrides: Partial<MessagePreview>): MessagePreview => ({ senderId: '@bob:example.org', senderName: 'Bob', kind: 'text', text: 'Hello', ts: 1, ...overrides });

describe('room list texts', () => {
  it('previews the last message: own messages as "You", senders named in group rooms only', () => {
    expect(previewText(en, room({ lastMessage: message({}) }), ME)).toBe('Bob: Hello');
    expect(previewText(en, room({ isDirect: true, lastMessage: message({}) }), ME)).toBe('Hello');
    expect(previewText(en, room({ lastMessage: message({ senderId: ME }) }), ME)).toBe('You: Hello');
    expect(previewText(de, room({ lastMessage: message({ senderId: ME }) }), ME)).toBe('Sie: Hello');
    expect(previewText(en, room({ lastMessage: message({ kind: 'emote', text: 'waves' }) }), ME)).toBe('* Bob waves');
  });

  it('names attachments and encrypted messages instead of showing nothing', () => {
    expect(previewText(en, room({ lastMessage: message({ kind: 'image', text: null }) }), ME)).toBe('Bob: Image');
    expect(previewText(de, room({ lastMessage: message({ kind: 'file', text: null, senderId: ME }) }), ME)).toBe('Sie: Datei');
    expect(previewText(en, room({ isDirect: true, lastMessage: message({ kind: 'encrypted', text: null }) }), ME)).toBe('Encrypted message');
  });

  it('shows who invited, the topic, or that nothing was said yet', () => {
    expect(previewText(en, room({ membership: 'invite', inviter: '@carol:example.org' }), ME)).toBe('Invited by @carol:example.org');
    expect(previewText(en, room({ topic: 'Budget planning' }), ME)).toBe('Budget planning');
    expect(previewText(en, room({}), ME)).toBe('No messages yet');
  });

  it('explains errors in plain words, never with the server’s text', () => {
    expect(errorText(en, { code: 'NETWORK', message: 'fetch failed' })).toContain('no connection to your server');
    expect(errorText(en, { code: 'INTERNAL', message: 'TypeError: x is undefined' })).toBe(en('roomList.error.other'));
  });

  it('formats the plural strings in every language', () => {
    for (const language of ['en', 'de', 'fr'] as const) {
      const { t } = createTranslator(language);
      expect(t('roomList.row.unread', { count: 1 })).toMatch(/^1 /);
      expect(t('roomList.row.unread', { count: 3 })).toMatch(/^3 /);
      expect(t('roomList.section.count', { count: 2 })).toContain('2');
      expect(t('roomList.filter.results', { count: 0 })).toContain('0');
    }
  });

  it('maps the main window’s shortcuts to each platform’s modifier', () => {
    const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
      key,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      shiftKey: false,
      ...mods,
    });
    expect(shortcutFor(press('k', { ctrlKey: true }), false)).toBe('quickSwitcher');
    expect(shortcutFor(press('K', { ctrlKey: true }), false)).toBe('quickSwitcher');
    expect(shortcutFor(press('k', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(press('k', { metaKey: true }), true)).toBe('quickSwitcher');
    expect(shortcutFor(press(',', { ctrlKey: true }), false)).toBe('settings');
    expect(shortcutFor(press('ArrowDown', { altKey: true }), false)).toBe('nextRoom');
    expect(shortcutFor(press('ArrowUp', { altKey: true }), true)).toBe('previousRoom');
    expect(shortcutFor(press('ArrowUp'), false)).toBeNull();
    expect(shortcutFor(press('F6'), false)).toBe('nextRegion');
    expect(shortcutFor(press('F6', { shiftKey: true }), false)).toBe('previousRegion');
    expect(shortcutFor(press('k'), false)).toBeNull();
  });
});
