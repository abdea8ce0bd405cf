import {
  ClientEvent,
  createClient,
  MatrixEventEvent,
  RoomEvent,
  RoomMemberEvent,
  type MatrixClient,
  type MatrixEvent,
} from 'matrix-js-sdk';
import type { RegisteredUser } from './synapse.ts';

const quietLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  getChild: () => quietLogger,
};

export interface SdkPeer {
  readonly client: MatrixClient;
  /** Decrypted message bodies by event ID. */
  readonly messages: Map<string, string>;
  stop(): void;
}

/**
 * The other person in an encryption test: a plain matrix-js-sdk client with in-memory Rust crypto
 * that joins the rooms it is invited to and records the messages it decrypts.
 */
export async function startSdkPeer(baseUrl: string, user: RegisteredUser): Promise<SdkPeer> {
  const client = createClient({ baseUrl, userId: user.userId, deviceId: user.deviceId, accessToken: user.accessToken, logger: quietLogger });
  await client.initRustCrypto({ useIndexedDB: false });
  const messages = new Map<string, string>();
  const record = (event: MatrixEvent): void => {
    const text = event.getContent<{ body?: string }>().body;
    if (event.getType() === 'm.room.message' && event.isEncrypted() && text !== undefined) messages.set(event.getId() ?? '', text);
  };
  client.on(RoomEvent.Timeline, (event) => {
    event.once(MatrixEventEvent.Decrypted, () => record(event));
    record(event);
  });
  client.on(RoomMemberEvent.Membership, (_event, member) => {
    if (member.userId === user.userId && member.membership === 'invite') void client.joinRoom(member.roomId);
  });
  const prepared = new Promise<void>((done) => client.on(ClientEvent.Sync, (state) => state === 'PREPARED' && done()));
  await client.startClient({ initialSyncLimit: 10 });
  await prepared;
  return { client, messages, stop: () => client.stopClient() };
}
