/**
 * Checks that a MADE's masks do what they claim, two ways: by connectivity products over the mask
 * matrices (every pool mask), and on the network itself, by flipping each input of an image and
 * seeing which logits move (its Jacobian over binary inputs). A run whose check fails throws:
 * its numbers would not be likelihoods.
 */
import * as tf from '@tensorflow/tfjs';
import { findViolation, masksFromDegrees, type Degrees } from '@bounded-rationality/core/made/masks.ts';
import { madeLogits, maskTensors, type MadeDensity } from '../models/made.ts';

/** Logits that may not move by more than this when a later input flips (float32 noise of BLAS). */
const FORBIDDEN_TOLERANCE = 1e-5;

/** The ordering the degrees encode: order[k] is the input of degree k + 1. */
export function orderOf(degrees: Degrees): number[] {
  const order = new Array<number>(degrees.inputs.length);
  degrees.inputs.forEach((degree, input) => (order[degree - 1] = input));
  return order;
}

export interface AutoregressiveCheck {
  /** Pool masks whose connectivity products were checked. */
  masksChecked: number;
  /** Largest move of a logit when an input that does not come before it flips (mask 0). */
  largestForbiddenChange: number;
  /** Smallest largest move among the logits that may move (mask 0): the check can see a change. */
  allowedChangesSeen: number;
}

export function checkAutoregressive(
  model: MadeDensity,
  pool: readonly Degrees[],
  image: Float32Array,
): AutoregressiveCheck {
  for (const [k, degrees] of pool.entries()) {
    const violation = findViolation(masksFromDegrees(degrees), orderOf(degrees));
    if (violation) {
      throw new Error(
        `MADE mask ${k}: output ${violation.output} depends on input ${violation.input}, which does not come before it (path ${violation.path.join(' → ')})`,
      );
    }
  }
  const dim = model.config.dim;
  const degrees = pool[0]!;
  // Row 0 the image; row 1 + j the image with input j flipped.
  const batch = new Float32Array((dim + 1) * dim);
  for (let r = 0; r <= dim; r++) {
    batch.set(image, r * dim);
    if (r > 0) batch[r * dim + r - 1] = 1 - image[r - 1]!;
  }
  const logits = tf.tidy(() => {
    const masks = maskTensors(model, masksFromDegrees(degrees));
    return madeLogits(model, masks, tf.tensor2d(batch, [dim + 1, dim])).dataSync();
  });
  let forbidden = 0;
  let seen = 0;
  for (let j = 0; j < dim; j++) {
    for (let d = 0; d < dim; d++) {
      const change = Math.abs(logits[(j + 1) * dim + d]! - logits[d]!);
      if (degrees.inputs[j]! >= degrees.inputs[d]!) forbidden = Math.max(forbidden, change);
      else seen += change > 0 ? 1 : 0;
    }
  }
  if (!(forbidden <= FORBIDDEN_TOLERANCE)) {
    throw new Error(
      `MADE: a logit moves by ${forbidden} when an input after it flips (tolerance ${FORBIDDEN_TOLERANCE})`,
    );
  }
  const allowed = (dim * (dim - 1)) / 2;
  return { masksChecked: pool.length, largestForbiddenChange: forbidden, allowedChangesSeen: seen / allowed };
}
