import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { classifierLogits, createM2, labelledBound, oneHot, unlabelledBound } from '../models/m2.ts';
import { objective, objectiveWeights } from './objective.ts';

beforeAll(() => initBackend('wasm'));

const classes = 3;
const latentDim = 2;
const m = () => createM2({ inputDim: 6, classes, latentDim, hidden: [4], activation: 'relu' }, 2);
const rng = new Rng(11);
const images = (n: number) =>
  Array.from({ length: n }, () => Array.from({ length: 6 }, () => (rng.uniform() < 0.4 ? 1 : 0)));
const labelled = images(4);
const labels = [0, 2, 1, 2];
const unlabelled = images(6);
const epsl = rng.normals(4 * latentDim);
// One z per (class, image), class-major over all six unlabelled images.
const epsu = rng.normals(classes * 6 * latentDim);

/** The unlabelled noise of images [from, to), still class-major. */
function epsFor(from: number, to: number): tf.Tensor2D {
  const rows: number[] = [];
  for (let c = 0; c < classes; c++) for (let b = from; b < to; b++) rows.push(c * 6 + b);
  return tf.tensor2d(
    rows.flatMap((r) => Array.from(epsu.subarray(r * latentDim, (r + 1) * latentDim))),
    [rows.length, latentDim],
  );
}

function lossOf(model: ReturnType<typeof m>, l: [number, number], u: [number, number], alphaScale: number) {
  const weights = objectiveWeights(4, 6, alphaScale);
  return tf.tidy(
    () =>
      objective(
        model,
        {
          xl: tf.tensor2d(labelled.slice(...l)),
          yl: oneHot(labels.slice(...l), classes),
          epsl: tf.tensor2d(epsl.subarray(l[0] * latentDim, l[1] * latentDim), [l[1] - l[0], latentDim]),
          xu: tf.tensor2d(unlabelled.slice(...u)),
          epsu: epsFor(...u),
        },
        weights,
      ).loss.dataSync()[0]!,
  );
}

describe('objectiveWeights', () => {
  it('weights each sum by its share of the images, and gives α / N as the classification weight', () => {
    expect(objectiveWeights(100, 7900, 0.1)).toEqual({
      labelled: 100 / 8000,
      unlabelled: 7900 / 8000,
      classification: 0.1,
    });
    expect(() => objectiveWeights(0, 10, 0.1)).toThrow(/0 labelled/);
  });
});

describe('objective', () => {
  it('on whole sets is −(Σ_l −L + Σ_u U)/N + (α/N) Σ_l −log q(y|x) / N_l, from the per-image terms', () => {
    const model = m();
    const alphaScale = 0.7;
    const { lb, ub, ce } = tf.tidy(() => {
      const xl = tf.tensor2d(labelled);
      const yl = oneHot(labels, classes);
      const logQ = tf.logSoftmax(classifierLogits(model, xl));
      return {
        lb: Array.from(labelledBound(model, xl, yl, tf.tensor2d(epsl, [4, latentDim])).bound.dataSync()),
        ub: Array.from(unlabelledBound(model, tf.tensor2d(unlabelled), epsFor(0, 6)).bound.dataSync()),
        ce: Array.from(tf.neg(tf.sum(tf.mul(yl, logQ), 1)).dataSync()),
      };
    });
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const n = 10;
    // α = alphaScale · N multiplies the mean over labelled images; the whole objective is divided by N.
    const expected = -(sum(lb) + sum(ub)) / n + ((alphaScale * n) / n) * (sum(ce) / 4);
    expect(lossOf(model, [0, 4], [0, 6], alphaScale)).toBeCloseTo(expected, 4);
  });

  it('is the same objective whatever the batch sizes: halves average to the whole', () => {
    const model = m();
    const whole = lossOf(model, [0, 4], [0, 6], 0.3);
    const halves = (lossOf(model, [0, 2], [0, 3], 0.3) + lossOf(model, [2, 4], [3, 6], 0.3)) / 2;
    expect(halves).toBeCloseTo(whole, 4);
  });

  it('grows with α exactly by the labelled cross-entropy', () => {
    const model = m();
    const ce = tf.tidy(() => {
      const logQ = tf.logSoftmax(classifierLogits(model, tf.tensor2d(labelled)));
      return -tf.mean(tf.sum(tf.mul(oneHot(labels, classes), logQ), 1)).dataSync()[0]!;
    });
    expect(ce).toBeGreaterThan(0);
    expect(lossOf(model, [0, 4], [0, 6], 1.5) - lossOf(model, [0, 4], [0, 6], 0.5)).toBeCloseTo(ce, 4);
  });
});
