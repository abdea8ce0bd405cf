/**
 * The icon PNGs are generated from the SVGs in build/ by scripts/make-icons.mjs and checked in. These
 * tests read each PNG's header (no image library needed) to check that every file the installers and
 * the tray use exists, at its exact size and with an alpha channel, and that electron-builder.yml
 * points at files that exist.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const REGENERATE = 'run `node scripts/make-icons.mjs` (./scripts/npm exec -- node scripts/make-icons.mjs) and check the PNGs in';

const APP_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
/** Every PNG scripts/make-icons.mjs writes, with its edge in pixels. */
const EXPECTED: readonly { readonly file: string; readonly size: number }[] = [
  ...APP_SIZES.map((size) => ({ file: `build/icons/${size}x${size}.png`, size })),
  { file: 'build/icon.png', size: 1024 },
  { file: 'build/icons/trayTemplate.png', size: 16 },
  { file: 'build/icons/trayTemplate@2x.png', size: 32 },
  { file: 'build/icons/trayUnreadTemplate.png', size: 16 },
  { file: 'build/icons/trayUnreadTemplate@2x.png', size: 32 },
  { file: 'build/icons/tray.png', size: 32 },
  { file: 'build/icons/tray-unread.png', size: 32 },
  { file: 'build/icons/overlay-unread.png', size: 16 },
];
const SOURCES = [
  'build/icon.svg',
  'build/icons/tray.svg',
  'build/icons/tray-unread.svg',
  'build/icons/tray-color.svg',
  'build/icons/tray-color-unread.svg',
  'build/icons/overlay-unread.svg',
];

interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** 4: greyscale with alpha, 6: RGBA (the two PNG colour types with an alpha channel). */
  readonly colourType: number;
  /** The alpha of the top-left pixel, 0–255 (8-bit images with an alpha channel only). */
  readonly cornerAlpha: number | null;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The IHDR fields of a PNG, and the top-left pixel's alpha from the image data. */
function readPng(file: string): PngHeader {
  const abs = path.join(root, file);
  if (!existsSync(abs)) throw new Error(`${file} is missing: ${REGENERATE}.`);
  const png = readFileSync(abs);
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error(`${file} is not a PNG: ${REGENERATE}.`);
  // The first chunk is always IHDR: length (4), type (4), then width, height, bit depth, colour type.
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${file} has no IHDR chunk first`);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitDepth = png[24]!;
  const colourType = png[25]!;

  // Each row of the image data starts with a filter byte. For the very first pixel every PNG filter
  // adds zero (there is no pixel to its left or above), so its bytes are stored as they are.
  let cornerAlpha: number | null = null;
  const channels = colourType === 6 ? 4 : colourType === 4 ? 2 : 0;
  if (bitDepth === 8 && channels > 0) {
    const idat: Buffer[] = [];
    for (let offset = 8; offset + 8 <= png.length; ) {
      const length = png.readUInt32BE(offset);
      const type = png.toString('latin1', offset + 4, offset + 8);
      if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
      if (type === 'IEND') break;
      offset += 12 + length;
    }
    const pixels = inflateSync(Buffer.concat(idat));
    cornerAlpha = pixels[channels]!; // pixels[0] is row 0's filter byte; alpha is the pixel's last channel.
  }
  return { width, height, bitDepth, colourType, cornerAlpha };
}

interface BuilderIcons {
  readonly icon?: string;
  readonly linux?: { readonly icon?: string };
  readonly mac?: { readonly icon?: string };
  readonly win?: { readonly icon?: string };
}
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderIcons;

describe('icons', () => {
  it('has the SVG sources the PNGs are made from', () => {
    for (const file of SOURCES) {
      expect(existsSync(path.join(root, file)), `${file} is missing`).toBe(true);
    }
  });

  it.each(EXPECTED)('$file is $size×$size with an alpha channel and a transparent corner', ({ file, size }) => {
    const png = readPng(file);
    expect({ width: png.width, height: png.height }, `${file}: wrong size, ${REGENERATE}`).toEqual({ width: size, height: size });
    expect([4, 6], `${file}: no alpha channel (colour type ${png.colourType}), ${REGENERATE}`).toContain(png.colourType);
    expect(png.bitDepth, file).toBe(8);
    // Rendered with a transparent background: a white corner means the background was not omitted.
    expect(png.cornerAlpha, `${file}: the top-left pixel is not transparent`).toBe(0);
  });

  it('gives electron-builder an app icon of at least 512 px, square', () => {
    expect(config.icon, 'electron-builder.yml sets no top-level icon').toBe('build/icon.png');
    const { width, height } = readPng(config.icon!);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(height).toBe(width);
  });

  it('points electron-builder only at icons that exist', () => {
    const paths = [config.icon, config.linux?.icon, config.mac?.icon, config.win?.icon].filter((p): p is string => p !== undefined);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const icon of paths) {
      // Relative to the build resources directory or to the project directory, as electron-builder resolves them.
      const found = [path.join(root, 'build', icon), path.join(root, icon)].some((p) => existsSync(p));
      expect(found, `electron-builder.yml names ${icon}, which does not exist: ${REGENERATE}`).toBe(true);
    }
  });

  it('gives Linux a folder of sized PNGs, each named for its size', () => {
    expect(config.linux?.icon, 'electron-builder.yml sets no linux.icon').toBe('build/icons');
    const dir = path.join(root, config.linux!.icon!);
    expect(existsSync(dir) && statSync(dir).isDirectory(), `${config.linux!.icon} is not a folder: ${REGENERATE}`).toBe(true);
    // electron-builder takes files named <n>x<n>.png (or <n>.png) from the folder and ignores the rest.
    const sized = readdirSync(dir).filter((name) => /^\d+(x\d+)?\.png$/i.test(name));
    expect(sized.map((name) => Number.parseInt(name, 10)).sort((a, b) => a - b)).toEqual(APP_SIZES);
    for (const name of sized) {
      const size = Number.parseInt(name, 10);
      const png = readPng(path.join(config.linux!.icon!, name));
      expect([png.width, png.height], name).toEqual([size, size]);
    }
  });
});
