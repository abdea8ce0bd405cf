/**
 * The attachment of one message, found by room and event ID: how the renderer shows encrypted
 * images and saves encrypted files without ever holding a key. The core finds the event (in
 * memory, or from the server, decrypted), takes `file` or `url` from it, and downloads (and
 * decrypts) the bytes. Unencrypted events work the same way, so the renderer needs only one URL.
 */
import { EventType, MatrixEvent, type MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import { parseMxcUri } from '../../../shared/matrix/mxc-uri.ts';
import { matrixFailure } from '../matrix-failure.ts';
import { fieldsOf } from '../timeline/media-info.ts';
import { fetchEncryptedMedia } from './encrypted-media.ts';
import type { FetchedMedia, MediaFetcher, MediaRequestOptions } from './media-fetcher.ts';
import { sanitizeFileName } from './media-headers.ts';

export interface EventMediaRequest {
  readonly roomId: string;
  readonly eventId: string;
  /** The event's thumbnail when it has one; otherwise the attachment itself. */
  readonly thumbnail: boolean;
}

/** What the server's thumbnail API is asked for when an unencrypted image carries no thumbnail. */
const SERVER_THUMBNAIL = { width: 800, height: 600, method: 'scale' } as const;
const MEDIA_EVENT_TYPES: ReadonlySet<string> = new Set([EventType.RoomMessage, EventType.Sticker]);

type Fields = Readonly<Record<string, unknown>>;
const noMedia = (): AppFailure => new AppFailure('NOT_FOUND', 'this event has no attachment');

export async function fetchEventMedia(client: MatrixClient, fetcher: MediaFetcher, request: EventMediaRequest, options: MediaRequestOptions = {}): Promise<FetchedMedia> {
  const event = await findEvent(client, request.roomId, request.eventId);
  options.signal?.throwIfAborted();
  if (event.isRedacted() || !MEDIA_EVENT_TYPES.has(event.getType())) throw noMedia();
  const content = fieldsOf(event.getContent()) ?? {};
  const info = fieldsOf(content.info) ?? {};
  const signal = options.signal === undefined ? {} : { signal: options.signal };

  if (request.thumbnail) {
    const thumbnail = await fetchThumbnail(fetcher, event, content, info, signal);
    if (thumbnail) return thumbnail;
  }
  const name = typeof content.filename === 'string' ? content.filename : typeof content.body === 'string' ? content.body : '';
  const fileName = sanitizeFileName(name);
  const named = (media: FetchedMedia): FetchedMedia => (fileName === undefined ? media : { ...media, fileName });
  if (fieldsOf(content.file)) return named(await fetchEncryptedMedia(fetcher, content.file, { ...signal, mimetype: info.mimetype }));
  if (parseMxcUri(content.url)) return named(await fetcher.download(content.url as string, signal));
  throw noMedia();
}

/** The thumbnail, or undefined when the event has none and the whole attachment should be served. */
async function fetchThumbnail(fetcher: MediaFetcher, event: MatrixEvent, content: Fields, info: Fields, signal: MediaRequestOptions): Promise<FetchedMedia | undefined> {
  const thumbnailInfo = fieldsOf(info.thumbnail_info) ?? {};
  if (fieldsOf(info.thumbnail_file)) return fetchEncryptedMedia(fetcher, info.thumbnail_file, { ...signal, mimetype: thumbnailInfo.mimetype });
  // Encrypted media never goes through the server's thumbnailer: it holds only ciphertext.
  if (fieldsOf(content.file)) return undefined;
  if (parseMxcUri(info.thumbnail_url)) return fetcher.download(info.thumbnail_url as string, signal);
  const isImage = content.msgtype === 'm.image' || event.getType() === EventType.Sticker;
  if (!isImage || !parseMxcUri(content.url)) return undefined;
  try {
    return await fetcher.thumbnail(content.url as string, SERVER_THUMBNAIL, signal);
  } catch (error) {
    // The server cannot thumbnail every image it stores (types Pillow lacks, thumbnails turned
    // off); the image itself is then the best picture there is.
    if (error instanceof AppFailure && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) return undefined;
    throw error;
  }
}

/**
 * The event as this session sees it: the room must be one the user has, the event either loaded
 * or fetched from the room on the server (which checks the user may see it), and decrypted.
 */
async function findEvent(client: MatrixClient, roomId: string, eventId: string): Promise<MatrixEvent> {
  const room = client.getRoom(roomId);
  if (!room) throw new AppFailure('NOT_FOUND', 'no such room in this session');
  let event = room.findEventById(eventId);
  if (!event) {
    const raw = await client.fetchRoomEvent(roomId, eventId).catch((error: unknown) => {
      throw matrixFailure(error, 'fetching the event');
    });
    if (raw.room_id !== roomId || raw.event_id !== eventId) throw new AppFailure('NOT_FOUND', 'no such event in this room');
    event = new MatrixEvent(raw);
  }
  await client.decryptEventIfNeeded(event);
  return event;
}
