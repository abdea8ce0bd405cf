import type { MediaInfo } from '../../../shared/model/timeline.ts';
import { eventMediaUrl, mediaUrl } from '../../lib/media-url.ts';

export interface AttachmentUrls {
  /** A picture small enough for the timeline. */
  readonly thumbnail: string | null;
  /** The file itself, to view or save. */
  readonly full: string | null;
}

/**
 * Where main serves a message's attachment. Encrypted media has no usable mxc:// URI on its own:
 * main needs the event to find the key, so it is addressed by room and event.
 */
export function attachmentUrls(roomId: string, eventId: string, media: MediaInfo): AttachmentUrls {
  if (media.encrypted || !media.mxc) {
    if (!media.encrypted || !eventId.startsWith('$')) return { thumbnail: null, full: null };
    return { thumbnail: eventMediaUrl(roomId, eventId, { thumbnail: true }), full: eventMediaUrl(roomId, eventId) };
  }
  return { thumbnail: mediaUrl(media.mxc, { width: 800, height: 600, method: 'scale' }), full: mediaUrl(media.mxc) };
}
