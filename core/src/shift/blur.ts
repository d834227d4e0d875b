/**
 * Gaussian blur, as a separable filter: a 1-D kernel along the rows, then the same along the
 * columns, which is the 2-D Gaussian at 2(2R + 1) taps a pixel instead of (2R + 1)². Outside the
 * image is 0 (zero padding), so ink near the border is spread partly out of the frame and lost,
 * while a digit in the middle keeps its total ink.
 */

import { PIXELS, SIDE, checkFinite, checkImages } from './batch.ts';

/**
 * The sampled, normalised Gaussian kernel exp(−k² / 2σ²) / Σ for k = −R … R, R = ⌈4σ⌉ (beyond 4σ
 * lies 6·10⁻⁵ of the mass, so the blurred second moment stays within 0.1% of σ²), at most 27: no
 * tap further than the image is wide can reach a pixel. σ = 0 gives the single tap [1].
 * The sampled kernel's variance is close to σ² from σ ≈ 1; below that it is narrower (at σ = 0.5,
 * 0.21 instead of 0.25), as every sampled Gaussian is.
 */
export function gaussianKernel(sigma: number): Float64Array {
  checkFinite('blur sigma', sigma);
  if (sigma < 0) throw new Error(`blur sigma must be ≥ 0 pixels, got ${sigma}`);
  if (sigma === 0) return Float64Array.of(1);
  const radius = Math.min(SIDE - 1, Math.ceil(4 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel[k + radius] = w;
    total += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= total;
  return kernel;
}

/** Blurs every image with a Gaussian of standard deviation `sigma` pixels (≥ 0; 0 is the identity). */
export function gaussianBlur(images: Float32Array, n: number, sigma: number): Float32Array {
  checkImages(images, n);
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const out = new Float32Array(images.length);
  const rows = new Float64Array(PIXELS);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    // Along each row: taps that would fall outside the image read 0, so they are skipped.
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        let s = 0;
        const from = Math.max(-radius, -c);
        const to = Math.min(radius, SIDE - 1 - c);
        for (let j = from; j <= to; j++) s += kernel[j + radius]! * images[base + r * SIDE + c + j]!;
        rows[r * SIDE + c] = s;
      }
    }
    // Then along each column of the row-blurred image.
    for (let r = 0; r < SIDE; r++) {
      const from = Math.max(-radius, -r);
      const to = Math.min(radius, SIDE - 1 - r);
      for (let c = 0; c < SIDE; c++) {
        let s = 0;
        for (let j = from; j <= to; j++) s += kernel[j + radius]! * rows[(r + j) * SIDE + c]!;
        out[base + r * SIDE + c] = s;
      }
    }
  }
  return out;
}
