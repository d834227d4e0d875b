import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { Params } from '../nn/params.ts';
import { estimatorStudy } from './estimator-study.ts';
import type { LatentModel } from './model.ts';

beforeAll(() => initBackend('wasm'));

/*
 * A model with a known likelihood: p(x|z) does not depend on z, so log p(x) = Σ_j log Bernoulli(x_j;
 * sigmoid(c_j)) and the posterior is the prior. Its q is N(shift, I) in one dimension, so the log
 * weight at z = shift + ε is log p(x) + log N(z; 0, 1) − log N(ε; 0, 1) = log p(x) − shift·ε − shift²/2,
 * written here directly.
 */
const logits = [0.4, -1.2, 2];
const images = new Float32Array([1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0]);
const logSigmoid = (a: number) => -Math.log1p(Math.exp(-a));
const meanNll =
  -Array.from({ length: 4 }, (_, i) =>
    logits.reduce((s, c, j) => s + (images[i * 3 + j]! > 0.5 ? logSigmoid(c) : logSigmoid(-c)), 0),
  ).reduce((a, b) => a + b) / 4;

function model(shift: number): LatentModel {
  const logPx = (x: tf.Tensor2D) => {
    const l = tf.tensor2d([logits]);
    return tf.sum(tf.sub(tf.mul(x, l), tf.softplus(tf.tile(l, [x.shape[0], 1]))), 1);
  };
  return {
    params: new Params(),
    inputDim: 3,
    latentDim: 1,
    elboTerms: () => {
      throw new Error('not used');
    },
    decodeLogits: () => {
      throw new Error('not used');
    },
    encodeTypical: () => {
      throw new Error('not used');
    },
    logImportanceWeights: (x, eps) => {
      const [k, batch] = eps.shape;
      const e = tf.reshape(eps, [k, batch]);
      return tf.add(tf.sub(tf.mul(e, -shift), (shift * shift) / 2), logPx(x)) as tf.Tensor2D;
    },
  };
}

describe('NLL estimator study', () => {
  it('is exact at every k, with no noise over seeds, when q is the posterior', () => {
    const study = estimatorStudy(model(0), images, { samples: [1, 10, 100], repeats: 3, repeatSamples: 10 }, 1);
    for (const row of study.bySamples) expect(row.nll).toBeCloseTo(meanNll, 4);
    expect(study.repeats.sd).toBeLessThan(1e-5);
  });

  it('tightens with k towards log p(x) from the ELBO, and measures its own noise over seeds', () => {
    const shift = 1.5;
    const study = estimatorStudy(model(shift), images, { samples: [1, 100, 5000], repeats: 4, repeatSamples: 100 }, 2);
    const [one, hundred, many] = study.bySamples.map((r) => r.nll - meanNll);
    // k = 1 is the ELBO: KL(N(shift, 1) ‖ N(0, 1)) = shift²/2 above the NLL on average (4 images, 1 draw each: sd 1.5/2).
    expect(Math.abs(one! - (shift * shift) / 2)).toBeLessThan(2.5);
    expect(hundred!).toBeGreaterThan(many!);
    expect(many!).toBeGreaterThan(-0.05);
    expect(many!).toBeLessThan(0.1);
    // Different sampling seeds give different estimates; the reported spread is theirs.
    expect(study.repeats.nll).toHaveLength(4);
    expect(new Set(study.repeats.nll).size).toBe(4);
    expect(study.repeats.sd).toBeGreaterThan(0);
    expect(study.repeats.range).toBeCloseTo(Math.max(...study.repeats.nll) - Math.min(...study.repeats.nll), 10);
  });
});
