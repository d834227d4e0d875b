import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { createVae, decodeLogits, elboTerms, logImportanceWeights } from '../models/vae.ts';
import { bernoulliLogProb, standardNormalLogProb } from '../nn/distributions.ts';
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import { importanceSampledLogLikelihood, perExample } from './evaluate.ts';
import { Rng } from '../runtime/rng.ts';

beforeAll(() => initBackend('wasm'));

// A VAE small enough to integrate exactly: 6 pixels, a 1-D latent space.
const vae = () => createVae({ inputDim: 6, hidden: [5], latentDim: 1, activation: 'tanh' }, 3);
const data = new Float32Array([1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]);

/** log p(x) by the midpoint rule over z ∈ [−10, 10]: p(x) = ∫ p(x|z) N(z; 0, 1) dz. */
function logLikelihoodByQuadrature(model: ReturnType<typeof vae>, row: Float32Array): number {
  const points = 20000;
  const dz = 20 / points;
  const z = Float32Array.from({ length: points }, (_, i) => -10 + (i + 0.5) * dz);
  const logTerms: number[] = tf.tidy(() => {
    const zt = tf.tensor2d(z, [points, 1]);
    const x = tf.tile(tf.tensor2d(row, [1, 6]), [points, 1]) as tf.Tensor2D;
    return Array.from(tf.add(bernoulliLogProb(x, decodeLogits(model, zt)), standardNormalLogProb(zt)).dataSync());
  });
  const max = Math.max(...logTerms);
  return max + Math.log(logTerms.reduce((s, v) => s + Math.exp(v - max), 0) * dz);
}

describe('importance-sampled log-likelihood', () => {
  it('agrees with numerical integration of p(x) on a 1-D latent model', () => {
    const model = vae();
    const estimate = importanceSampledLogLikelihood(
      data,
      6,
      { samples: 20000, batchSize: 3, chunk: 2000, latentDim: 1, seed: 1 },
      (x, eps) => logImportanceWeights(model, x, eps),
    );
    for (let i = 0; i < 3; i++) {
      const exact = logLikelihoodByQuadrature(model, data.subarray(i * 6, (i + 1) * 6));
      // Within float32 rounding of sums over 20,000 terms.
      expect(Math.abs(estimate[i]! - exact)).toBeLessThan(0.02);
    }
    model.params.dispose();
  });

  it('lies above the ELBO, and with one sample equals it on average', () => {
    const model = vae();
    const rng = new Rng(4);
    const elbo = perExample(data, 6, 3, (x) => {
      // Average the single-sample ELBO over many noise draws.
      const draws = Array.from({ length: 400 }, () => elboTerms(model, x, tf.tensor2d(rng.normals(3), [3, 1])).elbo);
      return tf.div(tf.addN(draws), draws.length);
    });
    const single = importanceSampledLogLikelihood(
      data,
      6,
      { samples: 1, batchSize: 3, chunk: 1, latentDim: 1, seed: 2 },
      (x, eps) => logImportanceWeights(model, x, eps),
    );
    const many = importanceSampledLogLikelihood(
      data,
      6,
      { samples: 5000, batchSize: 3, chunk: 1000, latentDim: 1, seed: 2 },
      (x, eps) => logImportanceWeights(model, x, eps),
    );
    for (let i = 0; i < 3; i++) expect(many[i]!).toBeGreaterThan(elbo[i]!);
    // k = 1 is an unbiased estimate of the ELBO: compare means over repeated seeds.
    const repeats = Array.from({ length: 300 }, (_, s) =>
      mean(
        importanceSampledLogLikelihood(
          data,
          6,
          { samples: 1, batchSize: 3, chunk: 1, latentDim: 1, seed: 100 + s },
          (x, eps) => logImportanceWeights(model, x, eps),
        ),
      ),
    );
    expect(Math.abs(mean(repeats) - mean(elbo))).toBeLessThan(4 * standardError(repeats) + 0.02);
    expect(single).toHaveLength(3);
    model.params.dispose();
  });
});
