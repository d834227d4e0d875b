/**
 * The one bilinear resampler behind rotation, translation, scale and shear. Each output pixel is
 * read from where the inverse map sends it in the input, interpolating between the four pixels
 * around that point, with everything outside the image read as 0 (no ink). Pulling from the input
 * (rather than pushing input pixels forward) leaves no holes, and a map that lands exactly on pixel
 * centres (the identity, a whole-pixel translation) copies values exactly; a 90° turn does to within
 * rounding, as cos 90° is 6·10⁻¹⁷ in floating point.
 *
 * The map is the same for every image in a batch, so its four source pixels and weights are worked
 * out once per output pixel and then applied to all n images.
 */

import { CENTRE, PIXELS, SIDE, checkImages } from './batch.ts';

/**
 * An inverse affine map in coordinates about the image centre: an output pixel at (x, y), where
 * x = column − 13.5 and y = row − 13.5 (y grows downwards, as rows do), is read from the input at
 *
 *   x_in = xx·x + xy·y + tx,   y_in = yx·x + yy·y + ty   (same coordinates, pixels).
 */
export interface InverseMap {
  xx: number;
  xy: number;
  yx: number;
  yy: number;
  tx: number;
  ty: number;
}

/**
 * Resamples n images (n × 784, values in [0, 1]) through `map`, the inverse of the wanted
 * transform. Returns a new n × 784 array; the input is not changed.
 */
export function resampleAffine(images: Float32Array, n: number, map: InverseMap): Float32Array {
  checkImages(images, n);
  for (const [name, value] of Object.entries(map)) {
    if (!Number.isFinite(value)) throw new Error(`inverse map: ${name} must be finite, got ${value}`);
  }

  // For each output pixel, its four source pixels (index into one image) and their weights; a source
  // pixel outside the image gets weight 0 and index 0, so the loop over images needs no bounds test.
  const source = new Int32Array(4 * PIXELS);
  const weight = new Float64Array(4 * PIXELS);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const x = c - CENTRE;
      const y = r - CENTRE;
      const column = map.xx * x + map.xy * y + map.tx + CENTRE;
      const row = map.yx * x + map.yy * y + map.ty + CENTRE;
      const c0 = Math.floor(column);
      const r0 = Math.floor(row);
      const fx = column - c0;
      const fy = row - r0;
      const at = 4 * (r * SIDE + c);
      const corners: [number, number, number][] = [
        [r0, c0, (1 - fx) * (1 - fy)],
        [r0, c0 + 1, fx * (1 - fy)],
        [r0 + 1, c0, (1 - fx) * fy],
        [r0 + 1, c0 + 1, fx * fy],
      ];
      corners.forEach(([rr, cc, w], j) => {
        const inside = rr >= 0 && rr < SIDE && cc >= 0 && cc < SIDE;
        source[at + j] = inside ? rr * SIDE + cc : 0;
        weight[at + j] = inside ? w : 0;
      });
    }
  }

  const out = new Float32Array(images.length);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      const at = 4 * p;
      out[base + p] =
        weight[at]! * images[base + source[at]!]! +
        weight[at + 1]! * images[base + source[at + 1]!]! +
        weight[at + 2]! * images[base + source[at + 2]!]! +
        weight[at + 3]! * images[base + source[at + 3]!]!;
    }
  }
  return out;
}
