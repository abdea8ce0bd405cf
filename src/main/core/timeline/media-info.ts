import type { MediaInfo } from '../../../shared/model/timeline.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import type { MessageKind } from './message-kind.ts';

const MAX_NAME = 1024;
const MAX_MIMETYPE = 255;
/** Larger claims are nonsense (or an attempt to blow up a layout), so they count as unknown. */
const MAX_PIXELS = 100_000;

type Fields = Readonly<Record<string, unknown>>;

/** An object's fields, or none: event content is whatever the sender's client wrote. */
export const fieldsOf = (value: unknown): Fields | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value !== '' ? value.slice(0, max) : null);
const pixels = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PIXELS ? value : null;
const byteSize = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);

export const isMediaKind = (kind: MessageKind): boolean => kind === 'image' || kind === 'file' || kind === 'video' || kind === 'audio';

/**
 * Facts about a message's attachment (spec: m.image, m.file, m.video, m.audio). An encrypted one
 * carries `file` instead of `url`; its bytes are then fetched by room and event ID, so the key
 * stays in main. Wrong types count as absent, so a hostile event shows as a plain attachment.
 */
export function mediaInfo(kind: MessageKind, content: Fields): MediaInfo {
  const info = fieldsOf(content.info) ?? {};
  const encrypted = fieldsOf(content.file) !== null;
  const mxc = encrypted ? null : parseMxcUri(content.url) !== null ? (content.url as string) : null;
  const hasThumbnail = encrypted
    ? fieldsOf(info.thumbnail_file) !== null
    : parseMxcUri(info.thumbnail_url) !== null || (kind === 'image' && mxc !== null);
  return {
    mxc,
    encrypted,
    mimetype: text(info.mimetype, MAX_MIMETYPE),
    size: byteSize(info.size),
    name: text(content.filename, MAX_NAME) ?? text(content.body, MAX_NAME),
    width: pixels(info.w),
    height: pixels(info.h),
    hasThumbnail,
  };
}
