/**
 * The geometric shifts: each is one inverse map for the shared bilinear resampler (affine.ts).
 * Coordinates are pixels about the image centre (13.5, 13.5), x to the right and y downwards (as
 * rows go); each doc comment says where a point goes, and the map given is its inverse.
 */

import { resampleAffine } from './affine.ts';
import { checkFinite } from './batch.ts';

/**
 * Turns every image by `degrees` about its centre, counter-clockwise as seen on the screen (the
 * convention of scipy.ndimage.rotate and PIL). A point at (x, y) goes to
 * (x cos θ + y sin θ, −x sin θ + y cos θ); at 90° the pixel at (row r, column c) goes to
 * (row 27 − c, column r). Corners that turn in from outside the image are 0.
 */
export function rotate(images: Float32Array, n: number, degrees: number): Float32Array {
  checkFinite('rotation (degrees)', degrees);
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  // The inverse turns by −θ.
  return resampleAffine(images, n, { xx: cos, xy: -sin, yx: sin, yy: cos, tx: 0, ty: 0 });
}

/**
 * Moves every image `dx` pixels to the right and `dy` pixels down (negative: left, up); fractions
 * of a pixel spread a pixel's value over its neighbours. What moves out of the frame is lost, and
 * what comes in is 0.
 */
export function translate(images: Float32Array, n: number, dx: number, dy: number): Float32Array {
  checkFinite('translation dx (pixels)', dx);
  checkFinite('translation dy (pixels)', dy);
  return resampleAffine(images, n, { xx: 1, xy: 0, yx: 0, yy: 1, tx: -dx, ty: -dy });
}

/**
 * Zooms every image by `factor` about its centre: a point at distance d from the centre goes to
 * distance factor · d. Above 1 the digit grows (and may leave the frame), below 1 it shrinks.
 */
export function scale(images: Float32Array, n: number, factor: number): Float32Array {
  checkFinite('scale factor', factor);
  if (!(factor > 0)) throw new Error(`scale factor must be positive, got ${factor}`);
  return resampleAffine(images, n, { xx: 1 / factor, xy: 0, yx: 0, yy: 1 / factor, tx: 0, ty: 0 });
}

/**
 * Shears every image horizontally by `factor` about its centre row: the row at y pixels below the
 * centre moves −factor · y pixels to the right, so with a positive factor the rows above the centre
 * move right and the rows below move left, and the digit leans forward like italics (the shear
 * [[1, factor], [0, 1]] with y pointing up). The centre row stays put.
 */
export function shear(images: Float32Array, n: number, factor: number): Float32Array {
  checkFinite('shear factor', factor);
  return resampleAffine(images, n, { xx: 1, xy: factor, yx: 0, yy: 1, tx: 0, ty: 0 });
}
