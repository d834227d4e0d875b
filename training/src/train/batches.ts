/** Copying rows of an image set into a batch. */
import * as tf from '@tensorflow/tfjs';

/** Rows `indices` of a row-major [n, dim] array as a [indices.length, dim] tensor. */
export function gatherRows(data: Float32Array, dim: number, indices: ArrayLike<number>): tf.Tensor2D {
  const out = new Float32Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    out.set(data.subarray(row * dim, (row + 1) * dim), i * dim);
  }
  return tf.tensor2d(out, [indices.length, dim]);
}

/** Rows [start, end) as a tensor, without shuffling. */
export function sliceRows(data: Float32Array, dim: number, start: number, end: number): tf.Tensor2D {
  return tf.tensor2d(data.slice(start * dim, end * dim), [end - start, dim]);
}
