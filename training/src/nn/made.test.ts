import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { Params } from './params.ts';
import { applyMade, createMade, inputDegrees, madeMasks, type Ordering } from './made.ts';

beforeAll(() => initBackend('wasm'));

/** Boolean matrix product: which inputs can reach which outputs through the masks. */
function reach(masks: Float32Array[], sizes: number[]): boolean[][] {
  let r: boolean[][] = Array.from({ length: sizes[0]! }, (_, i) =>
    Array.from({ length: sizes[0]! }, (_, j) => i === j),
  );
  masks.forEach((m, l) => {
    const [n, k] = [sizes[l]!, sizes[l + 1]!];
    r = r.map((row) => Array.from({ length: k }, (_, j) => row.some((on, i) => on && i < n && m[i * k + j] === 1)));
  });
  return r;
}

describe('MADE masks', () => {
  for (const ordering of ['forward', 'reverse'] as Ordering[]) {
    for (const hidden of [[7], [5, 9], [3]]) {
      it(`connect output d only to inputs earlier in the ${ordering} ordering (hidden ${hidden})`, () => {
        const dim = 4;
        const degrees = inputDegrees(dim, ordering);
        const paths = reach(madeMasks(dim, hidden, ordering), [dim, ...hidden, dim]);
        for (let i = 0; i < dim; i++) {
          for (let d = 0; d < dim; d++) {
            if (degrees[i]! >= degrees[d]!) expect(paths[i]![d], `input ${i} → output ${d}`).toBe(false);
          }
        }
        // With a hidden layer at least D − 1 wide, every allowed connection exists.
        if (hidden.every((h) => h >= dim - 1)) {
          for (let i = 0; i < dim; i++) {
            for (let d = 0; d < dim; d++) {
              if (degrees[i]! < degrees[d]!) expect(paths[i]![d], `input ${i} → output ${d}`).toBe(true);
            }
          }
        }
      });
    }
  }
});

describe('MADE network', () => {
  it('is autoregressive: the Jacobian of each head is strictly triangular in the ordering', () => {
    for (const ordering of ['forward', 'reverse'] as Ordering[]) {
      const params = new Params();
      const dim = 5;
      const made = createMade(params, new Rng(3), 'made', { dim, contextDim: 3, hidden: [11, 8], ordering });
      // Biases away from zero, so that no ReLU is dead at the test point by accident.
      for (const l of made.hidden) l.layer.bias.assign(tf.fill(l.layer.bias.shape, 0.3));
      const context = tf.tensor2d([[0.2, -0.4, 0.9]]);
      const z0 = tf.tensor2d([[0.3, -1.1, 0.7, 0.05, -0.6]]);
      const degrees = inputDegrees(dim, ordering);
      for (const head of ['m', 's'] as const) {
        for (let d = 0; d < dim; d++) {
          const grad = tf.grad((z: tf.Tensor) => {
            const out = applyMade(made, z as tf.Tensor2D, context)[head];
            return tf.sum(tf.slice(out, [0, d], [1, 1]));
          })(z0);
          const g = Array.from(grad.dataSync());
          g.forEach((v, i) => {
            if (degrees[i]! >= degrees[d]!) expect(v, `${ordering} ${head}: d${d}/dz${i}`).toBe(0);
          });
        }
      }
      params.dispose();
    }
  });
});

/**
 * The autoregressive property from autograd Jacobians, for the demo's D = 2 and larger D, with the
 * orderings written out here rather than read from inputDegrees or the masks: forward is 0, 1, …,
 * D − 1 and reverse is D − 1, …, 0. Output i of each head may depend on input j only if j comes
 * before i; every such dependence is present (hidden layers at least D − 1 wide), and the first
 * output in the ordering depends on no input at all.
 */
describe('MADE autoregressive property (autograd Jacobians, orderings written out)', () => {
  const cases: { dim: number; hidden: number[] }[] = [
    { dim: 2, hidden: [1] },
    { dim: 2, hidden: [6] },
    { dim: 2, hidden: [4, 3] },
    { dim: 3, hidden: [2] },
    { dim: 3, hidden: [7, 5] },
    { dim: 5, hidden: [11, 8] },
  ];
  for (const { dim, hidden } of cases) {
    for (const ordering of ['forward', 'reverse'] as Ordering[]) {
      it(`D = ${dim}, hidden [${hidden}], ${ordering}`, () => {
        tf.tidy(() => {
          const params = new Params();
          const made = createMade(params, new Rng(17 + dim), 'made', { dim, contextDim: 3, hidden, ordering });
          const rng = new Rng(29);
          // Positive hidden biases, so that the ReLUs are alive at the test points.
          for (const l of made.hidden)
            l.layer.bias.assign(tf.add(tf.tensor1d(rng.normals(l.layer.outputs)).mul(0.1), 1));
          const position = (i: number) => (ordering === 'forward' ? i : dim - 1 - i);
          const context = tf.tensor2d([[0.2, -0.4, 0.9]]);
          const points = [0, 1, 2].map(() => tf.tensor2d(rng.normals(dim), [1, dim]));
          for (const head of ['m', 's'] as const) {
            // |∂ head_i / ∂ z_j|, the largest over the test points.
            const largest = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
            for (const z0 of points) {
              for (let i = 0; i < dim; i++) {
                const row = tf.grad((z: tf.Tensor) =>
                  tf.sum(tf.slice(applyMade(made, z as tf.Tensor2D, context)[head], [0, i], [1, 1])),
                )(z0);
                Array.from(row.dataSync()).forEach((v, j) => {
                  if (position(j) >= position(i)) expect(Math.abs(v), `${head}${i} must not depend on z${j}`).toBe(0);
                  largest[i]![j] = Math.max(largest[i]![j]!, Math.abs(v));
                });
              }
            }
            for (let i = 0; i < dim; i++) {
              for (let j = 0; j < dim; j++) {
                if (position(j) < position(i))
                  expect(largest[i]![j], `${head}${i} depends on z${j}`).toBeGreaterThan(1e-4);
              }
            }
          }
          params.dispose();
        });
      });
    }
  }
});
