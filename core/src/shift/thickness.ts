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
  const disk = paddedDisk(Math.abs(radius));
  const out = new Float32Array(images.length);
  const buffers = [0, 1].map(() => new Float32Array(disk.side * disk.side));
  for (let k = 0; k < n; k++) {
    const image = images.subarray(k * PIXELS, (k + 1) * PIXELS);
    const result = out.subarray(k * PIXELS, (k + 1) * PIXELS);
    if (radius > 0) dilate(image, result, disk, buffers[0]!, buffers[1]!);
    else erode(image, result, disk, buffers[0]!);
  }
  return out;
}

/**
 * A disk of fractional radius as steps in an image padded with `reach` zeros on every side, so that
 * an offset is a fixed step and the inner loops need no bounds test. The steps cover the outer
 * whole disk, the inner one's first (`innerCount` of them; steps[0] is the pixel itself); the
 * result is (1 − blend) × the inner disk's + blend × the outer's.
 */
interface PaddedDisk {
  steps: Int32Array;
  innerCount: number;
  blend: number;
  reach: number;
  /** Side of the padded image. */
  side: number;
}

function paddedDisk(radius: number): PaddedDisk {
  const inner = Math.floor(radius);
  const blend = radius - inner;
  // The outer disk is needed only for a fraction.
  const reach = blend > 0 ? inner + 1 : inner;
  const side = SIDE + 2 * reach;
  const steps = Int32Array.from(diskOffsets(reach), ([dy, dx]) => dy * side + dx);
  return { steps, innerCount: diskOffsets(inner).length, blend, reach, side };
}

/** Index in the padded image of pixel (r, c). */
const padded = (disk: PaddedDisk, r: number, c: number) => (r + disk.reach) * disk.side + c + disk.reach;

/**
 * The largest value within the disk, found by spreading each inked pixel over the disk around it
 * (the background, most of a digit, costs nothing): into `near` over the inner disk, into `far`
 * over the outer.
 */
function dilate(image: Float32Array, result: Float32Array, disk: PaddedDisk, near: Float32Array, far: Float32Array) {
  const { steps, innerCount, blend } = disk;
  near.fill(0);
  far.fill(0);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const v = image[r * SIDE + c]!;
      if (v === 0) continue;
      const centre = padded(disk, r, c);
      for (let j = 0; j < innerCount; j++) near[centre + steps[j]!] = Math.max(near[centre + steps[j]!]!, v);
      for (let j = 0; j < steps.length; j++) far[centre + steps[j]!] = Math.max(far[centre + steps[j]!]!, v);
    }
  }
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const at = padded(disk, r, c);
      result[r * SIDE + c] = blend > 0 ? (1 - blend) * near[at]! + blend * far[at]! : near[at]!;
    }
  }
}

/**
 * The smallest value within the disk, the frame counting as 0. Once a 0 is met the rest of the disk
 * cannot matter, so background pixels cost one look.
 */
function erode(image: Float32Array, result: Float32Array, disk: PaddedDisk, frame: Float32Array) {
  const { steps, innerCount, blend } = disk;
  // Only the interior is written: the zeros around it stay from one image to the next.
  for (let r = 0; r < SIDE; r++) frame.set(image.subarray(r * SIDE, (r + 1) * SIDE), padded(disk, r, 0));
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const centre = padded(disk, r, c);
      let near = frame[centre]!;
      for (let j = 1; j < innerCount && near > 0; j++) near = Math.min(near, frame[centre + steps[j]!]!);
      let far = near;
      for (let j = innerCount; j < steps.length && far > 0; j++) far = Math.min(far, frame[centre + steps[j]!]!);
      result[r * SIDE + c] = blend > 0 ? (1 - blend) * near + blend * far : near;
    }
  }
}
