import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { bernoulliLogProb, diagGaussianLogProb, klToStandardNormal, standardNormalLogProb } from './distributions.ts';
import { Rng } from '../runtime/rng.ts';

beforeAll(() => initBackend('wasm'));

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('distributions', () => {
  it('Bernoulli log-probability matches the direct formula, even for large logits', () => {
    const x = tf.tensor2d([[1, 0, 1]]);
    const logits = tf.tensor2d([[0.3, -1.2, 40]]);
    const p = [0.3, -1.2, 40].map((l) => 1 / (1 + Math.exp(-l)));
    const direct = Math.log(p[0]!) + Math.log(1 - p[1]!) + Math.log(p[2]!);
    expect(values(bernoulliLogProb(x, logits))[0]).toBeCloseTo(direct, 5);
    expect(Number.isFinite(values(bernoulliLogProb(tf.tensor2d([[0]]), tf.tensor2d([[80]])))[0])).toBe(true);
  });

  it('Gaussian log-density matches the scalar formula', () => {
    const z = tf.tensor2d([[0.5, -1]]);
    const mu = tf.tensor2d([[0, 1]]);
    const logvar = tf.tensor2d([[Math.log(4), 0]]);
    const scalar = (v: number, m: number, s2: number) => -0.5 * (Math.log(2 * Math.PI * s2) + (v - m) ** 2 / s2);
    expect(values(diagGaussianLogProb(z, mu, logvar))[0]).toBeCloseTo(scalar(0.5, 0, 4) + scalar(-1, 1, 1), 5);
    expect(values(standardNormalLogProb(z))[0]).toBeCloseTo(scalar(0.5, 0, 1) + scalar(-1, 0, 1), 5);
  });

  it('diagonal Gaussian log-density matches an independent float64 formula, per example and dimension', () => {
    const rng = new Rng(3);
    const [n, d] = [3, 4];
    const z = Array.from({ length: n }, () => Array.from(rng.normals(d)));
    const mu = Array.from({ length: n }, () => Array.from(rng.normals(d)));
    // log σ² from −2 to 2, far from 0, and not cancelling within a row.
    const logvar = Array.from({ length: n }, (_, b) =>
      Array.from({ length: d }, (_, k) => 2 - ((b + k * n) % 9) * 0.5),
    );
    const got = values(diagGaussianLogProb(tf.tensor2d(z), tf.tensor2d(mu), tf.tensor2d(logvar)));
    for (let b = 0; b < n; b++) {
      let expected = 0;
      for (let k = 0; k < d; k++) {
        const s2 = Math.exp(logvar[b]![k]!);
        expected += -0.5 * ((z[b]![k]! - mu[b]![k]!) ** 2 / s2 + logvar[b]![k]! + Math.log(2 * Math.PI));
      }
      expect(got[b], `example ${b}`).toBeCloseTo(expected, 4);
    }
    expect(values(standardNormalLogProb(tf.tensor2d(z)))[0]).toBeCloseTo(
      z[0]!.reduce((s, v) => s - 0.5 * (v * v + Math.log(2 * Math.PI)), 0),
      4,
    );
  });

  it('closed-form KL agrees with a Monte Carlo estimate', () => {
    const mu = [0.7, -0.3];
    const logvar = [Math.log(0.25), Math.log(2)];
    const kl = values(klToStandardNormal(tf.tensor2d([mu]), tf.tensor2d([logvar])))[0]!;
    const rng = new Rng(11);
    const n = 200000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let logq = 0;
      let logp = 0;
      for (let d = 0; d < 2; d++) {
        const s = Math.exp(logvar[d]! / 2);
        const e = rng.normal();
        const z = mu[d]! + s * e;
        logq += -0.5 * (Math.log(2 * Math.PI) + logvar[d]! + e * e);
        logp += -0.5 * (Math.log(2 * Math.PI) + z * z);
      }
      sum += logq - logp;
    }
    expect(kl).toBeCloseTo(sum / n, 2);
  });
});
