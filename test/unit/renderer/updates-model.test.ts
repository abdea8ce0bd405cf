import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers } from '../../../src/shared/ipc/types.ts';
import type { UpdateState } from '../../../src/shared/model/updates.ts';
import { NO_UPDATES, UpdatesModel } from '../../../src/renderer/state/updates.svelte.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

/** A main side with an update flow's state, behind the real bridge and wire format. */
function updatesMain(initial: UpdateState, overrides: Partial<Handlers> = {}) {
  let state = initial;
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  const installs: number[] = [];
  const handlers = stubHandlers({
    'updates.get': async () => state,
    'updates.install': async () => {
      installs.push(Date.now());
      if (state.status !== 'downloaded') throw new AppFailure('NOT_FOUND', 'no downloaded update waits');
      // As the flow's consent(): installing, announced before the answer.
      emit({ status: 'installing', version: state.version });
      return null;
    },
    ...overrides,
  });
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers, onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  function emit(next: UpdateState): void {
    state = next;
    listener?.('updates.changed', next);
  }
  return { client, emit, installs, subscribed: () => listener !== undefined };
}

const downloaded = (version: string, installsOnQuit = false): UpdateState => ({ status: 'downloaded', version, installsOnQuit });

describe('UpdatesModel', () => {
  it('is "unsupported" until main answers, then follows updates.changed until disposed', async () => {
    const main = updatesMain({ status: 'up-to-date', checkedAt: 1_000 });
    const model = new UpdatesModel(main.client);
    expect(model.state).toEqual(NO_UPDATES);
    expect(model.banner).toBeNull();

    await model.start();
    expect(model.state).toEqual({ status: 'up-to-date', checkedAt: 1_000 });

    main.emit({ status: 'available', version: '0.2.0', percent: 40 });
    await expect.poll(() => model.state).toEqual({ status: 'available', version: '0.2.0', percent: 40 });
    expect(model.banner).toBeNull();

    model.dispose();
    main.emit(downloaded('0.2.0'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(model.state.status).toBe('available');
  });

  it('keeps a change heard while updates.get was under way over the older answer', async () => {
    let answer: (state: UpdateState) => void = () => undefined;
    const main = updatesMain({ status: 'checking' }, { 'updates.get': () => new Promise<UpdateState>((resolve) => (answer = resolve)) });
    const model = new UpdatesModel(main.client);
    const starting = model.start();
    await expect.poll(() => main.subscribed()).toBe(true);
    main.emit(downloaded('0.2.0'));
    await expect.poll(() => model.state.status).toBe('downloaded');
    answer({ status: 'checking' });
    await starting;
    expect(model.state).toEqual(downloaded('0.2.0'));
  });

  it('shows the banner for an update waiting for consent; "Later" hides it for that version only', async () => {
    const main = updatesMain(downloaded('0.2.0'));
    const model = new UpdatesModel(main.client);
    await model.start();
    expect(model.banner).toBe('ready');
    expect(model.dismissed).toBe(false);

    model.dismiss();
    expect(model.dismissed).toBe(true);
    expect(model.banner).toBeNull();

    // A check that finds nothing newer leaves it dismissed; the same version again stays hidden.
    main.emit({ status: 'checking' });
    main.emit(downloaded('0.2.0'));
    await expect.poll(() => model.state.status).toBe('downloaded');
    expect(model.banner).toBeNull();

    // A newer version asks again.
    main.emit(downloaded('0.3.0'));
    await expect.poll(() => model.banner).toBe('ready');
    expect(model.dismissed).toBe(false);
  });

  it('shows no banner when the organisation installs the update on quit', async () => {
    const main = updatesMain(downloaded('0.2.0', true));
    const model = new UpdatesModel(main.client);
    await model.start();
    expect(model.state).toEqual(downloaded('0.2.0', true));
    expect(model.banner).toBeNull();
    expect(model.dismissed).toBe(false);
  });

  it('install() gives the consent: busy while asking, then installing', async () => {
    const main = updatesMain(downloaded('0.2.0'));
    const model = new UpdatesModel(main.client);
    await model.start();

    const installing = model.install();
    expect(model.busy).toBe(true);
    // A second click while the first is on its way asks nothing more.
    expect(await model.install()).toBe(false);
    expect(await installing).toBe(true);
    expect(model.busy).toBe(false);
    expect(main.installs).toHaveLength(1);
    await expect.poll(() => model.banner).toBe('installing');
    expect(model.installFailed).toBe(false);
  });

  it('sets installFailed when the command fails, until it is dismissed or the state moves on', async () => {
    const main = updatesMain(downloaded('0.2.0'), { 'updates.install': async () => Promise.reject(new AppFailure('NOT_FOUND', 'no downloaded update waits')) });
    const model = new UpdatesModel(main.client);
    await model.start();

    expect(await model.install()).toBe(false);
    expect(model.installFailed).toBe(true);
    expect(model.banner).toBe('failed');
    expect(model.busy).toBe(false);

    // Closing the message: nothing shows for that version any more.
    model.dismiss();
    expect(model.banner).toBeNull();
    expect(model.dismissed).toBe(true);

    // The next turn of the flow starts clean.
    main.emit({ status: 'checking' });
    await expect.poll(() => model.installFailed).toBe(false);
    main.emit(downloaded('0.3.0'));
    await expect.poll(() => model.banner).toBe('ready');
  });

  it('shows the failure when the updater fails while installing', async () => {
    const main = updatesMain(downloaded('0.2.0'));
    const model = new UpdatesModel(main.client);
    await model.start();
    expect(await model.install()).toBe(true);
    main.emit({ status: 'error', reason: 'failed', during: 'install' });
    await expect.poll(() => model.banner).toBe('failed');
    expect(model.installFailed).toBe(true);
    model.dismiss();
    expect(model.banner).toBeNull();

    // A failed check is the settings' to say, not the banner's.
    main.emit({ status: 'error', reason: 'network', during: 'check' });
    await expect.poll(() => model.state).toEqual({ status: 'error', reason: 'network', during: 'check' });
    expect(model.installFailed).toBe(false);
    expect(model.banner).toBeNull();
  });

  it('says nothing is waiting when main cannot be asked', async () => {
    const main = updatesMain(downloaded('0.2.0'), { 'updates.get': async () => Promise.reject(new AppFailure('INTERNAL', 'broken')) });
    const model = new UpdatesModel(main.client);
    await model.start();
    expect(model.state).toEqual(NO_UPDATES);
    expect(model.banner).toBeNull();
  });
});
