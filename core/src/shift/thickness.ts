/**
 * Stroke thickness by greyscale morphology (as Morpho-MNIST thickens and thins digits): dilation
 * (each pixel takes the largest value within a disk around it) makes strokes thicker, erosion (the
 * smallest) makes them thinner, and a stroke narrower than the disk disappears. Outside the image
 * counts as 0, so erosion also eats ink at the very border; MNIST digits keep clear of it.
 *
 * Whole-pixel disks are coarse on a 28 × 28 digit (eroding a binarized MNIST digit by radius 1
 * already removes about two thirds of its ink), so a fractional radius blends the two whole radii
 * around it, as bilinear sampling blends whole-pixel moves: radius 1.25 is 0.75 × radius 1 plus
 * 0.25 × radius 2. The result is continuous in the radius, which a slider needs.
 */

import { PIXELS, SIDE, checkFinite, checkImages } from './batch.ts';

/**
 * The disk of whole radius r: the offsets (dy, dx) with dx² + dy² ≤ r², those of the disk of
 * radius r − 1 first. Radius 1 is the pixel and its four neighbours; a one-pixel line dilated by
 * radius r is 2r + 1 pixels wide.
 */
export function diskOffsets(r: number): [number, number][] {
  if (!Number.isInteger(r) || r < 0) throw new Error(`disk radius must be a whole number ≥ 0, got ${r}`);
  const offsets: [number, number][] = [];
  // From 0 − r, not −r, so that radius 0 gives [0, 0] rather than [−0, −0].
  for (let dy = 0 - r; dy <= r; dy++) {
    for (let dx = 0 - r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r) offsets.push([dy, dx]);
  }
  const ring = (o: [number, number]) => Math.ceil(Math.sqrt(o[0] * o[0] + o[1] * o[1]));
  return offsets.sort((a, b) => ring(a) - ring(b));
}

/**
 * Thickens (radius > 0: dilation) or thins (radius < 0: erosion) every image's strokes with a disk
 * of |radius| pixels, blending the whole radii ⌊|radius|⌋ and ⌊|radius|⌋ + 1 for a fraction; 0 leaves
 * the images as they are.
 */
export function strokeThickness(images: Float32Array, n: number, radius: number): Float32Array {
  checkImages(images, n);
  checkFinite('stroke thickness radius (pixels)', radius);
  const inner = Math.floor(Math.abs(radius));
  const blend = Math.abs(radius) - inner;
  // The outer disk is needed only for a fraction; it contains the inner one, so one pass over its
  // offsets (inner ones first) gives both results.
  const reach = blend > 0 ? inner + 1 : inner;
  const offsets = diskOffsets(reach);
  const innerCount = diskOffsets(inner).length;
  const dilate = radius > 0;

  // Each image is copied into a frame padded with `reach` zeros on every side, so that a disk offset
  // is a fixed step in the padded array and the inner loop needs no bounds test.
  const side = SIDE + 2 * reach;
  const padded = new Float32Array(side * side);
  const steps = Int32Array.from(offsets, ([dy, dx]) => dy * side + dx);
  const out = new Float32Array(images.length);
  for (let k = 0; k < n; k++) {
    const base = k * PIXELS;
    for (let r = 0; r < SIDE; r++) {
      padded.set(images.subarray(base + r * SIDE, base + (r + 1) * SIDE), (r + reach) * side + reach);
    }
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const centre = (r + reach) * side + c + reach;
        let near = padded[centre]!;
        let j = 1;
        if (dilate) for (; j < innerCount; j++) near = Math.max(near, padded[centre + steps[j]!]!);
        else for (; j < innerCount; j++) near = Math.min(near, padded[centre + steps[j]!]!);
        let far = near;
        if (dilate) for (; j < steps.length; j++) far = Math.max(far, padded[centre + steps[j]!]!);
        else for (; j < steps.length; j++) far = Math.min(far, padded[centre + steps[j]!]!);
        out[base + r * SIDE + c] = blend > 0 ? (1 - blend) * near + blend * far : near;
      }
    }
  }
  return out;
}
