import { MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { confirmMethods, deleteDevicesWithPassword, deleteDevicesWithSso } from '../../../src/main/core/account/delete-devices.ts';

type Auth = { type: string; identifier: unknown; password: string; session?: string };

/** Answers each delete request with the next scripted outcome and records what was asked. */
function scripted(...answers: (MatrixError | null)[]) {
  const calls: { devices: string[]; auth: Auth }[] = [];
  const client = {
    deleteMultipleDevices: async (devices: string[], auth: Auth) => {
      calls.push({ devices, auth });
      const answer = answers.shift();
      if (answer) throw answer;
      return {};
    },
  } as unknown as MatrixClient;
  return { client, calls };
}

const uia = (extra: Record<string, unknown> = {}, flows: unknown = [{ stages: ['m.login.password'] }]) =>
  new MatrixError({ session: 'uia-session', flows, params: {}, ...extra }, 401);
const credentials = { userId: '@alice:example.org', password: 'secret' };

describe('deleting devices behind user-interactive auth', () => {
  it('sends the password with the first request', async () => {
    const { client, calls } = scripted(null);
    await deleteDevicesWithPassword(client, ['A', 'B'], credentials);
    expect(calls).toEqual([
      { devices: ['A', 'B'], auth: { type: 'm.login.password', identifier: { type: 'm.id.user', user: '@alice:example.org' }, password: 'secret' } },
    ]);
  });

  it('repeats the request with the session the server handed out', async () => {
    const { client, calls } = scripted(uia(), null);
    await deleteDevicesWithPassword(client, ['A'], credentials);
    expect(calls.map((call) => call.auth.session)).toEqual([undefined, 'uia-session']);
  });

  it('reports a wrong password as invalid credentials, without retrying', async () => {
    const { client, calls } = scripted(uia({ errcode: 'M_FORBIDDEN', error: 'Invalid password' }));
    await expect(deleteDevicesWithPassword(client, ['A'], credentials)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(calls).toHaveLength(1);
  });

  it('says what the server asks for when a password alone is not enough', async () => {
    const { client } = scripted(uia({}, [{ stages: ['m.login.sso'] }, { stages: ['m.login.password', 'm.login.email.identity'] }]));
    await expect(deleteDevicesWithPassword(client, ['A'], credentials)).rejects.toMatchObject({
      code: 'UNSUPPORTED_LOGIN_FLOW',
      details: { supportedFlows: ['m.login.sso', 'm.login.password → m.login.email.identity'] },
    });
  });

  it('maps other refusals like every other homeserver answer', async () => {
    const { client } = scripted(new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 2000 }, 429));
    await expect(deleteDevicesWithPassword(client, ['A'], credentials)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 2000 } });
  });
});

describe('deleting devices confirmed through single sign-on', () => {
  const SSO = [{ stages: ['m.login.sso'] }];
  /** scripted(), plus the homeserver URL the fallback page is built from. */
  const ssoClient = (...answers: (MatrixError | null)[]) => {
    const made = scripted(...answers);
    Object.assign(made.client, { getHomeserverUrl: () => 'https://matrix.example.org/' });
    return made;
  };
  const confirm = (opened: string[], overrides: Partial<{ timeoutMs: number; signal: AbortSignal; opens: boolean }> = {}) => ({
    open: async (url: string) => {
      opened.push(url);
      return overrides.opens ?? true;
    },
    signal: overrides.signal ?? new AbortController().signal,
    timeoutMs: overrides.timeoutMs ?? 5000,
    pollMs: 5,
  });

  it('opens the spec’s fallback page for the UIA session, then retries with it until the server accepts', async () => {
    const { client, calls } = ssoClient(uia({}, SSO), uia({}, SSO), uia({}, SSO), null);
    const opened: string[] = [];
    await deleteDevicesWithSso(client, ['A', 'B'], confirm(opened));
    expect(opened).toEqual(['https://matrix.example.org/_matrix/client/v3/auth/m.login.sso/fallback/web?session=uia-session']);
    expect(calls.map((call) => call.auth)).toEqual([undefined, { session: 'uia-session' }, { session: 'uia-session' }, { session: 'uia-session' }]);
    expect(calls.every((call) => call.devices.join() === 'A,B')).toBe(true);
  });

  it('says when the browser cannot be opened, and asks no more', async () => {
    const { client, calls } = ssoClient(uia({}, SSO));
    await expect(deleteDevicesWithSso(client, ['A'], confirm([], { opens: false }))).rejects.toMatchObject({ code: 'BROWSER_UNAVAILABLE' });
    expect(calls).toHaveLength(1);
  });

  it('gives up after the timeout, and when cancelled', async () => {
    const always = Array.from({ length: 200 }, () => uia({}, SSO));
    await expect(deleteDevicesWithSso(ssoClient(...always).client, ['A'], confirm([], { timeoutMs: 30 }))).rejects.toMatchObject({ code: 'SSO_TIMEOUT' });
    const cancel = new AbortController();
    const pending = deleteDevicesWithSso(ssoClient(...always).client, ['A'], confirm([], { signal: cancel.signal }));
    cancel.abort();
    await expect(pending).rejects.toMatchObject({ code: 'SSO_CANCELLED' });
  });

  it('does not open a browser when the server wants something else than single sign-on', async () => {
    const opened: string[] = [];
    await expect(deleteDevicesWithSso(ssoClient(uia()).client, ['A'], confirm(opened))).rejects.toMatchObject({ code: 'UNSUPPORTED_LOGIN_FLOW' });
    expect(opened).toEqual([]);
  });

  it('tells which ways of confirming the server offers', async () => {
    expect(await confirmMethods(scripted(uia({}, SSO)).client)).toEqual({ password: false, sso: true });
    expect(await confirmMethods(scripted(uia()).client)).toEqual({ password: true, sso: false });
    expect(await confirmMethods(scripted(uia({}, [{ stages: ['m.login.password'] }, { stages: ['m.login.sso'] }])).client)).toEqual({ password: true, sso: true });
    // Nothing asked (a grace period after a recent sign-in): the password path goes through.
    expect(await confirmMethods(scripted(null).client)).toEqual({ password: true, sso: false });
  });
});
