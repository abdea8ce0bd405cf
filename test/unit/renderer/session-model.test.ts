import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers } from '../../../src/shared/ipc/types.ts';
import type { SessionView } from '../../../src/shared/model/session.ts';
import { DISCOVERY_DELAY_MS, SessionModel, discoveryInput } from '../../../src/renderer/state/session.svelte.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

/** A scripted main side behind the real bridge, so the view model is tested through the wire format. */
function scriptedMain(signIn: Handlers['session.signIn'], overrides: Partial<Handlers> = {}) {
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
    ...overrides,
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

  it('reads the app version and the pre-configured homeserver', async () => {
    const main = scriptedMain(async () => ({ userId: '@alice:example.org' }), {
      'app.info': async () => ({ version: '1.2.3', locale: 'de', defaultHomeserver: 'https://matrix.example.org', desktop: false }),
    });
    const model = new SessionModel(main.client);
    expect(model.appInfo).toBeNull();
    await model.start();
    expect(model.appInfo).toEqual({ version: '1.2.3', defaultHomeserver: 'https://matrix.example.org', desktop: false });
  });

  it('counts down a rate limit and refuses to send another attempt before it is over', async () => {
    let attempts = 0;
    const main = scriptedMain(async () => {
      attempts += 1;
      throw new AppFailure('RATE_LIMITED', 'slow down', { retryAfterMs: 1500 });
    });
    const model = new SessionModel(main.client);
    await model.start();
    expect(model.retryInSeconds).toBe(0);
    expect(await model.signIn(form)).toBe(false);
    expect(model.signInError?.code).toBe('RATE_LIMITED');
    expect(model.retryInSeconds).toBe(2);
    expect(await model.signIn(form)).toBe(false);
    expect(attempts).toBe(1);
    await expect.poll(() => model.retryInSeconds, { timeout: 3000 }).toBe(0);
    await model.signIn(form);
    expect(attempts).toBe(2);
    model.dispose();
  });
});

describe('server discovery as the user types', () => {
  it('checks the homeserver field, or a full Matrix ID while the homeserver is empty', () => {
    expect(discoveryInput(' matrix.example.org ', '@jane:other.org')).toBe('matrix.example.org');
    expect(discoveryInput('', '@jane:example.org')).toBe('@jane:example.org');
    expect(discoveryInput('  ', 'jane')).toBeNull();
    expect(discoveryInput('', '@jane')).toBeNull();
  });

  it('waits for a pause in typing, checks only the latest input, and reports what it found', async () => {
    const asked: string[] = [];
    const main = scriptedMain(async () => ({ userId: '@alice:example.org' }), {
      'session.discover': async ({ input }) => {
        asked.push(input);
        if (input === 'example.com') throw new AppFailure('NOT_A_MATRIX_SERVER', 'no');
        return { homeserver: `https://${input}`, serverName: input, login: { password: true, sso: null, oauth: false } };
      },
    });
    const model = new SessionModel(main.client);
    await model.start();

    model.discover('m');
    model.discover('matrix.exa');
    model.discover('matrix.example.org');
    expect(model.discovery).toEqual({ state: 'checking', input: 'matrix.example.org' });
    await new Promise((resolve) => setTimeout(resolve, DISCOVERY_DELAY_MS / 2));
    expect(asked).toEqual([]);
    await expect.poll(() => model.discovery.state).toBe('found');
    expect(asked).toEqual(['matrix.example.org']);
    expect(model.discovery).toMatchObject({ server: { homeserver: 'https://matrix.example.org', serverName: 'matrix.example.org' } });

    // The same input again (the user typed in another field) is not checked twice.
    model.discover('matrix.example.org');
    expect(model.discovery.state).toBe('found');

    model.discover('example.com');
    await expect.poll(() => model.discovery.state).toBe('failed');
    expect(model.discovery).toMatchObject({ code: 'NOT_A_MATRIX_SERVER', input: 'example.com' });

    model.discover(null);
    expect(model.discovery).toEqual({ state: 'idle' });
    model.dispose();
  });

  it('drops an answer that arrives after the user typed something else', async () => {
    let release: (() => void) | undefined;
    const main = scriptedMain(async () => ({ userId: '@alice:example.org' }), {
      'session.discover': async ({ input }) => {
        if (input === 'slow.example.org') await new Promise<void>((resolve) => (release = resolve));
        return { homeserver: `https://${input}`, serverName: input, login: { password: true, sso: null, oauth: false } };
      },
    });
    const model = new SessionModel(main.client);
    await model.start();
    model.discover('slow.example.org');
    await expect.poll(() => release).toBeDefined();
    model.discover('fast.example.org');
    await expect.poll(() => model.discovery.state).toBe('found');
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(model.discovery).toMatchObject({ input: 'fast.example.org', server: { serverName: 'fast.example.org' } });
    model.dispose();
  });
});
