import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium, or the binary named by PLENUM_CHROMIUM; a clear error when neither exists. */
export function findChromium(): string {
  const override = process.env.PLENUM_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`PLENUM_CHROMIUM points to ${override}, which does not exist.`);
    return override;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'Chromium is needed for the end-to-end tests. Install it with `sudo apt-get install chromium` ' +
        '(or set PLENUM_CHROMIUM to a Chromium/Chrome binary).',
    );
  }
  return found;
}

/** Headless Chromium with everything that would phone home switched off (this machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--metrics-recording-only',
    ],
  });
}
