import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers } from '../../../src/shared/ipc/types.ts';
import type { SessionView } from '../../../src/shared/model/session.ts';
import { SessionModel } from '../../../src/renderer/state/session.svelte.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

/** A scripted main side behind the real bridge, so the view model is tested through the wire format. */
function scriptedMain(signIn: Handlers['session.signIn']) {
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  let session: SessionView = { state: 'signedOut' };
  const handlers = stubHandlers({
    'session.get': async () => session,
    'session.signIn': signIn,
    'session.retryRestore': async () => session,
    'session.signOut': async () => {
      session = { state: 'signedOut' };
      listener?.('session.changed', session);
      return null;
    },
  });
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers, onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => {
    if (name === 'session.changed') session = payload as SessionView;
    listener?.(name, payload);
  };
  return { client, emit };
}

const form = { homeserver: 'https://matrix.example.org', user: 'alice', password: 'pw' };

describe('SessionModel', () => {
  it('loads the session, then follows session and sync events', async () => {
    const main = scriptedMain(async () => ({ userId: '@alice:example.org' }));
    const model = new SessionModel(main.client);
    await model.start();
    expect(model.session).toEqual({ state: 'signedOut' });

    main.emit('session.changed', {
      state: 'signedIn',
      userId: '@alice:example.org',
      deviceId: 'DEV',
      homeserver: form.homeserver,
      avatarMxc: null,
      displayName: 'Alice',
    });
    main.emit('sync.status', { state: 'syncing' });
    await expect.poll(() => model.sync.state).toBe('syncing');
    expect(model.session).toMatchObject({ state: 'signedIn', displayName: 'Alice' });

    model.dispose();
    main.emit('sync.status', { state: 'offline' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(model.sync.state).toBe('syncing');
  });

  it('keeps the error code of a failed sign-in and clears it on the next attempt', async () => {
    let attempts = 0;
    const main = scriptedMain(async () => {
      attempts += 1;
      if (attempts === 1) throw new AppFailure('INVALID_CREDENTIALS', 'refused');
      return { userId: '@alice:example.org' };
    });
    const model = new SessionModel(main.client);
    await model.start();

    expect(await model.signIn(form)).toBe(false);
    expect(model.signInError?.code).toBe('INVALID_CREDENTIALS');
    expect(model.busy).toBe(false);

    const second = model.signIn(form);
    expect(model.busy).toBe(true);
    expect(model.signInError).toBeNull();
    expect(await second).toBe(true);
  });

  it('reports a malformed form as BAD_REQUEST instead of throwing', async () => {
    const main = scriptedMain(async () => ({ userId: 'never' }));
    const model = new SessionModel(main.client);
    await model.start();
    expect(await model.signIn({ ...form, homeserver: 'matrix example org' })).toBe(false);
    expect(model.signInError?.code).toBe('BAD_REQUEST');
  });
});
