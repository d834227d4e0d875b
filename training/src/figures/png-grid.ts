/**
 * Image grids as PNG: n greyscale images (for example MNIST samples or reconstructions) laid out in
 * rows, each pixel upscaled by an integer factor with nearest-neighbour so that pixels stay crisp.
 */
import { PNG } from 'pngjs';
import { gridSize, tileOrigin } from '@bounded-rationality/core/images/raster.ts';

export interface ImageGridOptions {
  /** n images of height × width pixels, row-major, one after another; values in [0, 1], 0 black. */
  images: Float32Array;
  /** Number of images. */
  n: number;
  /** Image height, source pixels. */
  height: number;
  /** Image width, source pixels. */
  width: number;
  /** Images per row of the grid; the last row may be partly empty. */
  columns: number;
  /** Integer upscaling factor, nearest neighbour; default 1. */
  scale?: number;
  /** Space between neighbouring images, output pixels (none around the outside); default 2. */
  padding?: number;
  /**
   * Colour of the padding and of empty cells: a grey level in [0, 1] (written as an opaque greyscale
   * PNG), or 'transparent' (default; greyscale with alpha), which lets the page's background show
   * through in either colour scheme.
   */
  background?: number | 'transparent';
  /** Draw 1 − value, for dark ink on a light ground. */
  invert?: boolean;
}

/** Values may stray this far outside [0, 1] (float rounding in a sigmoid) and are clamped. */
const TOLERANCE = 1e-6;

/**
 * The grid as an 8-bit PNG file, laid out as the site's demos lay out theirs (site/lib/demo/raster.ts,
 * with tiles of height·scale × width·scale): image k sits in grid row ⌊k / columns⌋ and column
 * k mod columns, and its source pixel (r, c) covers the scale × scale block at (r·scale, c·scale)
 * from the tile's origin.
 *
 * @throws if a size is not a positive integer, `images` does not hold n·height·width values, or a
 *   value is not finite or lies outside [0, 1] (the message names the image and pixel).
 */
export function imageGridPng(options: ImageGridOptions): Buffer {
  const { images, n, height, width, invert = false } = options;
  const scale = options.scale ?? 1;
  const padding = options.padding ?? 2;
  const background = options.background ?? 'transparent';
  validate(options, scale, padding, background);

  const { columns } = options;
  const tileH = height * scale;
  const tileW = width * scale;
  const { width: outW, height: outH } = gridSize(n, tileH, tileW, columns, padding);
  const alpha = background === 'transparent';
  const channels = alpha ? 2 : 1;
  const data = Buffer.alloc(outW * outH * channels, alpha ? 0 : toByte(background));

  const pixels = height * width;
  for (let k = 0; k < n; k++) {
    const { x: left, y: top } = tileOrigin(k, tileH, tileW, columns, padding);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const value = Math.min(1, Math.max(0, images[k * pixels + r * width + c]!));
        const grey = toByte(invert ? 1 - value : value);
        for (let dy = 0; dy < scale; dy++) {
          let at = ((top + r * scale + dy) * outW + left + c * scale) * channels;
          for (let dx = 0; dx < scale; dx++, at += channels) {
            data[at] = grey;
            if (alpha) data[at + 1] = 255;
          }
        }
      }
    }
  }

  const png = new PNG({ width: outW, height: outH });
  png.data = data;
  const colorType = alpha ? 4 : 0;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: alpha });
}

/** A value in [0, 1] as a byte, rounded to nearest. */
function toByte(value: number): number {
  return Math.round(value * 255);
}

function validate(options: ImageGridOptions, scale: number, padding: number, background: number | 'transparent'): void {
  const { images, n, height, width, columns } = options;
  const counts = { n, height, width, columns, scale } as const;
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`imageGridPng: ${name} must be a positive integer; got ${value}.`);
  }
  if (!Number.isInteger(padding) || padding < 0) {
    throw new Error(`imageGridPng: padding must be a non-negative integer number of pixels; got ${padding}.`);
  }
  if (background !== 'transparent' && !(background >= 0 && background <= 1)) {
    throw new Error(`imageGridPng: background must be a grey level in [0, 1] or 'transparent'; got ${background}.`);
  }
  if (images.length !== n * height * width) {
    throw new Error(
      `imageGridPng: images holds ${images.length} values, but n × height × width = ${n} × ${height} × ${width} = ${n * height * width}.`,
    );
  }
  for (let i = 0; i < images.length; i++) {
    const v = images[i]!;
    if (!(v >= -TOLERANCE && v <= 1 + TOLERANCE)) {
      const k = Math.floor(i / (height * width));
      const r = Math.floor((i % (height * width)) / width);
      throw new Error(
        `imageGridPng: image ${k}, pixel (row ${r}, column ${i % width}) is ${v}; values must be finite and in [0, 1].`,
      );
    }
  }
}
