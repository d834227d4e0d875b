/**
 * The list of shifts that the robustness post's experiment and its page both walk through: each
 * with an id, a label for people, the unit of its amount, and the amount at each integer severity
 * 0–5 (0 is always the unchanged image). One list, so that a table row, a figure panel and a
 * slider position mean the same corruption.
 *
 * The amounts follow MNIST-C (Mu & Gilmer 2019) where it has the shift, with two differences. It
 * flips the direction of a rotation, shear or translation at random per image; here the direction
 * is fixed (counter-clockwise, leaning forward, down and to the right), so a slider moves every
 * digit the same way and the result depends on nothing but the severity. And its Gaussian blur
 * (σ = 1, 2, 3, 4, 6, carried over from ImageNet-C's 224-pixel images and left out of its published
 * set) would leave a grey smudge of a 28-pixel digit, so blur stops at σ = 2.5 here. Stroke
 * thickness is not in MNIST-C; its steps are set by how much ink they add or remove.
 */

import { gaussianBlur } from './blur.ts';
import { rotate, scale, shear, translate } from './geometric.ts';
import { checkSeed, gaussianNoise } from './noise.ts';
import { strokeThickness } from './thickness.ts';

export type ShiftId = 'rotate' | 'translate' | 'scale' | 'shear' | 'noise' | 'blur' | 'thicken' | 'thin';

/** The amount at severity 0, 1, …, 5. */
export type SeverityAmounts = readonly [number, number, number, number, number, number];

export interface Shift {
  id: ShiftId;
  /** For a legend or a slider, e.g. "Rotation". */
  label: string;
  /** Unit of the amount, e.g. "degrees". */
  unit: string;
  /** The amount at each severity 0–5, in `unit`; index 0 leaves the images unchanged. */
  amounts: SeverityAmounts;
  /**
   * The shift at any amount in `unit` (for a continuous slider); `seed` is used only by the shifts
   * that draw random numbers (noise), so that one call shape serves them all.
   */
  apply(images: Float32Array, n: number, amount: number, seed: number): Float32Array;
}

/** Every shift, in the order a table or a figure shows them. */
export const SHIFTS: readonly Shift[] = [
  {
    id: 'rotate',
    label: 'Rotation',
    unit: 'degrees counter-clockwise',
    // MNIST-C: 0.2 rad per severity, ±; 12° is 0.21 rad.
    amounts: [0, 12, 24, 36, 48, 60],
    apply: (images, n, degrees) => rotate(images, n, degrees),
  },
  {
    id: 'translate',
    label: 'Translation',
    unit: 'pixels right and pixels down',
    // MNIST-C: 1 pixel per severity along each axis, signs at random.
    amounts: [0, 1, 2, 3, 4, 5],
    apply: (images, n, pixels) => translate(images, n, pixels, pixels),
  },
  {
    id: 'scale',
    label: 'Scale',
    unit: 'zoom factor',
    // MNIST-C shrinks by 0.1 per severity (it samples at 1/0.9 … 1/0.5).
    amounts: [1, 0.9, 0.8, 0.7, 0.6, 0.5],
    apply: (images, n, factor) => scale(images, n, factor),
  },
  {
    id: 'shear',
    label: 'Shear',
    unit: 'pixels sideways per row from the centre',
    // MNIST-C's parameter, 0.2 per severity, ±; its skimage shear moves sin(0.2 k) pixels per row
    // (0.84 at severity 5, with the rows squeezed together by cos(0.2 k)), a little less than this.
    amounts: [0, 0.2, 0.4, 0.6, 0.8, 1],
    apply: (images, n, factor) => shear(images, n, factor),
  },
  {
    id: 'noise',
    label: 'Gaussian noise',
    unit: 'standard deviation (pixel value)',
    // MNIST-C's gaussian_noise (in its code, not its published set), severities 1–5.
    amounts: [0, 0.08, 0.12, 0.18, 0.26, 0.38],
    apply: (images, n, sd, seed) => gaussianNoise(images, n, sd, seed),
  },
  {
    id: 'blur',
    label: 'Gaussian blur',
    unit: 'sigma (pixels)',
    amounts: [0, 0.5, 1, 1.5, 2, 2.5],
    apply: (images, n, sigma) => gaussianBlur(images, n, sigma),
  },
  {
    id: 'thicken',
    label: 'Thicker strokes',
    unit: 'dilation radius (pixels)',
    amounts: [0, 0.5, 1, 1.5, 2, 2.5],
    apply: (images, n, radius) => strokeThickness(images, n, radius),
  },
  {
    id: 'thin',
    label: 'Thinner strokes',
    unit: 'erosion radius (pixels)',
    // Finer steps than thickening: eroding by a whole pixel leaves about a third of the ink of a
    // binarized MNIST digit, and 2 pixels almost none.
    amounts: [0, 0.25, 0.5, 0.75, 1, 1.25],
    apply: (images, n, radius) => strokeThickness(images, n, -radius),
  },
];

/** The shift with this id; throws, listing the ids there are, for any other. */
export function shiftById(id: ShiftId): Shift {
  const shift = SHIFTS.find((s) => s.id === id);
  if (!shift) throw new Error(`unknown shift "${id}"; the shifts are ${SHIFTS.map((s) => s.id).join(', ')}`);
  return shift;
}

/** The amount, in the shift's unit, at an integer severity 0–5. */
export function shiftAmount(id: ShiftId, severity: number): number {
  const shift = shiftById(id);
  if (!Number.isInteger(severity) || severity < 0 || severity > 5) {
    throw new Error(`severity must be an integer from 0 to 5, got ${severity}`);
  }
  return shift.amounts[severity]!;
}

/**
 * Applies shift `id` at an integer severity 0–5 to n images (n × 784, values in [0, 1]) and
 * returns a new array. `seed` (an integer in [0, 2³²)) fixes the noise; the other shifts ignore it.
 */
export function applyShift(id: ShiftId, images: Float32Array, n: number, severity: number, seed: number): Float32Array {
  const amount = shiftAmount(id, severity);
  checkSeed(seed);
  return shiftById(id).apply(images, n, amount, seed);
}
