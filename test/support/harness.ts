import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createExternalOpener } from '../../src/main/adapters/electron-external-opener.ts';
import { createKeytarSecretStore } from '../../src/main/adapters/keytar-secret-store.ts';
import { createCore, type Core, type UpdateSource } from '../../src/main/core/create-core.ts';
import { recordedPolicySource } from '../../src/main/core/policy/policy-sources.ts';
import type { Logger, NotificationDecision, NotificationRequest, SecretStore } from '../../src/main/core/ports.ts';
import { startHarness, type Harness } from '../../src/harness/harness-server.ts';
import { testCryptoDir } from './crypto-dir.ts';

export const HARNESS_RENDERER_DIR = resolve(import.meta.dirname, '../../out/harness/renderer');

/** The harness's notification surface: what the OS would have been asked to show, and every decision. */
export interface RecordedNotifications {
  readonly shown: NotificationRequest[];
  readonly decisions: NotificationDecision[];
  readonly cleared: string[];
}

export interface RunningHarness {
  readonly harness: Harness;
  readonly core: Core;
  readonly logs: string[];
  readonly notifications: RecordedNotifications;
  stop(): Promise<void>;
}

/** The real core plus the harness build of the renderer, served on loopback for Chromium. */
export interface TestHarnessOptions {
  readonly defaultHomeserver?: string;
  readonly keychainService: string;
  /** Wraps the real keychain, e.g. to lock it; default: keytar as it is. */
  readonly secrets?: (real: SecretStore) => SecretStore;
  /** An existing data directory (a "restart"); it is then left in place by stop(). */
  readonly dataDir?: string;
  /** Report the desktop integration (tray, start at login, proxy) as present, as the Electron app does. */
  readonly desktop?: boolean;
  /** The organisation's policy, as recorded values (what the registry or /etc/plenum/policy.json would hold). */
  readonly policy?: Readonly<Record<string, unknown>>;
  /** The "system browser": gets every URL the app's external-link gate lets through (single sign-on's page, say). */
  readonly systemBrowser?: (url: string) => Promise<void>;
  /** How long single sign-on waits for the browser. */
  readonly ssoTimeoutMs?: number;
  /** Main's automatic updates (a real update flow over a fake updater, say); without: "unsupported", as in a browser. */
  readonly updates?: UpdateSource;
}

export async function startTestHarness(options: TestHarnessOptions): Promise<RunningHarness> {
  if (!existsSync(resolve(HARNESS_RENDERER_DIR, 'index.html'))) {
    throw new Error('The harness renderer is not built. Run `npm run build:harness` (npm test does this first).');
  }
  const logs: string[] = [];
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plenum-harness-'));
  const record =
    (level: string) =>
    (message: string, fields?: object): void => {
      logs.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
    };
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  const notifications: RecordedNotifications = { shown: [], decisions: [], cleared: [] };
  const core = createCore({
    secrets: (options.secrets ?? ((real) => real))(createKeytarSecretStore(options.keychainService)),
    logger,
    app: {
      version: 'test',
      locale: 'en',
      deviceDisplayName: 'Plenum e2e',
      ...(options.desktop ? { desktop: true } : {}),
      ...(options.defaultHomeserver ? { defaultHomeserver: options.defaultHomeserver } : {}),
    },
    dataDir,
    cryptoDir: testCryptoDir(),
    ...(options.systemBrowser ? { openExternal: (url: string) => createExternalOpener({ openExternal: options.systemBrowser! }, logger).open(url) } : {}),
    ...(options.ssoTimeoutMs ? { ssoTimeoutMs: options.ssoTimeoutMs } : {}),
    ...(options.policy ? { policySources: [recordedPolicySource('test policy', options.policy)] } : {}),
    notifier: {
      show: (request) => void notifications.shown.push(request),
      clear: (roomId) => void notifications.cleared.push(roomId),
      recordDecision: (decision) => void notifications.decisions.push(decision),
    },
  });
  if (options.updates) core.attachUpdates(options.updates);
  const harness = await startHarness({ core, logger, rendererDir: HARNESS_RENDERER_DIR });
  await core.start();
  return {
    harness,
    core,
    logs,
    notifications,
    async stop() {
      await harness.close();
      await core.dispose();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
