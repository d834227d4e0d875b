/**
 * What every shift takes: n greyscale 28 × 28 digits in one Float32Array (image-major, then
 * row-major, values in [0, 1], 1 = ink), and a parameter in natural units. The checks live here
 * once so that every shift rejects the same bad input with the same message, naming the value.
 */

import { MNIST_SIDE } from '../mnist/preprocess.ts';

/** Side of one image, pixels. */
export const SIDE = MNIST_SIDE;
/** Values in one image. */
export const PIXELS = SIDE * SIDE;
/**
 * The centre of the image in pixel coordinates (column, row): pixel (r, c) sits at (c, r), so the
 * centre of a 28-pixel side is between pixels 13 and 14. Rotation, scale and shear keep it fixed.
 */
export const CENTRE = (SIDE - 1) / 2;

/**
 * Throws unless `images` holds exactly `n` images of 28 × 28 values, each finite and in [0, 1]
 * (the image and pixel of a bad value are named: a NaN would otherwise spread through a blur).
 */
export function checkImages(images: Float32Array, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be an integer ≥ 0, got ${n}`);
  if (images.length % PIXELS !== 0) {
    throw new Error(`images has ${images.length} values, not a multiple of ${SIDE} × ${SIDE} = ${PIXELS}`);
  }
  if (images.length !== n * PIXELS) {
    throw new Error(`images has ${images.length} values (${images.length / PIXELS} images), but n is ${n}`);
  }
  for (let i = 0; i < images.length; i++) {
    const v = images[i]!;
    // Written so that NaN fails too.
    if (!(v >= 0 && v <= 1)) {
      const k = Math.floor(i / PIXELS);
      const p = i - k * PIXELS;
      throw new Error(`image ${k}, pixel (row ${Math.floor(p / SIDE)}, column ${p % SIDE}) is ${v}, not in [0, 1]`);
    }
  }
}

/** Throws unless `value` is a finite number (a slider or a config file can hand over NaN). */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${name} must be a finite number, got ${value}`);
}
