/**
 * `made-baseline`: the independent-Bernoulli model of the MADE post, p(x) = Π_d μ_d^x_d (1 − μ_d)^(1 − x_d),
 * with each pixel's μ_d its smoothed training frequency (count + α) / (n + 2α). The smoothing α is
 * chosen on validation; the test split is touched once. It sets the scale: what a model gains by
 * letting pixels depend on one another.
 */
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import { spread, type ImageSet } from '../data/index.ts';
import type { Experiment } from './types.ts';
import { HOME } from './made-plan.ts';

export interface MadeBaselineConfig {
  /** Smoothing values tried on validation. */
  alphas: number[];
  /** Evaluate on n images spread over each split (smoke runs); undefined for all. */
  evalLimit?: number;
}

/** Each pixel's smoothed frequency of 1 over `set`. */
export function pixelFrequencies(set: ImageSet, alpha: number): Float64Array {
  const dim = set.height * set.width;
  const counts = new Float64Array(dim);
  for (let i = 0; i < set.images.length; i++) counts[i % dim]! += set.images[i]!;
  return counts.map((c) => (c + alpha) / (set.n + 2 * alpha));
}

/** Per image: −log p(x) in nats under independent Bernoullis of means `mu`. */
export function independentNll(set: ImageSet, mu: Float64Array): number[] {
  const dim = mu.length;
  return Array.from({ length: set.n }, (_, i) => {
    let logp = 0;
    for (let d = 0; d < dim; d++) logp += Math.log(set.images[i * dim + d]! > 0.5 ? mu[d]! : 1 - mu[d]!);
    return -logp;
  });
}

export const madeBaseline: Experiment<MadeBaselineConfig> = {
  name: 'made-baseline',
  description: 'independent-Bernoulli pixels (smoothed frequencies), the MADE post’s baseline, on mnist-10k',
  module: import.meta.url,
  home: HOME,
  dataset: 'mnist-10k',
  profiles: {
    smoke: { alphas: [0.1, 1], evalLimit: 100 },
    full: { alphas: [0.01, 0.1, 0.5, 1, 2, 5] },
  },
  async run({ config, out, metadata, data }) {
    const splits = data();
    const limit = (set: ImageSet) => (config.evalLimit === undefined ? set : spread(set, config.evalLimit));
    const validation = limit(splits.validation);
    const scores = config.alphas.map((alpha) => ({
      alpha,
      validationNll: mean(independentNll(validation, pixelFrequencies(splits.train, alpha))),
    }));
    const best = scores.reduce((a, b) => (b.validationNll < a.validationNll ? b : a));
    const mu = pixelFrequencies(splits.train, best.alpha);
    const test = independentNll(limit(splits.test), mu);
    const train = independentNll(spread(splits.train, limit(splits.test).n), mu);
    return [
      await out.writeJson(out.results, {
        ...metadata,
        config,
        alpha: best.alpha,
        validation: scores,
        test: { nll: mean(test), se: standardError(test), images: test.length },
        train: { nll: mean(train), se: standardError(train), images: train.length },
      }),
    ];
  },
};
