import { MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { deleteDevicesWithPassword } from '../../../src/main/core/account/delete-devices.ts';

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
