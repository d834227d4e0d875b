/**
 * Additive Gaussian noise, clipped back to [0, 1] (as MNIST-C's gaussian_noise). The noise is
 * seeded, so a figure, a table and the page's slider show the same corrupted digits. Each image
 * draws from its own stream, derived from the seed and the image's position in the batch, so its
 * noise does not depend on the other images' content or on how many come after it.
 */

import { standardNormals } from '../random.ts';
import { PIXELS, checkFinite, checkImages } from './batch.ts';

/**
 * Adds independent N(0, sd²) noise to every pixel, then clips to [0, 1].
 *
 * @param sd standard deviation of the noise, in pixel-value units (≥ 0; 0 leaves the images as they are).
 * @param seed an integer in [0, 2³²): the same seed gives the same noise, pixel for pixel.
 */
export function gaussianNoise(images: Float32Array, n: number, sd: number, seed: number): Float32Array {
  return addNoise(images, n, sd, noiseField(n, seed));
}

/**
 * The standard-normal draws behind gaussianNoise: n × 784 values, image k's from the stream of
 * (seed, k). Drawing them is most of the work, and they do not depend on sd, so a slider that only
 * changes sd can draw once and call addNoise on every move.
 */
export function noiseField(n: number, seed: number): Float32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be an integer ≥ 0, got ${n}`);
  checkSeed(seed);
  const field = new Float32Array(n * PIXELS);
  for (let k = 0; k < n; k++) field.set(standardNormals(PIXELS, imageUniform(seed, k)), k * PIXELS);
  return field;
}

/** The images plus sd × `field` (from noiseField, one value per pixel), clipped to [0, 1]. */
export function addNoise(images: Float32Array, n: number, sd: number, field: Float32Array): Float32Array {
  checkImages(images, n);
  checkFinite('noise standard deviation', sd);
  if (sd < 0) throw new Error(`noise standard deviation must be ≥ 0, got ${sd}`);
  if (field.length !== images.length) {
    throw new Error(`the noise field has ${field.length} values for ${images.length} pixels`);
  }
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = Math.min(1, Math.max(0, images[i]! + sd * field[i]!));
  return out;
}

/** Throws unless `seed` is an integer in [0, 2³²). */
export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

/**
 * Uniforms in [0, 1) for image `k` of a batch: mulberry32 (small, fast, plenty for pixel noise),
 * started from the seed and k mixed by murmur3's finaliser, so that neighbouring seeds and
 * neighbouring images get unrelated streams. core/src/random.ts has no seeded source; this one
 * feeds its Box–Muller.
 */
function imageUniform(seed: number, k: number): () => number {
  let state = fmix32(seed ^ fmix32(k + 1));
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's 32-bit finaliser: every input bit flips about half the output bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
