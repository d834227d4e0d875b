/** Dataset-level estimates computed batch by batch, so memory stays bounded. */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../runtime/rng.ts';
import { sliceRows } from './batches.ts';

/**
 * Per-example values of several statistics over every row of `data` [n, dim], in row order:
 * `fn` maps a batch to one [batch] tensor per statistic.
 */
export function perExampleMany(
  data: Float32Array,
  dim: number,
  batchSize: number,
  fn: (x: tf.Tensor2D) => tf.Tensor1D[],
): Float64Array[] {
  const n = data.length / dim;
  let out: Float64Array[] | undefined;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const values = tf.tidy(() => fn(sliceRows(data, dim, start, end)).map((t) => t.dataSync()));
    out ??= values.map(() => new Float64Array(n));
    values.forEach((v, i) => out![i]!.set(v, start));
  }
  return out ?? [];
}

/** Per-example values of one statistic; see perExampleMany. */
export function perExample(
  data: Float32Array,
  dim: number,
  batchSize: number,
  fn: (x: tf.Tensor2D) => tf.Tensor1D,
): Float64Array {
  return perExampleMany(data, dim, batchSize, (x) => [fn(x)])[0] ?? new Float64Array(0);
}

export interface ImportanceSampling {
  /** Samples per example (k). */
  samples: number;
  /** Examples per batch. */
  batchSize: number;
  /** Samples drawn at once; bounds memory at chunk × batchSize decoder passes. */
  chunk: number;
  latentDim: number;
  seed: number;
}

/**
 * Importance-sampled log-likelihood per example: log p(x) ≈ log (1/k) Σ_k w_k, from log weights
 * log w = log p(x, z) − log q(z|x) given by `logWeights(x, eps)` with eps [chunk, batch, latentDim]
 * → [chunk, batch]. Chunks are combined exactly with a running log-sum-exp.
 */
export function importanceSampledLogLikelihood(
  data: Float32Array,
  dim: number,
  options: ImportanceSampling,
  logWeights: (x: tf.Tensor2D, eps: tf.Tensor3D) => tf.Tensor2D,
): Float64Array {
  const { samples, batchSize, chunk, latentDim } = options;
  const rng = new Rng(options.seed, 0x5a17);
  return perExample(data, dim, batchSize, (x) => {
    const batch = x.shape[0];
    let acc: tf.Tensor1D | undefined;
    for (let done = 0; done < samples; done += chunk) {
      const k = Math.min(chunk, samples - done);
      const eps = tf.tensor3d(rng.normals(k * batch * latentDim), [k, batch, latentDim]);
      const lse = tf.logSumExp(logWeights(x, eps), 0) as tf.Tensor1D;
      acc = acc ? (tf.logSumExp(tf.stack([acc, lse]), 0) as tf.Tensor1D) : lse;
    }
    return tf.sub(acc!, Math.log(samples));
  });
}
