import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import keytar from 'keytar';
import { MatrixEvent, type IEvent } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboxCoreConfig, OutboxCoreOutput } from './fixtures/outbox-core.ts';
import { serverEvents, type ServerEvent } from '../support/core-session.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { matrixHttp } from '../support/matrix-http.ts';
import { startOutboxCore, type OutboxCoreProcess } from '../support/outbox-core-driver.ts';
import { startSdkPeer, type SdkPeer } from '../support/sdk-peer.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const PASSWORD = 'outbox kill test password';
const ALICE = '@alice:localhost';
const MESSAGES = 30;
const KILLS = 3;

type OutboxLine = Extract<OutboxCoreOutput, { type: 'outbox' }>;
const isOutbox = (output: OutboxCoreOutput): output is OutboxLine => output.type === 'outbox';

/**
 * The outbox's promise, tested the hard way: the app (Plenum's core in a child process) is killed
 * with SIGKILL while it sends into an encrypted room, and started again, three times. At the end the
 * server must hold every message exactly once, in the order it was written, readable by the other
 * person. The kills fall right after the messages were queued, while the server held a message whose
 * answer the app had not yet received, and during encryption.
 */
describe('the outbox survives being killed', () => {
  const service = `plenum-outbox-kill-${process.pid}-${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-kill-'));
  const cryptoDir = mkdtempSync(join(tmpdir(), 'plenum-outbox-kill-crypto-'));
  let synapse: RunningSynapse;
  let bob: SdkPeer;
  let config: OutboxCoreConfig;
  let app: OutboxCoreProcess | undefined;

  beforeAll(async () => {
    assertKeyringAvailable();
    for (const level of ['log', 'info', 'debug'] as const) vi.spyOn(console, level).mockImplementation(() => {});
    synapse = await startSynapse();
    await synapse.registerUser('alice', PASSWORD, { displayName: 'Alice' });
    bob = await startSdkPeer(synapse.baseUrl, await synapse.registerUser('bob', PASSWORD, { displayName: 'Bob' }));
    config = { homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD, service, dataDir, cryptoDir };
  });
  afterAll(async () => {
    await app?.kill();
    bob?.stop();
    await synapse?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cryptoDir, { recursive: true, force: true });
    for (const account of [`session:${ALICE}`, 'plenum.keychain-marker']) await keytar.deletePassword(service, account).catch(() => false);
  });

  it(`sends ${MESSAGES} messages in an encrypted room exactly once and in order across ${KILLS} SIGKILLs`, { timeout: 300_000 }, async () => {
    const bodies = Array.from({ length: MESSAGES }, (_, n) => `message ${String(n + 1).padStart(2, '0')} of ${MESSAGES}`);
    /** The event ID each message was last reported sent with, across all runs. */
    const reported = new Map<string, string>();
    const collect = (running: OutboxCoreProcess): void => {
      for (const line of running.outputs) if (isOutbox(line) && line.state === 'sent' && line.eventId) reported.set(line.localId, line.eventId);
    };
    const sentInRun = (running: OutboxCoreProcess): number => running.outputs.filter((line) => isOutbox(line) && line.state === 'sent').length;
    const start = async (overrides: Partial<OutboxCoreConfig> = {}): Promise<OutboxCoreProcess> => {
      app = startOutboxCore({ ...config, ...overrides });
      await app.waitFor((line) => line.type === 'ready');
      return app;
    };
    const kill = async (running: OutboxCoreProcess): Promise<void> => {
      await running.kill();
      collect(running);
    };

    // Run 1: sign in, join Bob's encrypted DM, queue everything, and die as soon as the last message is queued.
    let running = await start();
    const token = (JSON.parse((await keytar.getPassword(service, `session:${ALICE}`)) ?? '{}') as { accessToken: string }).accessToken;
    const { room_id: roomId } = await bob.client.createRoom({
      is_direct: true,
      invite: [ALICE],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await matrixHttp(synapse.baseUrl, token, ALICE).join(roomId);
    await running.waitFor((line) => line.type === 'room' && line.roomId === roomId && line.membership === 'join' && line.encrypted);
    running.command({ cmd: 'send', roomId, bodies });
    await running.waitFor((line) => line.type === 'enqueuedAll');
    await kill(running);
    const localIds = running.outputs.flatMap((line) => (line.type === 'enqueued' ? [line.localId] : []));
    expect(localIds).toHaveLength(MESSAGES);
    const counts = [sentInRun(running)];

    /** Alice's messages on the server, oldest first. */
    const onServer = async (): Promise<ServerEvent[]> =>
      (await serverEvents(synapse.baseUrl, token, roomId)).filter((event) => event.sender === ALICE && event.type === 'm.room.encrypted');

    // Run 2: answers to sends arrive 2 s late. Once a few are through, wait for a message the
    // server has stored while the app still waits for the answer, and kill the app then.
    running = await start({ holdSendResponsesMs: 2_000 });
    const sentHere = (localId: string): boolean => running.outputs.some((line) => isOutbox(line) && line.state === 'sent' && line.localId === localId);
    const inFlight = (await running.waitFor(
      (line): line is OutboxLine => sentInRun(running) >= 2 && isOutbox(line) && line.state === 'sending' && !sentHere(line.localId),
    )) as OutboxLine;
    const position = localIds.indexOf(inFlight.localId);
    let stored: ServerEvent | undefined;
    for (let waited = 0; !stored && waited < 1_500; waited += 25) {
      stored = (await onServer())[position];
      if (!stored) await sleep(25);
    }
    await kill(running);
    expect(stored?.unsigned?.transaction_id).toBe(inFlight.localId);
    expect(reported.has(inFlight.localId)).toBe(false);
    counts.push(sentInRun(running));

    // Run 3: the message the server already had goes again with the same transaction ID, and the
    // server answers with the event it stored. Then die while a message is being encrypted.
    running = await start();
    await running.waitFor((line) => sentInRun(running) >= 3 && isOutbox(line) && line.state === 'encrypting');
    await kill(running);
    expect(reported.get(inFlight.localId)).toBe(stored?.event_id);
    counts.push(sentInRun(running));

    // Run 4: to the end, then a clean stop.
    running = await start();
    await vi.waitFor(
      () => {
        collect(running);
        if (reported.size < MESSAGES) throw new Error(`${reported.size} of ${MESSAGES} sent`);
      },
      { timeout: 120_000, interval: 100 },
    );
    counts.push(sentInRun(running));
    expect(await running.stop()).toBe(0);

    // Every message once, in order, under its own transaction ID, with the event ID the app reported.
    const events = await onServer();
    expect(events.map((event) => event.unsigned?.transaction_id)).toEqual(localIds);
    expect(events.map((event) => event.event_id)).toEqual(localIds.map((id) => reported.get(id)));
    // And Bob reads them all.
    const decrypted = await vi.waitFor(
      async () => {
        const texts: string[] = [];
        for (const raw of events) {
          const event = new MatrixEvent(raw as unknown as Partial<IEvent>);
          await bob.client.decryptEventIfNeeded(event);
          texts.push(event.isDecryptionFailure() ? '<undecryptable>' : String(event.getContent<{ body?: string }>().body));
        }
        if (texts.includes('<undecryptable>')) throw new Error(`Bob cannot read ${texts.filter((t) => t === '<undecryptable>').length}`);
        return texts;
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(decrypted).toEqual(bodies);
    // Reported sent per run (a resend answered with the stored event counts in the run that heard it).
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(MESSAGES);
  });
});
