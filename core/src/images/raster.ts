/**
 * Model outputs to canvas pixels, without the DOM: n images of pixel probabilities laid out in a
 * grid, each pixel blended from paper (p = 0) to ink (p = 1). The layout (tileOrigin, gridSize) is
 * also the one the training code's PNG figures use. The island wraps the result in an
 * ImageData (`new ImageData(data, width, height)`), puts it on a canvas of exactly that size, and
 * scales the canvas with CSS `image-rendering: pixelated` so the upscaled digits stay crisp.
 */

/** An RGBA raster: `data` is height × width × 4 bytes, row-major, straight (not premultiplied) alpha. */
export interface RgbaImage {
  data: Uint8ClampedArray<ArrayBuffer>;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

/** An sRGB colour, each channel an integer in [0, 255]. */
export type Rgb = [number, number, number];

export interface RasterOptions {
  /** Pixels between neighbouring tiles, left fully transparent (alpha 0). Default 0. */
  padding?: number;
  /** Colour at p = 1. Default white, as MNIST is drawn. */
  ink?: Rgb;
  /** Colour at p = 0. Default black. */
  paper?: Rgb;
}

/** Top-left corner, in output pixels, of tile `k` in a grid of `columns` tiles of height × width. */
export function tileOrigin(
  k: number,
  height: number,
  width: number,
  columns: number,
  padding = 0,
): { x: number; y: number } {
  return { x: (k % columns) * (width + padding), y: Math.floor(k / columns) * (height + padding) };
}

/**
 * Size in pixels of a grid of `n` tiles of height × width, `columns` to a row (fewer when n is
 * smaller), with `padding` pixels between neighbours and none around the outside.
 */
export function gridSize(
  n: number,
  height: number,
  width: number,
  columns: number,
  padding = 0,
): { width: number; height: number } {
  const cols = Math.min(columns, n);
  const rows = Math.ceil(n / columns);
  return { width: cols * width + (cols - 1) * padding, height: rows * height + (rows - 1) * padding };
}

/**
 * Lays out `n` images in a grid and colours them.
 *
 * @param images n × height × width probabilities in [0, 1], image-major then row-major.
 * @param n number of images (≥ 1).
 * @param height, width size of one image in pixels (≥ 1).
 * @param columns tiles per grid row (≥ 1); tile k sits at row ⌊k / columns⌋, column k mod columns.
 * @returns an RGBA raster of (min(columns, n)·width + (min(columns, n) − 1)·padding) ×
 *   (⌈n / columns⌉·height + (⌈n / columns⌉ − 1)·padding) pixels. Image pixels are opaque; padding
 *   and the unused cells of a last, partial row are transparent.
 * @throws on bad sizes or colours, and on a value outside [0, 1] or not finite (naming image and pixel).
 */
export function probabilitiesToRgba(
  images: Float32Array,
  n: number,
  height: number,
  width: number,
  columns: number,
  options: RasterOptions = {},
): RgbaImage {
  const { padding = 0, ink = [255, 255, 255], paper = [0, 0, 0] } = options;
  checkCount('n', n, 1);
  checkCount('height', height, 1);
  checkCount('width', width, 1);
  checkCount('columns', columns, 1);
  checkCount('padding', padding, 0);
  checkColour('ink', ink);
  checkColour('paper', paper);
  if (images.length !== n * height * width) {
    throw new Error(`images has ${images.length} values, expected n × height × width = ${n} × ${height} × ${width}`);
  }

  const { width: outWidth, height: outHeight } = gridSize(n, height, width, columns, padding);
  const data = new Uint8ClampedArray(outWidth * outHeight * 4);
  for (let k = 0; k < n; k++) {
    const origin = tileOrigin(k, height, width, columns, padding);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const p = images[(k * height + r) * width + c]!;
        // Written so that NaN fails too.
        if (!(p >= 0 && p <= 1)) {
          throw new Error(`image ${k}, pixel (row ${r}, column ${c}) is ${p}, not a probability in [0, 1]`);
        }
        const at = ((origin.y + r) * outWidth + origin.x + c) * 4;
        data[at] = Math.round(paper[0] + (ink[0] - paper[0]) * p);
        data[at + 1] = Math.round(paper[1] + (ink[1] - paper[1]) * p);
        data[at + 2] = Math.round(paper[2] + (ink[2] - paper[2]) * p);
        data[at + 3] = 255;
      }
    }
  }
  return { data, width: outWidth, height: outHeight };
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

function checkColour(name: string, colour: Rgb): void {
  if (colour.length !== 3 || !colour.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
    throw new Error(`${name} must be [r, g, b] with integers in [0, 255], got [${colour.join(', ')}]`);
  }
}
