import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { repeatRows } from './repeat.ts';

beforeAll(() => initBackend('wasm'));

describe('repeatRows', () => {
  it('repeats the block of rows k times, and sends each copy its gradient', () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(repeatRows(t, 3).arraySync()).toEqual([
      [1, 2],
      [3, 4],
      [1, 2],
      [3, 4],
      [1, 2],
      [3, 4],
    ]);
    const weights = tf.tensor2d([1, 10, 100, 1000, 2, 20, 200, 2000, 3, 30, 300, 3000], [6, 2]);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(repeatRows(x as tf.Tensor2D, 3), weights)))(t);
    expect(grad.arraySync()).toEqual([
      [6, 60],
      [600, 6000],
    ]);
    expect(() => repeatRows(t, 0)).toThrow('repeatRows: k must be a positive integer, got 0');
  });
});
