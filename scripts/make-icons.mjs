#!/usr/bin/env node
// Rasterises the icon sources (build/icon.svg, build/icons/*.svg) to the PNGs the installers and the
// tray use, with the system Chromium (the Debian `chromium` package) driven by playwright-core.
// The PNGs are checked in; run this after changing an SVG:  ./scripts/npm exec -- node scripts/make-icons.mjs
// test/unit/build/icons.test.ts checks that every PNG exists with the right size and an alpha channel.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');

// The lookup of test/support/browser.ts (copied: this script is plain JavaScript and can't import TypeScript).
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium, or the binary named by PLENUM_CHROMIUM; a clear error when neither exists. */
function findChromium() {
  const override = process.env.PLENUM_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`PLENUM_CHROMIUM points to ${override}, which does not exist.`);
    return override;
  }
  const found = CANDIDATES.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      'Chromium is needed to render the icons. Install it with `sudo apt-get install chromium` ' +
        '(or set PLENUM_CHROMIUM to a Chromium/Chrome binary).',
    );
  }
  return found;
}

const APP_ICON = 'build/icon.svg';
/** The sizes electron-builder takes for Linux from a folder of `<n>x<n>.png` (and the hicolor theme uses). */
const APP_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

/** Every PNG written: its SVG source and its edge in pixels. */
const OUTPUTS = [
  ...APP_SIZES.map((size) => ({ file: `build/icons/${size}x${size}.png`, source: APP_ICON, size })),
  // electron-builder makes the .icns and .ico from this one.
  { file: 'build/icon.png', source: APP_ICON, size: 1024 },
  // macOS menu bar: template images (black and alpha only; macOS tints them). Electron picks @2x itself.
  { file: 'build/icons/trayTemplate.png', source: 'build/icons/tray.svg', size: 16 },
  { file: 'build/icons/trayTemplate@2x.png', source: 'build/icons/tray.svg', size: 32 },
  { file: 'build/icons/trayUnreadTemplate.png', source: 'build/icons/tray-unread.svg', size: 16 },
  { file: 'build/icons/trayUnreadTemplate@2x.png', source: 'build/icons/tray-unread.svg', size: 32 },
  // Windows notification area and Linux status icons: in colour, scaled down by the system as needed.
  { file: 'build/icons/tray.png', source: 'build/icons/tray-color.svg', size: 32 },
  { file: 'build/icons/tray-unread.png', source: 'build/icons/tray-color-unread.svg', size: 32 },
  // Windows taskbar overlay (BrowserWindow.setOverlayIcon) while there are unread messages.
  { file: 'build/icons/overlay-unread.png', source: 'build/icons/overlay-unread.svg', size: 16 },
];

/**
 * A page showing the SVG as an image of exactly `size` pixels. As an <img>, the SVG's own media
 * queries see that size, which is how build/icon.svg swaps in its pixel-fitted 16 px drawing.
 */
function pageFor(svg, size) {
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return (
    '<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}' +
    'img{display:block}</style></head>' +
    `<body><img src="${src}" width="${size}" height="${size}" alt=""></body></html>`
  );
}

const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-extensions'],
});
try {
  const context = await browser.newContext({ deviceScaleFactor: 1, viewport: { width: 1024, height: 1024 } });
  const page = await context.newPage();
  for (const { file, source, size } of OUTPUTS) {
    const svg = readFileSync(path.join(root, source), 'utf8');
    await page.setViewportSize({ width: size, height: size });
    // `load` waits for the image; a data: URL never touches the network.
    await page.setContent(pageFor(svg, size), { waitUntil: 'load' });
    const png = await page.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, png);
    console.log(`wrote ${file} (${size}×${size}, from ${source})`);
  }
} finally {
  await browser.close();
}
