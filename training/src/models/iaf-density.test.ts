/**
 * Tests of the IAF-VAE's densities against code written here, in float64, rather than against the
 * helpers the model itself calls: p(x) by quadrature over a 2-D latent grid, log q₀ by the
 * Gaussian formula, and each flow step's gate (the diagonal of its Jacobian) by a plain forward
 * pass through the step's weights. Each test was checked to fail with a bug planted in the code it
 * targets (the log-det's sign in log q, log σ dropped from log q₀, a zeroed context, a gate without
 * the forget bias or with g and 1 − g swapped).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { applyMade, type Made, type MaskedDenseLayer } from '../nn/made.ts';
import {
  createIafVae,
  decodeLogits,
  disposeIafVae,
  encodeIaf,
  flow,
  flowStep,
  logImportanceWeights,
  posteriorSample,
  type IafVae,
} from './iaf.ts';

beforeAll(() => initBackend('wasm'));

const LOG_2PI = Math.log(2 * Math.PI);
const values = (t: tf.Tensor) => Array.from(t.dataSync());
const rows = (t: tf.Tensor2D) => t.arraySync();

function model(latentDim: number, steps: number, seed = 7): IafVae {
  return createIafVae(
    {
      inputDim: 8,
      hidden: [8],
      contextDim: 4,
      latentDim,
      activation: 'relu',
      steps,
      madeHidden: [8],
      forgetBias: 1,
    },
    seed,
  );
}

/** Randomises every bias (N(0, 0.5²)), so that the flow is far from the identity and no unit is dead by accident. */
function perturb(m: IafVae, seed: number) {
  const rng = new Rng(seed);
  for (const v of m.params.list()) {
    if (v.shape.length === 1) v.assign(tf.mul(tf.tensor1d(rng.normals(v.shape[0]!)), 0.5));
  }
}

const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
const logSigmoid = (a: number) => -softplus(-a);

/** Σ_d −½(z_d² + log 2π), float64. */
function standardNormal64(z: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < z.length; d++) s += -0.5 * (z[d]! * z[d]! + LOG_2PI);
  return s;
}

/** Σ_d −½((z_d − μ_d)²/σ_d² + log σ_d² + log 2π), float64. */
function diagGaussian64(z: readonly number[], mu: readonly number[], logvar: readonly number[]): number {
  return z.reduce((s, v, d) => s - 0.5 * ((v - mu[d]!) ** 2 / Math.exp(logvar[d]!) + logvar[d]! + LOG_2PI), 0);
}

/** Σ_d x_d l_d − softplus(l_d), float64. */
function bernoulli64(x: readonly number[], logits: ArrayLike<number>, offset: number): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) {
    const l = logits[offset + d]!;
    s += x[d]! * l - softplus(l);
  }
  return s;
}

function logMeanExp(a: readonly number[]): number {
  const max = Math.max(...a);
  return max + Math.log(a.reduce((s, v) => s + Math.exp(v - max), 0) / a.length);
}

/** x (W ⊙ M) + b in float64, from the layer's own weight, bias and mask. */
function maskedAffine64(l: MaskedDenseLayer, x: readonly number[]): number[] {
  const w = l.layer.weight.dataSync();
  const b = l.layer.bias.dataSync();
  const out = l.layer.outputs;
  return Array.from({ length: out }, (_, j) =>
    x.reduce((s, v, i) => s + v * w[i * out + j]! * l.mask[i * out + j]!, b[j]!),
  );
}

/** One MADE forward pass in float64: ReLU hidden layers, the context entering the first through its own weight. */
function made64(made: Made, z: readonly number[], context: readonly number[]): { m: number[]; s: number[] } {
  const wc = made.context.dataSync();
  const first = made.hidden[0]!.layer.outputs;
  let h = maskedAffine64(made.hidden[0]!, z).map((v, j) =>
    Math.max(
      0,
      context.reduce((s, c, k) => s + c * wc[k * first + j]!, v),
    ),
  );
  for (const layer of made.hidden.slice(1)) h = maskedAffine64(layer, h).map((v) => Math.max(0, v));
  return { m: maskedAffine64(made.m, h), s: maskedAffine64(made.s, h) };
}

/** The whole flow in float64, as the paper writes it: z_t = g ⊙ z_{t−1} + (1 − g) ⊙ m, log-det Σ log g. */
function flow64(m: IafVae, z0: readonly number[], context: readonly number[]): { z: number[]; logDet: number } {
  let z = [...z0];
  let logDet = 0;
  for (const made of m.steps) {
    const { m: shift, s } = made64(made, z, context);
    const a = s.map((v) => v + m.config.forgetBias);
    const g = a.map((v) => 1 / (1 + Math.exp(-v)));
    z = z.map((v, d) => g[d]! * v + (1 - g[d]!) * shift[d]!);
    logDet += a.reduce((acc, v) => acc + logSigmoid(v), 0);
  }
  return { z, logDet };
}

/** The Jacobian dz'/dz of f at one point (row i = gradient of output i), by reverse-mode autograd. */
function jacobian(f: (z: tf.Tensor2D) => tf.Tensor2D, z: tf.Tensor2D): number[][] {
  return Array.from({ length: z.shape[1] }, (_, i) =>
    values(tf.grad((v: tf.Tensor) => tf.sum(tf.slice(f(v as tf.Tensor2D), [0, i], [1, 1])))(z)),
  );
}

/**
 * log p(x) = log ∫ p(x|z) N(z; 0, I) dz by the midpoint rule on [−L, L]² with spacing h: the
 * decoder's logits at each grid point, everything after them in float64.
 */
function quadratureLogPx(m: IafVae, xs: readonly (readonly number[])[], L: number, h: number): number[] {
  const n = Math.round((2 * L) / h);
  const grid = new Float32Array(n * n * 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      grid[2 * (i * n + j)] = -L + (i + 0.5) * h;
      grid[2 * (i * n + j) + 1] = -L + (j + 0.5) * h;
    }
  }
  const logits = tf.tidy(() => decodeLogits(m, tf.tensor2d(grid, [n * n, 2])).dataSync());
  const dim = m.config.inputDim;
  return xs.map((x) => {
    const terms = Array.from(
      { length: n * n },
      (_, p) => standardNormal64(grid.subarray(2 * p, 2 * p + 2)) + bernoulli64(x, logits, p * dim),
    );
    return logMeanExp(terms) + Math.log(n * n * h * h);
  });
}

const binaryXs = [
  [1, 0, 1, 1, 0, 0, 1, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [1, 1, 1, 1, 1, 1, 1, 1],
  [0, 1, 0, 0, 1, 1, 0, 1],
];

describe('IAF-VAE density, 2-D latent', () => {
  it('has an importance-sampled log p(x) that agrees with quadrature of ∫ p(x|z) p(z) dz', () => {
    tf.tidy(() => {
      const m = model(2, 2, 3);
      perturb(m, 103);
      // A q wider than the posterior (σ₀² ≈ 4 before the flow's gates shrink it), so that the
      // importance weights have a small variance: the estimate is then within a few hundredths of
      // a nat of log p(x). Any valid q gives an unbiased p(x); a wrong log q does not.
      m.logvar.bias.assign(tf.fill([2], Math.log(4)));
      m.logvar.weight.assign(tf.mul(m.logvar.weight, 0.1));
      m.mean.weight.assign(tf.mul(m.mean.weight, 0.3));

      const exact = quadratureLogPx(m, binaryXs, 7, 0.1);
      // The grid is fine enough: halving its resolution moves log p(x) by well under 10⁻³.
      quadratureLogPx(m, binaryXs, 7, 0.2).forEach((v, i) => expect(v).toBeCloseTo(exact[i]!, 3));

      const k = 4000;
      const eps = tf.tensor3d(new Rng(10).normals(k * binaryXs.length * 2), [k, binaryXs.length, 2]);
      const weights = rows(logImportanceWeights(m, tf.tensor2d(binaryXs), eps));
      binaryXs.forEach((_, b) => {
        const w = weights.map((r) => r[b]!);
        const max = Math.max(...w);
        const r = w.map((v) => Math.exp(v - max));
        const ess = r.reduce((s, v) => s + v, 0) ** 2 / r.reduce((s, v) => s + v * v, 0);
        // Measured: |difference| ≤ 0.03 nats; with the log-det's sign flipped in log q, +2.3.
        expect(
          Math.abs(logMeanExp(w) - exact[b]!),
          `log p(x${b}): IS ${logMeanExp(w)}, quadrature ${exact[b]}`,
        ).toBeLessThan(0.1);
        // A check on the test itself: q covers the posterior, so the weights vary little (measured ESS ≥ 2,600).
        expect(ess, `effective sample size for x${b}`).toBeGreaterThan(k / 4);
      });
      disposeIafVae(m);
    });
  });
});

describe('IAF-VAE posterior density against independent float64 formulas', () => {
  it('with no steps: z₀ = μ + σ ε and log q = log N(z₀; μ, σ²)', () => {
    tf.tidy(() => {
      const m = model(3, 0);
      perturb(m, 21);
      // Variances far from 1, so that a missing log σ² term moves log q by ½ |Σ log σ²| > 0.5.
      m.logvar.bias.assign(tf.tensor1d([1.2, -0.6, 1.4]));
      const x = tf.tensor2d(binaryXs.slice(0, 3));
      const eps = rows(tf.tensor2d(new Rng(5).normals(9), [3, 3]));
      const { mu, logvar } = encodeIaf(m, x);
      const { z, logQ } = posteriorSample(m, x, tf.tensor2d(eps));
      const [muRows, lvRows, zRows, lq] = [rows(mu), rows(logvar), rows(z), values(logQ)];
      for (let b = 0; b < 3; b++) {
        const z0 = muRows[b]!.map((v, d) => v + Math.exp(lvRows[b]![d]! / 2) * eps[b]![d]!);
        zRows[b]!.forEach((v, d) => expect(v).toBeCloseTo(z0[d]!, 5));
        expect(Math.abs(lvRows[b]!.reduce((s, v) => s + v, 0))).toBeGreaterThan(1);
        expect(lq[b]).toBeCloseTo(diagGaussian64(z0, muRows[b]!, lvRows[b]!), 4);
      }
      disposeIafVae(m);
    });
  });

  it('with two steps: log q(z_T|x) = log N(z₀; μ, σ²) − Σ log g, the flow recomputed in float64', () => {
    tf.tidy(() => {
      for (const latentDim of [2, 3]) {
        const m = model(latentDim, 2);
        perturb(m, 31);
        const x = tf.tensor2d(binaryXs);
        const eps = rows(tf.tensor2d(new Rng(6).normals(4 * latentDim), [4, latentDim]));
        const { mu, logvar, context } = encodeIaf(m, x);
        const { z, logQ } = posteriorSample(m, x, tf.tensor2d(eps));
        const [muRows, lvRows, ctx, zRows, lq] = [rows(mu), rows(logvar), rows(context), rows(z), values(logQ)];
        for (let b = 0; b < 4; b++) {
          const z0 = muRows[b]!.map((v, d) => v + Math.exp(lvRows[b]![d]! / 2) * eps[b]![d]!);
          const expected = flow64(m, z0, ctx[b]!);
          expect(expected.logDet).toBeLessThan(-0.5); // a sign error in log q would move it by over 1 nat
          zRows[b]!.forEach((v, d) => expect(v, `z_T[${b}][${d}], D = ${latentDim}`).toBeCloseTo(expected.z[d]!, 4));
          expect(lq[b], `log q, D = ${latentDim}`).toBeCloseTo(
            diagGaussian64(z0, muRows[b]!, lvRows[b]!) - expected.logDet,
            4,
          );
        }
        disposeIafVae(m);
      }
    });
  });
});

describe('IAF context', () => {
  // In nn/made.ts the context enters the first hidden layer unmasked, and the output mask gives the
  // first coordinate in a step's ordering (degree 1) no hidden unit at all: its m and s are the
  // output biases, independent of both z and the context. Every later coordinate sees the context.
  for (const latentDim of [2, 3]) {
    it(`reaches every output of each step but the first in its ordering (D = ${latentDim})`, () => {
      tf.tidy(() => {
        const m = model(latentDim, 2);
        perturb(m, 41);
        const z = tf.tensor2d([[0.4, -0.9, 1.3].slice(0, latentDim)]);
        const c1 = tf.tensor2d([[0.5, -0.3, 0.8, 0.1]]);
        const c2 = tf.tensor2d([[-0.6, 0.9, -0.2, 0.7]]);
        m.steps.forEach((made, t) => {
          const first = t % 2 === 0 ? 0 : latentDim - 1; // forward, then reverse
          const [a, b] = [applyMade(made, z, c1), applyMade(made, z, c2)];
          const za = values(flowStep(made, z, c1, m.config.forgetBias).z);
          const zb = values(flowStep(made, z, c2, m.config.forgetBias).z);
          for (const head of ['m', 's'] as const) {
            const [ha, hb] = [values(a[head]), values(b[head])];
            expect(ha[first], `step ${t} ${head}[${first}]`).toBe(hb[first]);
            expect(ha[first], `step ${t} ${head}[${first}] is the bias`).toBeCloseTo(
              made[head].layer.bias.dataSync()[first]!,
              6,
            );
            for (let d = 0; d < latentDim; d++) {
              if (d !== first) expect(Math.abs(ha[d]! - hb[d]!), `step ${t} ${head}[${d}]`).toBeGreaterThan(1e-3);
            }
          }
          expect(za[first], `step ${t} z'[${first}]`).toBe(zb[first]);
          for (let d = 0; d < latentDim; d++) {
            if (d !== first) expect(Math.abs(za[d]! - zb[d]!), `step ${t} z'[${d}]`).toBeGreaterThan(1e-3);
          }
        });
        disposeIafVae(m);
      });
    });
  }

  it("carries the encoder's context into the posterior sample, log q and the importance weights", () => {
    tf.tidy(() => {
      const m = model(2, 2);
      perturb(m, 51);
      const x = tf.tensor2d(binaryXs);
      const eps = tf.tensor2d(new Rng(8).normals(8), [4, 2]);
      const run = () => {
        const { mu, logvar } = encodeIaf(m, x);
        const { z, logQ } = posteriorSample(m, x, eps);
        const w = logImportanceWeights(m, x, tf.reshape(eps, [1, 4, 2]) as tf.Tensor3D);
        return { mu: values(mu), logvar: values(logvar), z: values(z), logQ: values(logQ), w: values(w) };
      };
      const before = run();
      // Only the context head changes: μ and log σ² stay exactly the same.
      m.context.bias.assign(tf.add(m.context.bias, tf.tensor1d([1, -1, 0.5, -0.5])));
      const after = run();
      expect(after.mu).toEqual(before.mu);
      expect(after.logvar).toEqual(before.logvar);
      // After a forward and a reverse step, both coordinates of z_T depend on the context.
      after.z.forEach((v, i) => expect(Math.abs(v - before.z[i]!), `z[${i}]`).toBeGreaterThan(1e-3));
      after.logQ.forEach((v, i) => expect(Math.abs(v - before.logQ[i]!), `log q[${i}]`).toBeGreaterThan(1e-3));
      after.w.forEach((v, i) => expect(Math.abs(v - before.w[i]!), `log w[${i}]`).toBeGreaterThan(1e-3));
      disposeIafVae(m);
    });
  });
});

describe('IAF step Jacobian', () => {
  for (const latentDim of [2, 3]) {
    it(`is triangular in the step's ordering with the gates sigmoid(s + forget bias) on its diagonal (D = ${latentDim})`, () => {
      tf.tidy(() => {
        const m = model(latentDim, 2);
        perturb(m, 61);
        const c = [0.1, 0.2, -0.7, 0.4];
        const context = tf.tensor2d([c]);
        let z = [0.2, 0.5, -1.5].slice(0, latentDim);
        let total = 0;
        m.steps.forEach((made, t) => {
          const zt = tf.tensor2d([z]);
          const step = (v: tf.Tensor2D) => flowStep(made, v, context, m.config.forgetBias).z;
          const jac = jacobian(step, zt);
          // Position in the ordering, written out: step 0 forward, step 1 reverse.
          const position = (i: number) => (t % 2 === 0 ? i : latentDim - 1 - i);
          const { s } = made64(made, z, c);
          // The float64 pass is the same network as the model's: its s agrees with applyMade's.
          values(applyMade(made, zt, context).s).forEach((v, d) => expect(v).toBeCloseTo(s[d]!, 5));
          const g = s.map((v) => 1 / (1 + Math.exp(-(v + m.config.forgetBias))));
          for (let i = 0; i < latentDim; i++) {
            expect(jac[i]![i], `step ${t}: dz'${i}/dz${i} = g${i}`).toBeCloseTo(g[i]!, 5);
            for (let j = 0; j < latentDim; j++) {
              if (position(j) > position(i)) expect(Math.abs(jac[i]![j]!), `step ${t}: dz'${i}/dz${j}`).toBe(0);
            }
          }
          // Gates away from the forget bias's own value, so that one missing term would show.
          expect(g.some((v) => Math.abs(v - 1 / (1 + Math.exp(-1))) > 0.05)).toBe(true);
          const logDet = values(flowStep(made, zt, context, m.config.forgetBias).logDet)[0]!;
          const sumLogG = g.reduce((s, v) => s + Math.log(v), 0);
          expect(logDet, `step ${t}: log-det = Σ log g`).toBeCloseTo(sumLogG, 5);
          total += sumLogG;
          z = values(step(zt));
        });
        expect(values(flow(m, tf.tensor2d([[0.2, 0.5, -1.5].slice(0, latentDim)]), context).logDet)[0]).toBeCloseTo(
          total,
          5,
        );
        disposeIafVae(m);
      });
    });
  }
});
