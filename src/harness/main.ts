/**
 * `npm run dev:browser`: the whole app — the real core in Node plus the harness build of the
 * renderer — on 127.0.0.1, for an ordinary browser. Development only; never packaged.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../main/core/create-core.ts';
import { createConsoleLogger } from '../main/adapters/console-logger.ts';
import { createKeytarSecretStore } from '../main/adapters/keytar-secret-store.ts';
import { startHarness } from './harness-server.ts';

const { values } = parseArgs({
  options: {
    homeserver: { type: 'string' },
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: resolve(import.meta.dirname, 'renderer') },
    // Persistent by default, so restarting the harness resumes the session like the app does.
    'data-dir': { type: 'string', default: resolve(import.meta.dirname, '../../.cache/dev-browser') },
  },
});

const logger = createConsoleLogger('harness');
// A stray rejection (the SDK has had such bugs) must be logged, not end the developer's session.
process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { kind: reason instanceof Error ? reason.name : typeof reason }));
const core = createCore({
  secrets: createKeytarSecretStore('Plenum (dev harness)'),
  logger,
  app: {
    version: process.env.npm_package_version ?? 'dev',
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    deviceDisplayName: `Plenum (browser harness) on ${hostname()}`,
    ...(values.homeserver ? { defaultHomeserver: values.homeserver } : {}),
  },
  dataDir: values['data-dir'],
  // No system browser to hand single sign-on to from here: the developer opens the page themselves.
  openExternal: async (url) => {
    console.log(`\nSingle sign-on: open this URL in your browser to continue:\n\n  ${url}\n`);
    return true;
  },
});
const harness = await startHarness({ core, logger, rendererDir: values.renderer, port: Number(values.port) });
core.start().catch(() => logger.error('resuming the stored session failed'));

console.log(`\nPlenum is running for your browser. Open this URL (it works once):\n\n  ${harness.url}\n`);

const stop = async (): Promise<void> => {
  await harness.close();
  await core.dispose();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
