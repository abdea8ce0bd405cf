/**
 * A real OpenID Connect provider for the single sign-on tests: panva's `oidc-provider` (certified
 * by the OpenID Foundation), with its development login and consent pages, which accept any login
 * name and make it the account (`sub` and `preferred_username`). Synapse is its one client, and
 * Synapse signs people in through it as an institution's identity provider would.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import type { Page } from 'playwright-core';
import { freePort, startSynapse, type RunningSynapse, type SynapseOptions } from './synapse.ts';

export interface RunningIdp {
  /** The issuer URL, e.g. http://127.0.0.1:40123 */
  readonly issuer: string;
  /** The display names the accounts get, by login name. */
  readonly displayNames: Map<string, string>;
  stop(): Promise<void>;
}

export interface IdpOptions {
  /** Where the provider may send people back to: Synapse's OIDC callback. */
  readonly redirectUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** More fields for its discovery document (what Matrix Authentication Service publishes beyond OIDC, say). */
  readonly discovery?: Readonly<Record<string, unknown>>;
}

export async function startIdp(options: IdpOptions): Promise<RunningIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const displayNames = new Map<string, string>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, name: displayNames.get(sub) ?? sub }),
    }),
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Fixed lifetimes (seconds): the provider's defaults work too, but announce themselves on every use.
    ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, Interaction: 3600, Session: 86400, Grant: 86400 },
    features: { devInteractions: { enabled: true } },
    ...(options.discovery ? { discovery: { ...options.discovery } } : {}),
  });
  // Its development keys and pages say so on the console once; nothing a test needs to read.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error));
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    issuer,
    displayNames,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SsoRig {
  readonly synapse: RunningSynapse;
  readonly idp: RunningIdp;
  /** The identity provider's id as Synapse lists it in `m.login.sso`. */
  readonly idpId: string;
  /** Its name as Synapse lists it. */
  readonly idpName: string;
  stop(): Promise<void>;
}

/**
 * Synapse with one OIDC identity provider, as an institution configures it: accounts are made on
 * first sign-in from the provider's `preferred_username`, display names from `name`.
 */
export async function startSsoRig(synapseOptions: SynapseOptions = {}): Promise<SsoRig> {
  const synapsePort = await freePort();
  const clientId = 'synapse';
  const clientSecret = randomBytes(24).toString('hex');
  const idp = await startIdp({ redirectUri: `http://127.0.0.1:${synapsePort}/_synapse/client/oidc/callback`, clientId, clientSecret });
  const idpName = 'Ministry Login';
  let synapse: RunningSynapse;
  try {
    synapse = await startSynapse({
      ...synapseOptions,
      port: synapsePort,
      extraConfig: {
        oidc_providers: [
          {
            idp_id: 'ministry',
            idp_name: idpName,
            issuer: idp.issuer,
            client_id: clientId,
            client_secret: clientSecret,
            scopes: ['openid', 'profile'],
            // Synapse insists on an https issuer unless told not to check; the test network is loopback http.
            skip_verification: true,
            // Profile claims come from the userinfo endpoint; a conformant provider leaves them out of the ID token.
            user_profile_method: 'userinfo_endpoint',
            user_mapping_provider: {
              config: { localpart_template: '{{ user.preferred_username }}', display_name_template: '{{ user.name }}' },
            },
          },
        ],
        ...synapseOptions.extraConfig,
      },
    });
  } catch (error) {
    await idp.stop();
    throw error;
  }
  return {
    synapse,
    idp,
    idpId: 'oidc-ministry',
    idpName,
    async stop() {
      await synapse.stop();
      await idp.stop();
    },
  };
}

/**
 * Goes through what a person sees after Plenum opened the SSO URL: the provider's login page (any
 * name, any password), its consent page, then Synapse's "Continue to your account" page, which
 * Synapse shows for every client not on its whitelist — as on most real deployments.
 */
export async function signInAtIdp(page: Page, ssoUrl: string, login: string): Promise<void> {
  // The provider's development pages pull a web font, which cannot load here; the DOM is enough.
  await page.goto(ssoUrl, { waitUntil: 'domcontentloaded' });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Continue' }).or(page.getByRole('button', { name: 'Continue' })).click();
}

/**
 * Confirms "it is you" on Synapse's user-interactive-auth fallback page for single sign-on: its
 * "Confirm it's you" page, then the provider's login and consent pages, then Synapse's thanks.
 */
export async function confirmAtIdp(page: Page, fallbackUrl: string, login: string): Promise<void> {
  await page.goto(fallbackUrl, { waitUntil: 'domcontentloaded' });
  await page.getByRole('link', { name: /Continue with/ }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
}

/** Gives up on the provider's login page, as someone who pressed "Cancel" there. */
export async function cancelAtIdp(page: Page, ssoUrl: string): Promise<void> {
  await page.goto(ssoUrl, { waitUntil: 'domcontentloaded' });
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
}

/**
 * Synapse that hands all sign-in to an OAuth 2.0 server, as with Matrix Authentication Service
 * (MSC3861, Matrix 1.15): it answers no /login and publishes the provider's metadata as its own.
 */
export async function startOAuthDelegatedSynapse(): Promise<{ synapse: RunningSynapse; stop(): Promise<void> }> {
  // MAS publishes an account page beside the OpenID fields; Synapse requires it.
  const idp = await startIdp({ redirectUri: 'http://127.0.0.1:9/unused', clientId: 'unused', clientSecret: randomBytes(16).toString('hex'), discovery: { account_management_uri: 'http://127.0.0.1:9/account' } });
  try {
    const synapse = await startSynapse({ extraConfig: { matrix_authentication_service: { enabled: true, endpoint: `${idp.issuer}/`, secret: randomBytes(24).toString('hex') } } });
    return {
      synapse,
      async stop() {
        await synapse.stop();
        await idp.stop();
      },
    };
  } catch (error) {
    await idp.stop();
    throw error;
  }
}
