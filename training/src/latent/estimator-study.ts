/**
 * How good is the importance-sampled NLL as a measurement? The same trained model is evaluated on
 * the same images with several numbers of samples k (the bound tightens with k in expectation),
 * and several times at one k with different sampling seeds (the estimator's own noise, which the
 * seed-to-seed spread of a table's NLL column includes).
 */
import { mean, standardDeviation, standardError } from '@bounded-rationality/core/stats/summary.ts';
import { importanceSampledLogLikelihood } from '../train/evaluate.ts';
import type { LatentModel } from './model.ts';

export interface EstimatorStudyConfig {
  /** Numbers of importance samples k, each evaluated once. */
  samples: number[];
  /** Sampling seeds evaluated at `repeatSamples`. */
  repeats: number;
  repeatSamples: number;
}

export interface EstimatorStudy {
  /** NLL (mean over images, and its standard error over images) at each k, one sampling seed. */
  bySamples: { samples: number; nll: number; nllSe: number }[];
  /** The mean NLL at k = repeatSamples for each sampling seed, and the spread of those means. */
  repeats: { samples: number; nll: number[]; sd: number; range: number };
}

/** Runs the study on `data` [n, inputDim]; `seed` fixes every sampling seed. */
export function estimatorStudy(
  model: LatentModel,
  data: Float32Array,
  config: EstimatorStudyConfig,
  seed: number,
): EstimatorStudy {
  const nll = (samples: number, s: number) =>
    importanceSampledLogLikelihood(
      data,
      model.inputDim,
      { samples, batchSize: 25, chunk: Math.min(samples, 100), latentDim: model.latentDim, seed: s },
      (x, eps) => model.logImportanceWeights(x, eps),
    ).map((v) => -v);
  const bySamples = config.samples.map((samples) => {
    const values = nll(samples, seed);
    return { samples, nll: mean(values), nllSe: standardError(values) };
  });
  const means = Array.from({ length: config.repeats }, (_, r) => mean(nll(config.repeatSamples, seed + 1 + r)));
  return {
    bySamples,
    repeats: {
      samples: config.repeatSamples,
      nll: means,
      sd: standardDeviation(means),
      range: Math.max(...means) - Math.min(...means),
    },
  };
}
