import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const answers = (baseUrl: string): Promise<boolean> =>
  fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1_000) }).then(
    (response) => response.ok,
    () => false,
  );

async function failedLogins(synapse: RunningSynapse, attempts: number): Promise<number[]> {
  await synapse.registerUser('victim', 'the right password');
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'victim' }, password: 'wrong' }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

/** The test homeserver itself: the rest of the suite trusts it to be fresh, isolated and cleaned up. */
describe('Synapse test rig', () => {
  it('relaxes rate limits by default and keeps Synapse\'s own on request', async () => {
    const [relaxed, strict] = await Promise.all([startSynapse(), startSynapse({ rateLimits: 'default' })]);
    try {
      expect(await failedLogins(relaxed, 8)).not.toContain(429);
      expect(await failedLogins(strict, 8)).toContain(429);
    } finally {
      await relaxed.stop();
      await strict.stop();
    }
  });

  it('stop() ends the server and deletes its directory', async () => {
    const synapse = await startSynapse();
    expect(await answers(synapse.baseUrl)).toBe(true);
    expect(existsSync(`${synapse.dir}/homeserver.db`)).toBe(true);
    await synapse.stop();
    expect(await answers(synapse.baseUrl)).toBe(false);
    expect(existsSync(synapse.dir)).toBe(false);
  });

  it('restart() brings the same server back: same address, same database, no directory lost', async () => {
    const synapse = await startSynapse();
    try {
      await synapse.registerUser('survivor', 'kept across restarts');
      await synapse.halt();
      expect(await answers(synapse.baseUrl)).toBe(false);
      expect(existsSync(`${synapse.dir}/homeserver.db`)).toBe(true);
      await synapse.start();
      expect(await answers(synapse.baseUrl)).toBe(true);
      await synapse.restart();
      const login = await fetch(`${synapse.baseUrl}/_matrix/client/v3/login`, {
        method: 'POST',
        body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'survivor' }, password: 'kept across restarts' }),
      });
      expect(login.status).toBe(200);
      expect(await login.json()).toMatchObject({ user_id: '@survivor:localhost' });
    } finally {
      await synapse.stop();
    }
    expect(existsSync(synapse.dir)).toBe(false);
  });

  it('does not outlive a test process that is killed without stopping it', async () => {
    const rig = resolve(import.meta.dirname, '../support/synapse.ts');
    const script = `const { startSynapse } = await import(${JSON.stringify(rig)});
      const s = await startSynapse();
      console.log(JSON.stringify({ baseUrl: s.baseUrl, dir: s.dir }));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ baseUrl: string; dir: string }>((done, fail) => {
      child.stdout.once('data', (chunk: Buffer) => done(JSON.parse(chunk.toString()) as { baseUrl: string; dir: string }));
      child.once('exit', (code) => fail(new Error(`the child exited (${code}) before Synapse started`)));
    });
    expect(await answers(started.baseUrl)).toBe(true);
    child.kill('SIGKILL');
    await expect.poll(() => answers(started.baseUrl), { timeout: 15_000, interval: 250 }).toBe(false);
    await expect.poll(() => existsSync(started.dir), { timeout: 15_000, interval: 250 }).toBe(false);
  });
});
