import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExternalOpener } from '../../src/main/adapters/electron-external-opener.ts';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core } from '../../src/main/core/create-core.ts';
import { recordedPolicySource } from '../../src/main/core/policy/policy-sources.ts';
import type { Logger } from '../../src/main/core/ports.ts';
import { createMemoryTransportPair } from '../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../src/shared/ipc/server.ts';
import type { BridgeApi } from '../../src/shared/ipc/types.ts';
import type { SessionView, SyncStatus } from '../../src/shared/model/session.ts';
import { launchBrowser } from '../support/browser.ts';
import { testCryptoDir } from '../support/crypto-dir.ts';
import { assertKeyringAvailable } from '../support/keyring.ts';
import { cancelAtIdp, confirmAtIdp, signInAtIdp, startOAuthDelegatedSynapse, startSsoRig, type SsoRig } from '../support/oidc-idp.ts';
import { startSynapse, type RunningSynapse } from '../support/synapse.ts';

const SLOW = { timeout: 30_000, interval: 100 };
const DEVICE_NAME = 'Plenum SSO test';

interface BootedCore {
  readonly core: Core;
  readonly client: BridgeApi;
  readonly sessions: SessionView[];
  readonly syncs: SyncStatus[];
  readonly logs: string[];
  /** What the external-link gate let through to the "system browser". */
  readonly opened: string[];
  readonly service: string;
  dispose(): Promise<void>;
}

interface BootOptions {
  /** The system browser: gets each URL the gate lets through. Default: records it only. */
  readonly browser?: (url: string) => Promise<void>;
  readonly ssoTimeoutMs?: number;
  readonly policy?: Readonly<Record<string, unknown>>;
  /** No way to open a browser at all (no openExternal port). */
  readonly noBrowser?: boolean;
}

let booted = 0;
/** A core behind the real bridge, with the app's external-link gate in front of its "system browser". */
function bootCore(options: BootOptions = {}): BootedCore {
  const service = `plenum-sso-test-${process.pid}-${(booted += 1)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-sso-'));
  const logs: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  const opened: string[] = [];
  const gate = createExternalOpener(
    {
      openExternal: async (url) => {
        opened.push(url);
        await options.browser?.(url);
      },
    },
    logger,
  );
  const core = createCore({
    secrets: createKeytarSecretStore(service),
    logger,
    app: { version: 'test', locale: 'en', deviceDisplayName: DEVICE_NAME },
    dataDir,
    cryptoDir: testCryptoDir(),
    ...(options.noBrowser ? {} : { openExternal: (url: string) => gate.open(url) }),
    ...(options.ssoTimeoutMs ? { ssoTimeoutMs: options.ssoTimeoutMs } : {}),
    ...(options.policy ? { policySources: [recordedPolicySource('test policy', options.policy)] } : {}),
  });
  const pair = createMemoryTransportPair();
  serveBridge(core, pair.server);
  const sessions: SessionView[] = [];
  const syncs: SyncStatus[] = [];
  pair.client.on('session.changed', (view) => sessions.push(view));
  pair.client.on('sync.status', (status) => syncs.push(status));
  return {
    core,
    client: pair.client,
    sessions,
    syncs,
    logs,
    opened,
    service,
    async dispose() {
      await core.dispose();
      rmSync(dataDir, { recursive: true, force: true });
      for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
    },
  };
}

const awaitingBrowser = (booted: BootedCore): boolean => booted.sessions.some((view) => view.state === 'signingIn' && view.awaitingBrowser === true);

/** The loopback listener's URL inside the SSO URL Plenum opened. */
const loopbackOf = (ssoUrl: string): URL => new URL(new URL(ssoUrl).searchParams.get('redirectUrl') ?? '');

async function refusesConnections(url: URL): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
    return false;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  }
}

describe('single sign-on against Synapse and an OpenID Connect provider', () => {
  let rig: SsoRig;
  let browser: Browser;
  const pages: Page[] = [];
  const cores: BootedCore[] = [];
  const boot = (options?: BootOptions): BootedCore => {
    const made = bootCore(options);
    cores.push(made);
    return made;
  };
  const newPage = async (): Promise<Page> => {
    const page = await browser.newPage();
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    assertKeyringAvailable();
    [rig, browser] = await Promise.all([startSsoRig(), launchBrowser()]);
    rig.idp.displayNames.set('ada', 'Ada Lovelace');
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    for (const made of cores.splice(0)) await made.dispose();
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.stop();
  });

  it('finds the identity provider beside password sign-in when the user types the server', async () => {
    const { client } = boot();
    const found = await client.invoke('session.discover', { input: rig.synapse.baseUrl });
    expect(found).toEqual({
      ok: true,
      value: {
        homeserver: rig.synapse.baseUrl,
        serverName: null,
        login: { password: true, sso: [{ id: rig.idpId, name: rig.idpName }], oauth: false },
      },
    });
  });

  it('signs in through the identity provider in the browser, comes back on loopback and syncs', async () => {
    let page: Page | undefined;
    const made = boot({
      browser: async (url) => {
        page = await newPage();
        void signInAtIdp(page, url, 'ada');
      },
    });
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId });
    expect(result).toEqual({ ok: true, value: { userId: '@ada:localhost' } });

    // The gate opened exactly the spec's redirect, for the chosen provider, back to loopback.
    expect(made.opened).toHaveLength(1);
    const opened = new URL(made.opened[0] ?? '');
    expect(opened.origin + opened.pathname).toBe(`${rig.synapse.baseUrl}/_matrix/client/v3/login/sso/redirect/${rig.idpId}`);
    const loopback = loopbackOf(opened.href);
    expect(loopback.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(loopback.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(made.sessions.map((view) => view.state)).toEqual(['signingIn', 'signingIn', 'signingIn', 'signedIn']);
    expect(awaitingBrowser(made)).toBe(true);
    expect(made.sessions.at(-1)).toMatchObject({ state: 'signedIn', userId: '@ada:localhost', homeserver: rig.synapse.baseUrl, displayName: 'Ada Lovelace' });
    await expect.poll(() => made.syncs.at(-1)?.state, SLOW).toBe('syncing');

    // The browser tab says where to go next; the listener is gone.
    await expect.poll(() => page?.locator('h1').textContent(), SLOW).toBe('You are signed in to Plenum');
    expect(await page?.locator('main p').textContent()).toBe('You can close this tab and return to Plenum.');
    expect(await refusesConnections(loopback)).toBe(true);

    // A real session: the server knows the device under Plenum's name, and the keychain holds its secrets.
    const listed = await made.client.invoke('devices.list', {});
    expect(listed.ok && listed.value.devices.find((device) => device.current)?.displayName).toBe(DEVICE_NAME);
    expect(await keytar.findCredentials(made.service)).toHaveLength(1);

    expect(await made.client.invoke('session.signOut', {})).toEqual({ ok: true, value: null });
  });

  it('signs the other sessions of a single sign-on account out, confirmed at the identity provider', async () => {
    // The "browser": the sign-in page, or the server's confirmation page for user-interactive auth.
    let confirmed: Promise<void> | undefined;
    const browserFor = (login: string) => async (url: string) => {
      const page = await newPage();
      if (new URL(url).pathname.endsWith('/auth/m.login.sso/fallback/web')) confirmed = confirmAtIdp(page, url, login);
      else void signInAtIdp(page, url, login);
    };
    const first = boot({ browser: browserFor('hedy') });
    const second = boot({ browser: browserFor('hedy') });
    for (const made of [first, second]) {
      expect(await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId })).toMatchObject({ ok: true });
    }
    // The account has no password: the server asks for single sign-on only (the dialog offers just that).
    expect(await first.client.invoke('devices.confirmMethods', {})).toEqual({ ok: true, value: { password: false, sso: true } });

    const result = await first.client.invoke('devices.signOutOthersSso', {});
    expect(result).toEqual({ ok: true, value: { signedOut: 1 } });
    await confirmed;
    const fallback = new URL(first.opened.at(-1) ?? '');
    expect(fallback.pathname).toBe('/_matrix/client/v3/auth/m.login.sso/fallback/web');
    expect(fallback.searchParams.get('session')).toBeTruthy();
    const listed = await first.client.invoke('devices.list', {});
    expect(listed.ok && listed.value.devices.map((device) => device.current)).toEqual([true]);
    // The other core learns at its next sync that its device is gone, and ends its session cleanly.
    await expect.poll(() => second.sessions.at(-1), SLOW).toEqual({ state: 'signedOut', reason: 'sessionEnded' });
    expect(await keytar.findCredentials(second.service)).toEqual([]);
  });

  it('stops waiting for a single sign-on confirmation when cancelled, signing nobody out', async () => {
    // The browser opens the confirmation page, and nobody confirms.
    const signInOnly = async (url: string) => {
      if (!new URL(url).pathname.endsWith('/fallback/web')) void signInAtIdp(await newPage(), url, 'ida');
    };
    const first = boot({ browser: signInOnly });
    const second = boot({ browser: signInOnly });
    for (const made of [first, second]) {
      expect(await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId })).toMatchObject({ ok: true });
    }
    const pending = first.client.invoke('devices.signOutOthersSso', {});
    await expect.poll(() => first.opened.some((url) => url.includes('/fallback/web')), SLOW).toBe(true);
    expect(await first.client.invoke('session.cancelSso', {})).toEqual({ ok: true, value: null });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'SSO_CANCELLED' } });
    const listed = await first.client.invoke('devices.list', {});
    expect(listed.ok && listed.value.devices).toHaveLength(2);
  });

  it('lets the server choose when no provider is named', async () => {
    const made = boot({ browser: async (url) => void signInAtIdp(await newPage(), url, 'grace') });
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: null });
    expect(result).toEqual({ ok: true, value: { userId: '@grace:localhost' } });
    expect(new URL(made.opened[0] ?? '').pathname).toBe('/_matrix/client/v3/login/sso/redirect');
  });

  it('waits on when the person gives up at the identity provider, and ends with a clear cancel', async () => {
    let idpPage: Page | undefined;
    const made = boot({
      browser: async (url) => {
        idpPage = await newPage();
        void cancelAtIdp(idpPage, url);
      },
    });
    const pending = made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId });
    // The provider sends the browser back to Synapse with access_denied; Synapse shows its error page
    // and never reaches Plenum, so Plenum can only keep waiting until the person cancels here.
    await expect.poll(async () => (await idpPage?.locator('body').textContent().catch(() => '')) ?? '', SLOW).toContain('access_denied');
    expect(made.sessions.at(-1)).toMatchObject({ state: 'signingIn', awaitingBrowser: true });
    const loopback = loopbackOf(made.opened[0] ?? '');

    expect(await made.client.invoke('session.cancelSso', {})).toEqual({ ok: true, value: null });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'SSO_CANCELLED' } });
    expect(made.sessions.at(-1)).toEqual({ state: 'signedOut' });
    expect(await refusesConnections(loopback)).toBe(true);
    expect(await keytar.findCredentials(made.service)).toEqual([]);
  });

  it('never uses a login token that comes back with another state, and leaves it unspent', async () => {
    let stolenToken: string | null = null;
    const made = boot({
      browser: async (url) => {
        const page = await newPage();
        // Something between the browser and Plenum rewrites the answer's state: the token is real.
        await page.route(`${loopbackOf(url).origin}/**`, async (route) => {
          const answer = new URL(route.request().url());
          stolenToken = answer.searchParams.get('loginToken');
          answer.searchParams.set('state', 'not-the-state-plenum-made');
          await route.continue({ url: answer.href });
        });
        void signInAtIdp(page, url, 'mallory');
      },
    });
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSO_STATE_MISMATCH' } });
    expect(made.sessions.at(-1)).toEqual({ state: 'signedOut' });
    expect(await keytar.findCredentials(made.service)).toEqual([]);
    // Plenum did not spend it: the one-time token still logs in (here, by the test, to prove it).
    expect(stolenToken).toBeTruthy();
    const login = await fetch(`${rig.synapse.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'm.login.token', token: stolenToken }),
    });
    expect(login.status).toBe(200);
  });

  it('stops waiting after the timeout and says so', async () => {
    const made = boot({ ssoTimeoutMs: 1500 });
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSO_TIMEOUT' } });
    expect(awaitingBrowser(made)).toBe(true);
    expect(made.sessions.at(-1)).toEqual({ state: 'signedOut' });
    expect(await refusesConnections(loopbackOf(made.opened[0] ?? ''))).toBe(true);
  });

  it('says so when no browser can be opened, without listening on', async () => {
    const made = boot({ noBrowser: true });
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId });
    expect(result).toMatchObject({ ok: false, error: { code: 'BROWSER_UNAVAILABLE' } });
    expect(made.sessions.at(-1)).toEqual({ state: 'signedOut' });
  });

  it('refuses an identity provider the server does not offer, before any browser opens', async () => {
    const made = boot();
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: 'oidc-elsewhere' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(made.opened).toEqual([]);
  });

  it('keeps the organisation’s server: single sign-on elsewhere is refused before any browser opens', async () => {
    const made = boot({ policy: { HomeserverUrl: 'https://matrix.ministry.example' } });
    const result = await made.client.invoke('session.signInSso', { homeserver: rig.synapse.baseUrl, identityProvider: rig.idpId });
    expect(result.ok).toBe(false);
    expect(made.opened).toEqual([]);
  });

  it('with ForceSso, refuses a password on a server that offers single sign-on', async () => {
    await rig.synapse.registerUser('linus', 'a long and correct password');
    const made = boot({ policy: { ForceSso: true } });
    const result = await made.client.invoke('session.signIn', { homeserver: rig.synapse.baseUrl, user: 'linus', password: 'a long and correct password' });
    expect(result).toMatchObject({ ok: false, error: { code: 'POLICY_LOCKED' } });
    expect(made.sessions).toEqual([]);
  });
});

describe('single sign-on where the server offers none', () => {
  let synapse: RunningSynapse;
  let made: BootedCore | undefined;
  beforeAll(async () => {
    assertKeyringAvailable();
    synapse = await startSynapse();
  });
  afterAll(async () => {
    await made?.dispose();
    await synapse?.stop();
  });

  it('says the server has no single sign-on, and never opens a browser', async () => {
    made = bootCore();
    const found = await made.client.invoke('session.discover', { input: synapse.baseUrl });
    expect(found).toMatchObject({ ok: true, value: { login: { password: true, sso: null, oauth: false } } });
    const result = await made.client.invoke('session.signInSso', { homeserver: synapse.baseUrl, identityProvider: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_LOGIN_FLOW' } });
    expect(made.opened).toEqual([]);
    expect(made.sessions.at(-1)).toEqual({ state: 'signedOut' });
  });
});

describe('a server that only offers OAuth 2.0 sign-in (Matrix 1.15, MSC3861)', () => {
  let delegated: { synapse: RunningSynapse; stop(): Promise<void> };
  let made: BootedCore | undefined;
  beforeAll(async () => {
    assertKeyringAvailable();
    delegated = await startOAuthDelegatedSynapse();
  });
  afterAll(async () => {
    await made?.dispose();
    await delegated?.stop();
  });

  it('is recognised and explained, by discovery and by either way of signing in', async () => {
    made = bootCore();
    const baseUrl = delegated.synapse.baseUrl;
    expect(await made.client.invoke('session.discover', { input: baseUrl })).toMatchObject({ ok: false, error: { code: 'OAUTH_NOT_SUPPORTED' } });
    expect(await made.client.invoke('session.signIn', { homeserver: baseUrl, user: 'ada', password: 'whatever it is' })).toMatchObject({
      ok: false,
      error: { code: 'OAUTH_NOT_SUPPORTED' },
    });
    expect(await made.client.invoke('session.signInSso', { homeserver: baseUrl, identityProvider: null })).toMatchObject({
      ok: false,
      error: { code: 'OAUTH_NOT_SUPPORTED' },
    });
    expect(made.opened).toEqual([]);
  });
});
