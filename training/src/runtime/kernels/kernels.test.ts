/**
 * The fused kernels against references written here in float64 from the formulas (not from the
 * kernels' code), and against TensorFlow.js's own kernels where those compute the same thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.ts';
import { loadBlas } from '../blas.ts';
import { Rng } from '../rng.ts';
import { bernoulliLogProb } from '../../nn/distributions.ts';
import { createDense, dense } from '../../nn/dense.ts';
import { Params } from '../../nn/params.ts';
import { FusedAdam, adam } from '../../train/adam.ts';
import { hasKernel, requestedFusions } from './index.ts';
import { adamKernel } from './adam.ts';
import { bernoulliKernel } from './bernoulli.ts';
import { denseKernel } from './dense.ts';

const blasHere = loadBlas({}).blas !== undefined;
if (!blasHere) console.warn('kernels.test.ts: the fused dense tests are skipped: no BLAS library here');

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.fused.active).toEqual(
    blasHere ? ['adam', 'dense', 'bernoulli', 'identity'] : ['adam', 'bernoulli', 'identity'],
  );
});
afterAll(() => initBackend('wasm'));

const rng = new Rng(41);
const softplus64 = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
const sigmoid64 = (l: number) => 1 / (1 + Math.exp(-l));
/** Values from every range the kernels' polynomials cover, and the clamps beyond. */
const extremes = [-120, -88, -87, -30, -5, -1, -1e-3, 0, 1e-3, 1, 5, 30, 87, 88, 120];

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: (i: number) => number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= tolerance(i))) {
      throw new Error(
        `value ${i}: ${actual[i]} where ${expected[i]} was expected (error ${error}, allowed ${tolerance(i)})`,
      );
    }
  }
}

describe('choosing the fusions', () => {
  it('reads BR_FUSED: all by default, none with off, or a list; names an unknown one', () => {
    expect(requestedFusions(undefined)).toEqual(['adam', 'dense', 'bernoulli', 'identity']);
    expect(requestedFusions('off')).toEqual([]);
    expect(requestedFusions('bernoulli, adam')).toEqual(['adam', 'bernoulli']);
    expect(() => requestedFusions('adam,fast')).toThrow(
      'BR_FUSED: unknown fusion fast; use off or a list of adam, dense, bernoulli, identity',
    );
  });

  it('registers nothing with BR_FUSED=off, and the ops keep their composite form', async () => {
    const info = await initBackend('wasm', undefined, { BR_FUSED: 'off' });
    expect(info.fused).toEqual({ active: [], skipped: [] });
    expect([adamKernel, bernoulliKernel, denseKernel].map(hasKernel)).toEqual([false, false, false]);
    // Optimizer's Symbol.hasInstance accepts any optimizer: compare constructors.
    expect(adam(0.1).constructor).not.toBe(FusedAdam);
    await initBackend('wasm');
    expect(hasKernel(bernoulliKernel)).toBe(true);
    expect(adam(0.1).constructor).toBe(FusedAdam);
  });
});

describe('Bernoulli log-likelihood kernel', () => {
  it('computes −softplus(l) to float32 precision from −120 to 120', () => {
    const logits = Float32Array.from({ length: 4801 }, (_, i) => -120 + i * 0.05);
    const out = tf.tidy(() =>
      bernoulliLogProb(tf.zeros([logits.length, 1]), tf.tensor2d(logits, [logits.length, 1])).dataSync(),
    );
    expectClose(
      out,
      Array.from(logits, (l) => -softplus64(l)),
      (i) => 4e-7 * softplus64(logits[i]!) + 1e-37,
    );
  });

  it('sums x·l − softplus(l) per row, with the targets shared by k blocks of logits and a width not a multiple of 4', () => {
    const [targets, k, d] = [3, 4, 19];
    const x = Float32Array.from({ length: targets * d }, (_, i) => (i % 5 === 0 ? 0.3 : rng.uniform() < 0.5 ? 1 : 0));
    const logits = Float32Array.from(
      { length: k * targets * d },
      (_, i) => extremes[i % extremes.length]! * rng.uniform(),
    );
    const out = tf.tidy(() =>
      bernoulliLogProb(tf.tensor2d(x, [targets, d]), tf.tensor2d(logits, [k * targets, d])).dataSync(),
    );
    const expected: number[] = [];
    const scale: number[] = [];
    for (let r = 0; r < k * targets; r++) {
      let sum = 0;
      let size = 0;
      for (let j = 0; j < d; j++) {
        const l = logits[r * d + j]!;
        const term = x[(r % targets) * d + j]! * l - softplus64(l);
        sum += term;
        size += Math.abs(term);
      }
      expected.push(sum);
      scale.push(size);
    }
    expectClose(out, expected, (i) => 1e-6 * scale[i]! + 1e-6);
  });

  it('has the gradient dy·(x − sigmoid(l)) in the logits and Σ_k dy·l in computed targets', () => {
    const [targets, k, d] = [2, 3, 7];
    const x = Float32Array.from({ length: targets * d }, () => rng.uniform());
    const logits = Float32Array.from(
      { length: k * targets * d },
      (_, i) => extremes[i % extremes.length]! / 4 + rng.normal(),
    );
    const dy = Float32Array.from({ length: k * targets }, () => rng.normal());
    const [gx, gl] = tf.tidy(() => {
      const f = (xt: tf.Tensor, lt: tf.Tensor) =>
        tf.sum(tf.mul(bernoulliLogProb(xt as tf.Tensor2D, lt as tf.Tensor2D), tf.tensor1d(dy)));
      return tf
        .grads(f)([tf.tensor2d(x, [targets, d]), tf.tensor2d(logits, [k * targets, d])])
        .map((g) => g.dataSync());
    });
    const expectedL = Array.from(logits, (l, i) => {
      const r = Math.floor(i / d);
      return dy[r]! * (x[(r % targets) * d + (i % d)]! - sigmoid64(l));
    });
    expectClose(gl!, expectedL, () => 1e-6 * 4);
    const expectedX = Array.from(x, (_, i) => {
      let sum = 0;
      for (let b = 0; b < k; b++)
        sum += dy[b * targets + Math.floor(i / d)]! * logits[(b * targets + Math.floor(i / d)) * d + (i % d)]!;
      return sum;
    });
    expectClose(gx!, expectedX, (i) => 1e-6 * Math.abs(expectedX[i]!) + 1e-5);
  });

  it('refuses logits whose rows are not k blocks of the targets, fused or not', async () => {
    const message = 'bernoulliLogProb: logits [4,4] must be k blocks of rows as wide as the targets [3,4]';
    expect(() => tf.tidy(() => bernoulliLogProb(tf.zeros([3, 4]), tf.zeros([4, 4])))).toThrow(message);
    await initBackend('wasm', undefined, { BR_FUSED: 'off' });
    expect(() => tf.tidy(() => bernoulliLogProb(tf.zeros([3, 4]), tf.zeros([4, 4])))).toThrow(message);
    await initBackend('wasm');
  });
});

describe.skipIf(!blasHere)(`Dense kernel${blasHere ? '' : ' (no BLAS library here)'}`, () => {
  /** act(x W + b), and the gradients of Σ G ⊙ y, in float64. */
  function reference(
    x: number[],
    w: number[],
    b: number[],
    g: number[],
    rows: number,
    n: number,
    m: number,
    relu: boolean,
  ) {
    const y = new Array<number>(rows * m).fill(0);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < m; j++) {
        let s = b[j]!;
        for (let i = 0; i < n; i++) s += x[r * n + i]! * w[i * m + j]!;
        y[r * m + j] = relu ? Math.max(s, 0) : s;
      }
    }
    const dz = g.map((gi, i) => (relu && !(y[i]! > 0) ? 0 : gi));
    const dx = new Array<number>(rows * n).fill(0);
    const dw = new Array<number>(n * m).fill(0);
    const db = new Array<number>(m).fill(0);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < m; j++) {
        const d = dz[r * m + j]!;
        db[j] = db[j]! + d;
        for (let i = 0; i < n; i++) {
          dx[r * n + i] = dx[r * n + i]! + d * w[i * m + j]!;
          dw[i * m + j] = dw[i * m + j]! + x[r * n + i]! * d;
        }
      }
    }
    return { y, dx, dw, db };
  }

  it.each([
    ['relu', 5, 7, 9],
    ['none', 3, 4, 13],
    ['relu', 1, 1, 1],
  ] as const)('computes %s(x W + b) and its gradients for %i×%i by %i', (activation, rows, n, m) => {
    const params = new Params();
    const layer = createDense(params, rng, 'layer', n, m, activation);
    const b = Array.from({ length: m }, () => rng.normal());
    layer.bias.assign(tf.tensor1d(b));
    const w = Array.from(layer.weight.dataSync());
    // Half the pre-activations negative, and one exactly zero after the relu, so the gate is tested.
    const x = Array.from({ length: rows * n }, () => rng.normal());
    const g = Array.from({ length: rows * m }, () => rng.normal());
    const [y, dx, dw, db] = tf.tidy(() => {
      const xt = tf.tensor2d(x, [rows, n]);
      const f = (xi: tf.Tensor) => tf.sum(tf.mul(dense(layer, xi as tf.Tensor2D), tf.tensor2d(g, [rows, m])));
      const { grads } = tf.variableGrads(() => f(xt) as tf.Scalar, [layer.weight, layer.bias]);
      return [dense(layer, xt), tf.grad(f)(xt), grads[layer.weight.name]!, grads[layer.bias.name]!].map((t) =>
        Array.from(t.dataSync()),
      );
    });
    const ref = reference(x, w, b, g, rows, n, m, activation === 'relu');
    const tol = (v: number[]) => (i: number) => 1e-5 * (1 + Math.abs(v[i]!));
    expectClose(y!, ref.y, tol(ref.y));
    expectClose(dx!, ref.dx, tol(ref.dx));
    expectClose(dw!, ref.dw, tol(ref.dw));
    expectClose(db!, ref.db, tol(ref.db));
    params.dispose();
  });

  it('passes no gradient where the relu output is exactly 0', () => {
    const params = new Params();
    const layer = createDense(params, rng, 'gate', 1, 2, 'relu');
    layer.weight.assign(tf.tensor2d([[1, -1]]));
    // Pre-activations 0 and −2: both outputs are 0, and neither may pass the gradient back.
    const grad = tf.tidy(() =>
      tf
        .grad((x: tf.Tensor) => tf.sum(dense(layer, x as tf.Tensor2D)))(tf.tensor2d([[0], [2]]))
        .dataSync(),
    );
    expect(Array.from(grad)).toEqual([0, 1]);
    params.dispose();
  });
});

describe('Adam kernel', () => {
  /** TensorFlow.js's Adam (ε = 1e-7) written out in float64. */
  function adam64(w: number[], grads: number[][], lr: number) {
    const m = w.map(() => 0);
    const v = w.map(() => 0);
    grads.forEach((g, t) => {
      for (let i = 0; i < w.length; i++) {
        m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
        v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
        w[i]! -= (lr * (m[i]! / (1 - 0.9 ** (t + 1)))) / (Math.sqrt(v[i]! / (1 - 0.999 ** (t + 1))) + 1e-7);
      }
    });
    return w;
  }

  const start = Array.from({ length: 11 }, () => rng.normal());
  const gradients = Array.from({ length: 5 }, () =>
    Array.from({ length: 11 }, () => rng.normal() * 10 ** rng.normal()),
  );

  it('takes the steps of the formula, bias corrections included, to float32 precision', () => {
    const w = tf.variable(tf.tensor1d(start));
    const optimizer = new FusedAdam(0.01);
    for (const g of gradients) tf.tidy(() => optimizer.applyGradients({ [w.name]: tf.tensor1d(g) }));
    const expected = adam64([...start], gradients, 0.01);
    expectClose(w.dataSync(), expected, (i) => 1e-6 * (1 + Math.abs(expected[i]!)));
    optimizer.dispose();
    w.dispose();
  });

  it('updates a variable in place only when nothing else holds its data', () => {
    const w = tf.variable(tf.tensor1d(start));
    const optimizer = new FusedAdam(0.01);
    const step = (t: number) => tf.tidy(() => optimizer.applyGradients({ [w.name]: tf.tensor1d(gradients[t]!) }));
    step(0);
    const sole = w.dataId;
    const bytes = tf.memory().numBytes;
    step(1);
    expect(w.dataId).toBe(sole);
    expect(tf.memory().numBytes).toBe(bytes);
    // A reshape shares the data: the step must leave the reshaped values as they were.
    const view = tf.reshape(w, [1, 11]);
    const before = Array.from(view.dataSync());
    step(2);
    expect(w.dataId).not.toBe(sole);
    expect(Array.from(view.dataSync())).toEqual(before);
    expect(Array.from(w.dataSync())).not.toEqual(before);
    const expected = adam64([...start], gradients.slice(0, 3), 0.01);
    expectClose(w.dataSync(), expected, (i) => 1e-6 * (1 + Math.abs(expected[i]!)));
    tf.dispose([view, w]);
    optimizer.dispose();
  });

  it('matches TensorFlow.js AdamOptimizer, and their saved states resume each other', async () => {
    const final = async (first: () => tf.Optimizer, second: () => tf.Optimizer) => {
      const w = tf.variable(tf.tensor1d(start));
      const untouched = tf.variable(tf.zeros([2]));
      let optimizer = first();
      for (let t = 0; t < gradients.length; t++) {
        if (t === 2) {
          const next = second();
          await next.setWeights(await optimizer.getWeights());
          optimizer.dispose();
          optimizer = next;
        }
        // `untouched` has no gradient: both optimizers still keep moments for it, by position.
        tf.tidy(() =>
          optimizer.applyGradients([
            { name: w.name, tensor: tf.tensor1d(gradients[t]!) },
            { name: untouched.name, tensor: null as unknown as tf.Tensor },
          ]),
        );
      }
      expect(await optimizer.getWeights()).toHaveLength(5);
      const values = Array.from(w.dataSync());
      optimizer.dispose();
      tf.dispose([w, untouched]);
      return values;
    };
    const stock = await final(
      () => tf.train.adam(0.01),
      () => tf.train.adam(0.01),
    );
    const tol = (i: number) => 2e-6 * (1 + Math.abs(stock[i]!));
    expectClose(
      await final(
        () => new FusedAdam(0.01),
        () => new FusedAdam(0.01),
      ),
      stock,
      tol,
    );
    expectClose(
      await final(
        () => new FusedAdam(0.01),
        () => tf.train.adam(0.01),
      ),
      stock,
      tol,
    );
    expectClose(
      await final(
        () => tf.train.adam(0.01),
        () => new FusedAdam(0.01),
      ),
      stock,
      tol,
    );
  });
});

describe('Identity without a copy', () => {
  it('shares the values, keeps them for the clone when the original goes, and frees them after both', () => {
    const data = (tf.backend() as unknown as { dataIdMap: { has(dataId: object): boolean } }).dataIdMap;
    const before = tf.memory().numBytes;
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    expect(b.dataId).toBe(a.dataId);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(data.has(a.dataId)).toBe(false);
    expect(tf.memory().numBytes).toBe(before);
  });
});
