import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/shared/ipc/dispatch.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../src/shared/ipc/result.ts';
import { serveBridge, type BridgeSource } from '../../src/shared/ipc/server.ts';
import type { EventName, EventPayload, Handlers } from '../../src/shared/ipc/types.ts';
import type { SessionView } from '../../src/shared/model/session.ts';
import { stubHandlers } from '../support/stub-handlers.ts';

function fakeSource(overrides: Partial<Handlers> = {}) {
  const calls: string[] = [];
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const handlers = stubHandlers({
    'app.info': async () => ({ version: '1', locale: 'en', defaultHomeserver: null, desktop: false }),
    'session.signIn': async (request) => {
      calls.push(`signIn:${request.user}`);
      return { userId: `@${request.user}:example.org` };
    },
    ...overrides,
  });
  const source: BridgeSource = {
    handlers,
    onEvent(listener) {
      listeners.add(listener as (name: EventName, payload: unknown) => void);
      return () => listeners.delete(listener as (name: EventName, payload: unknown) => void);
    },
  };
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => {
    for (const listener of listeners) listener(name, payload);
  };
  return { source, calls, emit };
}

const validSignIn = { homeserver: 'https://matrix.example.org', user: 'alice', password: 'pw' };

describe('dispatch validates every request before a handler runs', () => {
  it('runs the handler with the validated (trimmed) request', async () => {
    const { source, calls } = fakeSource();
    const result = await dispatch(source.handlers, 'session.signIn', { ...validSignIn, user: '  alice ' });
    expect(result).toEqual({ ok: true, value: { userId: '@alice:example.org' } });
    expect(calls).toEqual(['signIn:alice']);
  });

  it.each([
    ['an unknown command', 'session.steal', {}],
    ['a prototype key as command name', '__proto__', {}],
    ['a non-string name', 42, {}],
    ['a missing field', 'session.signIn', { homeserver: 'https://x.org', user: 'a' }],
    ['a wrong type', 'session.signIn', { ...validSignIn, password: 123 }],
    ['an unknown extra key', 'session.signIn', { ...validSignIn, admin: true }],
    ['a non-URL homeserver', 'session.signIn', { ...validSignIn, homeserver: 'not a url' }],
    ['a javascript: homeserver', 'session.signIn', { ...validSignIn, homeserver: 'javascript:alert(1)' }],
    ['an empty user', 'session.signIn', { ...validSignIn, user: '   ' }],
    ['null payload', 'session.get', null],
    ['an array payload', 'session.get', []],
  ])('answers BAD_REQUEST for %s without calling a handler', async (_label, name, payload) => {
    const { source, calls } = fakeSource();
    const result = await dispatch(source.handlers, name, payload);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('BAD_REQUEST');
    expect(calls).toEqual([]);
  });

  it('never echoes a rejected value (a payload can carry a password)', async () => {
    const { source } = fakeSource();
    const result = await dispatch(source.handlers, 'session.signIn', { ...validSignIn, password: 'x'.repeat(5000) });
    expect(!result.ok && result.error.message).toBe('invalid request for session.signIn: password');
  });

  it('passes an AppFailure through and hides any other exception as INTERNAL', async () => {
    const unexpected: string[] = [];
    const { source } = fakeSource({
      'session.signOut': async () => {
        throw new AppFailure('NOT_SIGNED_IN', 'no session');
      },
      'session.get': async () => {
        throw new Error('secret internals at /home/user/.config');
      },
    });
    const options = { onUnexpectedError: (name: string) => unexpected.push(name) };
    expect(await dispatch(source.handlers, 'session.signOut', {}, options)).toEqual({
      ok: false,
      error: { code: 'NOT_SIGNED_IN', message: 'no session' },
    });
    expect(await dispatch(source.handlers, 'session.get', {}, options)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'unexpected error' },
    });
    expect(unexpected).toEqual(['session.get']);
  });
});

describe('serveBridge over the memory transport', () => {
  it('carries commands and events through JSON, typed end to end', async () => {
    const { source, emit } = fakeSource();
    const { server, client } = createMemoryTransportPair();
    const stop = serveBridge(source, server);
    const seen: SessionView[] = [];
    const unsubscribe = client.on('session.changed', (view) => seen.push(view));

    const reply = await client.invoke('session.signIn', validSignIn);
    expect(reply).toEqual({ ok: true, value: { userId: '@alice:example.org' } });
    emit('session.changed', { state: 'signingIn', homeserver: 'https://matrix.example.org' });
    await expect.poll(() => seen.length).toBe(1);

    unsubscribe();
    emit('session.changed', { state: 'signedOut' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toHaveLength(1);

    stop();
    expect((await client.invoke('session.get', {})).ok).toBe(false);
  });
});
