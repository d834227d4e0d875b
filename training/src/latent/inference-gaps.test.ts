import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { gridLogEvidence, inferenceGaps, type AmortizedPosterior, type InferenceGapConfig } from './inference-gaps.ts';

beforeAll(() => initBackend('wasm'));

/*
 * A model whose answers are known in closed form: the decoder ignores z (logits c), so the
 * posterior is the prior N(0, I) and log p(x) = Σ_j log Bernoulli(x_j; sigmoid(c_j)). The encoder
 * gives every image the same Gaussian q = N(μ, diag e^v), so the amortization gap is KL(q ‖ N(0, I))
 * and the best Gaussian (the prior) has no approximation gap. The log weights are written here,
 * from the densities' formulas, not with the models' code.
 */
const logits = [1.5, -0.5, 0.2, -2, 0.7];
const mu = [1, -0.5];
const logvar = [0.5, -1];
const images = new Float32Array([1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1]);
const n = 3;
const d = logits.length;

const logSigmoid = (a: number) => -Math.log1p(Math.exp(-a));
const exactLogEvidence = (i: number) =>
  logits.reduce((s, c, j) => s + (images[i * d + j]! > 0.5 ? logSigmoid(c) : logSigmoid(-c)), 0);
const exactKl = 0.5 * mu.reduce((s, m, k) => s + m * m + Math.exp(logvar[k]!) - logvar[k]! - 1, 0);

type Gaussian = { mu: tf.Tensor2D; logvar: tf.Tensor2D };
const LOG_2PI = Math.log(2 * Math.PI);

const family: AmortizedPosterior<Gaussian> = {
  inputDim: d,
  latentDim: 2,
  encode: (x) => ({
    mu: tf.tile(tf.tensor2d([mu]), [x.shape[0], 1]) as tf.Tensor2D,
    logvar: tf.tile(tf.tensor2d([logvar]), [x.shape[0], 1]) as tf.Tensor2D,
  }),
  recentre: (encoding, z) => ({ ...encoding, mu: z }),
  decodeLogits: (z) => tf.add(tf.mul(tf.sum(z, 1, true), 0), tf.tensor2d([logits])) as tf.Tensor2D,
  logWeights: (x, { mu: m, logvar: v }, eps) => {
    const z = tf.add(m, tf.mul(tf.exp(tf.mul(0.5, v)), eps));
    const k = eps.shape[0] / x.shape[0];
    const targets = tf.tile(x, [k, 1]);
    const l = tf.tensor2d([logits]);
    const logLikelihood = tf.sum(tf.sub(tf.mul(targets, l), tf.softplus(tf.tile(l, [targets.shape[0], 1]))), 1);
    const logPrior = tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), 1));
    const logQ = tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.square(eps), v), LOG_2PI), 1));
    return tf.sub(tf.add(logLikelihood, logPrior), logQ) as tf.Tensor1D;
  },
};

/** gridLogEvidence on images [n, width], disposing the tensor after. */
function evidence(
  decode: (z: tf.Tensor2D) => tf.Tensor2D,
  values: Float32Array,
  width: number,
): ReturnType<typeof gridLogEvidence> {
  const x = tf.tensor2d(values, [values.length / width, width]);
  try {
    return gridLogEvidence(decode, x, config.grid);
  } finally {
    x.dispose();
  }
}

const config: InferenceGapConfig = {
  steps: 300,
  samples: 8,
  learningRate: 0.05,
  evalSamples: 4000,
  batchSize: 2,
  grid: { side: 120, extent: 6 },
  traceEvery: 100,
  seed: 3,
};

describe('inference gaps', () => {
  it('integrates p(x) on the grid to the closed form, with almost no mass in the outer ring', () => {
    const { logEvidence, borderMass } = evidence(family.decodeLogits, images, d);
    for (let i = 0; i < n; i++) expect(logEvidence[i]).toBeCloseTo(exactLogEvidence(i), 4);
    // N(0, I) outside |z|∞ < 5.7: about 1e-8.
    for (const b of borderMass) expect(b).toBeLessThan(1e-6);
  });

  it('reports the whole border mass when the posterior sits in the ring', () => {
    // Logits of −80 below z₁ = 5.8 and +80 above: an all-ones image is e^320 likelier there,
    // which outweighs the prior's e^−17.
    const decode = (z: tf.Tensor2D) =>
      tf
        .mul(tf.sub(tf.mul(tf.sigmoid(tf.mul(tf.sub(tf.slice(z, [0, 0], [-1, 1]), 5.8), 50)), 2), 1), 80)
        .tile([1, 4]) as tf.Tensor2D;
    const { borderMass } = evidence(decode, new Float32Array(4).fill(1), 4);
    expect(borderMass[0]).toBeGreaterThan(0.99);
  });

  it('splits the gap: KL(q ‖ prior) is all amortization, and the optimised Gaussian closes it', () => {
    const gaps = inferenceGaps(family, images, config);
    for (let i = 0; i < n; i++) {
      expect(gaps.logEvidence[i]).toBeCloseTo(exactLogEvidence(i), 4);
      // Monte Carlo over 4,000 draws: standard error about 0.02 nats.
      expect(Math.abs(gaps.amortizedElbo[i]! - (exactLogEvidence(i) - exactKl))).toBeLessThan(0.08);
      expect(gaps.logEvidence[i]! - gaps.optimizedElbo[i]!).toBeLessThan(0.03);
      expect(gaps.logEvidence[i]! - gaps.optimizedElbo[i]!).toBeGreaterThan(-0.03);
    }
    expect(exactKl).toBeGreaterThan(0.5);
    // The objective's trace starts at the amortized ELBO and climbs to log p(x).
    const meanEvidence = (exactLogEvidence(0) + exactLogEvidence(1) + exactLogEvidence(2)) / 3;
    expect(gaps.trace.map((t) => t.step)).toEqual([0, 100, 200, 300]);
    expect(gaps.trace[0]!.elbo).toBeLessThan(meanEvidence - exactKl + 0.5);
    expect(gaps.trace.at(-1)!.elbo).toBeGreaterThan(meanEvidence - 0.05);
  });

  it('restarts at the grid mode when the encoder points far from the posterior', () => {
    // Four pixels, all on; each logit is 20 − 10‖z − c‖², so the posterior sits within about √2 of
    // c = (2.5, −2.5), while the encoder's narrow q sits at (−2, 2): too far for 20 small Adam steps.
    const centre = tf.tensor2d([[2.5, -2.5]]);
    const decode = (z: tf.Tensor2D) =>
      tf.tile(tf.sub(20, tf.mul(10, tf.sum(tf.square(tf.sub(z, centre)), 1, true))), [1, 4]) as tf.Tensor2D;
    const far: AmortizedPosterior<Gaussian> = {
      ...family,
      inputDim: 4,
      encode: (x) => ({
        mu: tf.tile(tf.tensor2d([[-2, 2]]), [x.shape[0], 1]) as tf.Tensor2D,
        logvar: tf.fill([x.shape[0], 2], -4) as tf.Tensor2D,
      }),
      decodeLogits: decode,
      logWeights: (x, { mu: m, logvar: v }, eps) => {
        const z = tf.add(m, tf.mul(tf.exp(tf.mul(0.5, v)), eps)) as tf.Tensor2D;
        const l = decode(z);
        const targets = tf.tile(x, [eps.shape[0] / x.shape[0], 1]);
        const logLikelihood = tf.sum(tf.sub(tf.mul(targets, l), tf.softplus(l)), 1);
        const logPrior = tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), 1));
        const logQ = tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.square(eps), v), LOG_2PI), 1));
        return tf.sub(tf.add(logLikelihood, logPrior), logQ) as tf.Tensor1D;
      },
    };
    const ones = new Float32Array(8).fill(1);
    const gaps = inferenceGaps(far, ones, { ...config, steps: 20, learningRate: 0.01, traceEvery: 10 });
    expect(gaps.restartWins).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(gaps.logEvidence[i]! - gaps.amortizedElbo[i]!).toBeGreaterThan(50);
      expect(gaps.logEvidence[i]! - gaps.optimizedElbo[i]!).toBeLessThan(3);
      expect(gaps.logEvidence[i]! - gaps.optimizedElbo[i]!).toBeGreaterThan(0);
    }
    expect(gaps.restartTrace.at(-1)!.elbo).toBeGreaterThan(gaps.trace.at(-1)!.elbo + 40);
    centre.dispose();
  });

  it('refuses a latent space the grid cannot cover', () => {
    expect(() => inferenceGaps({ ...family, latentDim: 3 }, images, config)).toThrow(/2-D latent/);
  });
});
