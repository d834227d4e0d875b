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

/**
 * Blurs every image with a Gaussian of standard deviation `sigma` pixels (≥ 0; 0 is the identity).
 * Each pass spreads every non-zero pixel over its row (then column) neighbours, so the cost grows
 * with the ink, not the frame: most of a digit is background.
 */
export function gaussianBlur(images: Float32Array, n: number, sigma: number): Float32Array {
  checkImages(images, n);
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const out = new Float32Array(images.length);
  const rows = new Float64Array(PIXELS);
  const both = new Float64Array(PIXELS);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    rows.fill(0);
    both.fill(0);
    // Along each row; a tap that would land outside the image is dropped (zero padding).
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const v = images[base + r * SIDE + c]!;
        if (v === 0) continue;
        const from = Math.max(-radius, -c);
        const to = Math.min(radius, SIDE - 1 - c);
        for (let j = from; j <= to; j++) rows[r * SIDE + c + j]! += kernel[j + radius]! * v;
      }
    }
    // Then along each column of the row-blurred image.
    for (let r = 0; r < SIDE; r++) {
      const from = Math.max(-radius, -r);
      const to = Math.min(radius, SIDE - 1 - r);
      for (let c = 0; c < SIDE; c++) {
        const v = rows[r * SIDE + c]!;
        if (v === 0) continue;
        for (let j = from; j <= to; j++) both[(r + j) * SIDE + c]! += kernel[j + radius]! * v;
      }
    }
    out.set(both, base);
  }
  return out;
}
