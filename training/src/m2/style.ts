/**
 * The demo's style sliders: directions in z along which the test images' codes vary most, ordered
 * by how much moving along each one changes the decoded images. The codes are the means of
 * q(z | x, ŷ) with ŷ the classifier's guess, as the demo computes them; their principal directions
 * (PCA over the test images) are scored by the mean absolute change in pixel probability between
 * z − σv and z + σv (σ the codes' standard deviation along v), over sample images and all classes.
 */
import * as tf from '@tensorflow/tfjs';
import { fitPca } from '../linalg/pca.ts';
import { allClasses, decodeLogits, encode, oneHot, type M2 } from '../models/m2.ts';
import { repeatRows } from '../nn/repeat.ts';
import { predict } from './fit.ts';

export interface StyleDirection {
  /** Unit vector in z, [latentDim]. */
  vector: number[];
  /** Standard deviation of the test codes along it. */
  sd: number;
  /** Mean |Δ pixel probability| between −1 and +1 sd, over the scored images and every class. */
  effect: number;
  /** Its rank among the principal directions by variance (0 = most variance). */
  varianceRank: number;
}

export interface StyleDirections {
  /** Mean of the test codes, [latentDim]. */
  mean: number[];
  /** The `count` directions with the largest effect, largest first. */
  directions: StyleDirection[];
}

/** Codes μ(x, ŷ) of `images` [n, inputDim], ŷ the classifier's most probable class. */
export function styleCodes(m: M2, images: Float32Array): Float32Array {
  const { inputDim, classes } = m.config;
  const predicted = predict(m, images);
  return tf.tidy(() => {
    const x = tf.tensor2d(images, [images.length / inputDim, inputDim]);
    return encode(m, x, oneHot(predicted, classes)).mu.dataSync() as Float32Array;
  });
}

/**
 * Scores the principal directions of the codes of `images` and keeps the `count` that change the
 * images most; the effect is measured on the first `scored` images.
 */
export function styleDirections(m: M2, images: Float32Array, count: number, scored = 100): StyleDirections {
  const { latentDim, classes, inputDim } = m.config;
  const codes = styleCodes(m, images);
  const pca = fitPca(codes, latentDim, latentDim);
  const base = codes.subarray(0, Math.min(scored, images.length / inputDim) * latentDim);
  const n = base.length / latentDim;
  const effects = Array.from({ length: latentDim }, (_, k) => {
    const sd = Math.sqrt(Math.max(0, pca.variances[k]!));
    const vector = Array.from(pca.components.subarray(k * latentDim, (k + 1) * latentDim));
    const effect = tf.tidy(() => {
      const z = repeatRows(tf.tensor2d(base, [n, latentDim]), classes);
      const step = tf.mul(tf.tensor1d(vector), sd);
      const y = allClasses(classes, n);
      const plus = tf.sigmoid(decodeLogits(m, tf.add(z, step) as tf.Tensor2D, y));
      const minus = tf.sigmoid(decodeLogits(m, tf.sub(z, step) as tf.Tensor2D, y));
      return tf.mean(tf.abs(tf.sub(plus, minus))).dataSync()[0]!;
    });
    return { vector, sd, effect, varianceRank: k };
  });
  const directions = effects.sort((a, b) => b.effect - a.effect).slice(0, count);
  return { mean: Array.from(pca.mean), directions };
}
