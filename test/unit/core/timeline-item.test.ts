import { createClient, MatrixEvent, Room, type IEvent } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { toTimelineItem } from '../../../src/main/core/timeline/timeline-item.ts';
import type { MediaInfo, TimelineItem } from '../../../src/shared/model/timeline.ts';

const ROOM_ID = '!room:example.org';
const BOB = '@bob:example.org';
const quiet = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, getChild: () => quiet };

function roomWith(memberContent: Record<string, unknown>): Room {
  const client = createClient({ baseUrl: 'http://127.0.0.1:1', userId: '@alice:example.org', logger: quiet });
  const room = new Room(ROOM_ID, client, '@alice:example.org');
  const member = new MatrixEvent({ type: 'm.room.member', state_key: BOB, sender: BOB, room_id: ROOM_ID, event_id: '$member', content: memberContent });
  room.currentState.setStateEvents([member]);
  return room;
}

let counter = 0;
const eventOf = (content: unknown, extra: Partial<IEvent> = {}): MatrixEvent =>
  new MatrixEvent({ type: 'm.room.message', sender: BOB, room_id: ROOM_ID, event_id: `$e${(counter += 1)}`, origin_server_ts: 1_700_000_000_000, content: content as IEvent['content'], ...extra });

const mediaOf = (item: TimelineItem): MediaInfo | null => (item.kind === 'message' ? item.media : null);

const ENCRYPTED_FILE = {
  url: 'mxc://example.org/cipher',
  v: 'v2',
  key: { kty: 'oct', alg: 'A256CTR', k: 'x', ext: true, key_ops: ['encrypt', 'decrypt'] },
  iv: 'x',
  hashes: { sha256: 'x' },
};

describe('toTimelineItem', () => {
  const room = roomWith({ membership: 'join', displayname: 'Bob', avatar_url: 'mxc://example.org/bobface' });

  it("carries the sender's avatar from their room membership", () => {
    expect(toTimelineItem(room, eventOf({ msgtype: 'm.text', body: 'hi' }))).toMatchObject({ senderName: 'Bob', senderAvatarMxc: 'mxc://example.org/bobface', body: 'hi' });
    for (const avatar of ['https://evil.example/x.png', 'mxc://example.org/../x', 42, { url: 'mxc://a/b' }]) {
      const hostile = roomWith({ membership: 'join', displayname: 'Bob', avatar_url: avatar });
      expect(toTimelineItem(hostile, eventOf({ msgtype: 'm.text', body: 'hi' })).senderAvatarMxc).toBeNull();
    }
    expect(toTimelineItem(room, eventOf({ msgtype: 'm.text', body: 'x' }, { sender: '@stranger:example.org' }))).toMatchObject({ senderName: '@stranger:example.org', senderAvatarMxc: null });
  });

  it('describes an unencrypted image fully', () => {
    const item = toTimelineItem(room, eventOf({ msgtype: 'm.image', body: 'photo.png', url: 'mxc://example.org/img', info: { mimetype: 'image/png', size: 1234, w: 640, h: 480 } }));
    expect(item).toMatchObject({ kind: 'message', msgtype: 'image', encrypted: false });
    expect(mediaOf(item)).toEqual({ mxc: 'mxc://example.org/img', encrypted: false, mimetype: 'image/png', size: 1234, name: 'photo.png', width: 640, height: 480, hasThumbnail: true });
  });

  it('describes an encrypted file by its event, never by its ciphertext URI', () => {
    const file = toTimelineItem(room, eventOf({ msgtype: 'm.file', body: 'caption', filename: 'report.pdf', file: ENCRYPTED_FILE, info: { mimetype: 'application/pdf', size: 99 } }));
    expect(mediaOf(file)).toEqual({ mxc: null, encrypted: true, mimetype: 'application/pdf', size: 99, name: 'report.pdf', width: null, height: null, hasThumbnail: false });
    const image = toTimelineItem(room, eventOf({ msgtype: 'm.image', body: 'p.jpg', file: ENCRYPTED_FILE, info: { w: 10, h: 20, thumbnail_file: ENCRYPTED_FILE, thumbnail_url: 'mxc://example.org/ignored' } }));
    expect(mediaOf(image)).toMatchObject({ mxc: null, encrypted: true, hasThumbnail: true, width: 10, height: 20 });
    const noThumbnail = toTimelineItem(room, eventOf({ msgtype: 'm.image', body: 'p.jpg', file: ENCRYPTED_FILE }));
    expect(mediaOf(noThumbnail)).toMatchObject({ encrypted: true, hasThumbnail: false });
  });

  it('offers a thumbnail for unencrypted non-images only when the event names one', () => {
    const video = toTimelineItem(room, eventOf({ msgtype: 'm.video', body: 'v.mp4', url: 'mxc://example.org/v', info: { thumbnail_url: 'mxc://example.org/t' } }));
    expect(mediaOf(video)).toMatchObject({ hasThumbnail: true });
    const file = toTimelineItem(room, eventOf({ msgtype: 'm.file', body: 'a.zip', url: 'mxc://example.org/z' }));
    expect(mediaOf(file)).toMatchObject({ hasThumbnail: false, name: 'a.zip' });
  });

  it.each([
    ['wrong types everywhere', { msgtype: 'm.image', body: 7, filename: ['x'], url: 42, info: { mimetype: 5, size: '12', w: '640', h: null, thumbnail_url: {} } }],
    ['info is an array', { msgtype: 'm.image', body: 'b', url: 'mxc://example.org/x', info: ['w', 1] }],
    ['info is a string', { msgtype: 'm.file', body: 'b', url: 'mxc://example.org/x', info: 'big' }],
    ['absurd sizes', { msgtype: 'm.image', body: 'b', url: 'mxc://example.org/x', info: { w: -1, h: 1e9, size: -5 } }],
    ['fractional and infinite sizes', { msgtype: 'm.image', body: 'b', url: 'mxc://example.org/x', info: { w: 1.5, h: Infinity, size: NaN } }],
    ['a hostile URL', { msgtype: 'm.image', body: 'b', url: 'mxc://example.org/../../account/whoami' }],
    ['file is not an object', { msgtype: 'm.file', body: 'b', file: 'mxc://example.org/x' }],
    ['file is null', { msgtype: 'm.file', body: 'b', file: null, url: 'mxc://example.org/x' }],
  ])('never throws on hostile media content: %s', (_name, content) => {
    const item = toTimelineItem(room, eventOf(content));
    expect(item.kind).toBe('message');
    const media = mediaOf(item);
    expect(media).not.toBeNull();
    for (const value of [media?.width ?? null, media?.height ?? null]) expect(value === null || (Number.isInteger(value) && value > 0)).toBe(true);
    expect(media?.size === null || Number.isSafeInteger(media?.size)).toBe(true);
    expect(media?.mimetype === null || typeof media?.mimetype === 'string').toBe(true);
    expect(media?.name === null || typeof media?.name === 'string').toBe(true);
    expect(media?.mxc === null || /^mxc:\/\/example\.org\/[A-Za-z0-9_-]+$/.test(media?.mxc ?? '')).toBe(true);
  });

  it('treats a wrong-typed field as absent and keeps the right ones', () => {
    const media = mediaOf(toTimelineItem(room, eventOf({ msgtype: 'm.image', body: 'b.png', url: 'mxc://example.org/x', info: { w: '640', h: 480, size: '12', mimetype: 'image/png' } })));
    expect(media).toEqual({ mxc: 'mxc://example.org/x', encrypted: false, mimetype: 'image/png', size: null, name: 'b.png', width: null, height: 480, hasThumbnail: true });
    const unnamed = mediaOf(toTimelineItem(room, eventOf({ msgtype: 'm.file', body: 42, filename: '' })));
    expect(unnamed).toMatchObject({ name: null, mxc: null, encrypted: false });
  });

  it('never throws on malformed message or event shapes', () => {
    for (const content of [{}, { msgtype: 42 }, { msgtype: 'm.text', body: { nested: true } }, { msgtype: 'm.text', format: 'org.matrix.custom.html', formatted_body: 12 }]) {
      expect(toTimelineItem(room, eventOf(content))).toMatchObject({ kind: 'message', body: '', formattedBody: null, media: null });
    }
    expect(toTimelineItem(room, eventOf({ msgtype: 'm.text', body: 'x'.repeat(100_000) }))).toMatchObject({ body: 'x'.repeat(64 * 1024) });
    const member = new MatrixEvent({ type: 'm.room.member', state_key: '@x:example.org', sender: BOB, room_id: ROOM_ID, event_id: '$m2', content: { membership: 7, displayname: [] } as never });
    expect(toTimelineItem(room, member)).toMatchObject({ kind: 'state', change: { type: 'member', membership: 'unknown', targetName: '@x:example.org' } });
  });
});
