/**
 * Cold start from the on-disk store to the first room-list snapshot, for an account with many
 * rooms: the time from createCore() to a complete `rooms.list` answer, with the homeserver already
 * gone (so every row comes from disk). Prints JSON figures on its last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import keytar from 'keytar';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore } from '../../src/main/core/create-core.ts';
import { matrixHttp } from '../../test/support/matrix-http.ts';
import { startSynapse } from '../../test/support/synapse.ts';

const ROOMS = Number(process.env.PLENUM_BENCH_ROOMS ?? 120);
const RUNS = Number(process.env.PLENUM_BENCH_RUNS ?? 7);
const SERVICE = `plenum-bench-${process.pid}`;
const PASSWORD = 'bench password';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const dataDir = mkdtempSync(join(tmpdir(), 'plenum-bench-'));
const cryptoDir = mkdtempSync(join(tmpdir(), 'plenum-bench-crypto-'));
const makeCore = () =>
  createCore({ secrets: createKeytarSecretStore(SERVICE), logger: quiet, app: { version: 'bench', locale: 'en', deviceDisplayName: 'Plenum bench' }, dataDir, cryptoDir });

const synapse = await startSynapse();
try {
  const alice = await synapse.registerUser('alice', PASSWORD);
  const bob = await synapse.registerUser('bob', PASSWORD);
  const a = matrixHttp(synapse.baseUrl, alice.accessToken, alice.userId);
  const b = matrixHttp(synapse.baseUrl, bob.accessToken, bob.userId);
  const seedStarted = performance.now();
  for (let i = 0; i < ROOMS; i += 1) {
    const roomId = await a.createRoom({ name: `Room ${i}`, preset: 'private_chat', invite: [bob.userId] });
    await b.join(roomId);
    await b.send(roomId, { msgtype: 'm.text', body: `Message ${i}` });
    if ((i + 1) % 20 === 0) console.error(`seeded ${i + 1}/${ROOMS} rooms`);
  }
  const seedMs = performance.now() - seedStarted;

  console.error('signing in and syncing once…');
  const first = makeCore();
  await first.start();
  const signIn = await first.handlers['session.signIn']({ homeserver: synapse.baseUrl, user: 'alice', password: PASSWORD });
  if (!signIn.userId) throw new Error('sign-in failed');
  const deadline = Date.now() + 60_000;
  let shown = 0;
  while ((shown = (await first.handlers['rooms.list']({})).items.length) < ROOMS) {
    if (Date.now() % 5000 < 100) console.error(`initial sync: ${shown}/${ROOMS} rooms`);
    if (Date.now() > deadline) throw new Error('initial sync did not bring every room');
    await new Promise((r) => setTimeout(r, 100));
  }
  await first.dispose();
  await synapse.stop();

  const timings: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const core = makeCore();
    await core.start();
    const snapshot = await core.handlers['rooms.list']({});
    const elapsed = performance.now() - started;
    if (snapshot.items.length < ROOMS) throw new Error(`cold start showed ${snapshot.items.length} of ${ROOMS} rooms`);
    timings.push(elapsed);
    await core.dispose();
  }
  timings.sort((x, y) => x - y);
  const median = timings[Math.floor(timings.length / 2)] ?? 0;
  console.log(
    JSON.stringify({
      coldStartToRoomListMs: { median: Math.round(median), min: Math.round(timings[0] ?? 0), max: Math.round(timings.at(-1) ?? 0), runs: RUNS },
      rooms: ROOMS,
      seedSeconds: Math.round(seedMs / 100) / 10,
    }),
  );
} finally {
  await synapse.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(cryptoDir, { recursive: true, force: true });
  await keytar.deletePassword(SERVICE, 'session:@alice:localhost').catch(() => false);
}
// The process-wide crypto IndexedDB keeps its system database open for the life of the process.
process.exit(0);
