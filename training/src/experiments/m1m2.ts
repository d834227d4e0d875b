/**
 * The M1+M2 runs of the semi-supervised post: `m1m2-s<seed>`. M1, a Bernoulli VAE (784-500-500 →
 * 50, the epoch chosen on validation ELBO), is trained once on every training image with no label;
 * then for each label budget, M2 with a Gaussian likelihood models M1's posterior means, with the
 * same labelled subset as the M2 run of that budget and seed (labelledSplit draws it from the seed
 * alone). Results: M1's own test ELBO and NLL, and per budget what an M2 run records.
 */
import { createVae, decodeLogits, elboTerms, encode, logImportanceWeights } from '../models/vae.ts';
import { asLatentModel } from '../latent/model.ts';
import { trainAndEvaluate, type LatentTrainingConfig } from '../latent/fit.ts';
import { featureSplits } from '../m2/features.ts';
import { trainAndEvaluateM2, type M2TrainingConfig } from '../m2/fit.ts';
import { m2Record } from '../m2/record.ts';
import { disposeM2 } from '../models/m2.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { HOME, m1m2RunName } from './m2-plan.ts';

export interface M1M2ExperimentConfig {
  m1: LatentTrainingConfig & { latentDim: number; hidden: number[] };
  /** M2's settings but the budget, which `labelCounts` gives. */
  m2: Omit<M2TrainingConfig, 'labels'>;
  labelCounts: number[];
}

async function run(name: string, ctx: ExperimentContext<M1M2ExperimentConfig>): Promise<string[]> {
  const { config, out } = ctx;
  const splits = ctx.data();
  const vae = createVae(
    {
      inputDim: splits.train.height * splits.train.width,
      hidden: config.m1.hidden,
      latentDim: config.m1.latentDim,
      activation: 'relu',
    },
    config.m1.seed,
  );
  const m1 = await trainAndEvaluate(
    { name: `${name}/m1`, ...ctx },
    config.m1,
    asLatentModel(vae, { elboTerms, logImportanceWeights, decodeLogits, encodeTypical: (m, x) => encode(m, x).mu }),
    splits,
  );
  const features = featureSplits(vae, splits);
  vae.params.dispose();
  const budgets = [];
  for (const labels of config.labelCounts) {
    const trained = await trainAndEvaluateM2(
      { ...ctx, name: `${name}-l${labels}` },
      { ...config.m2, labels },
      features,
    );
    budgets.push(m2Record(trained));
    disposeM2(trained.model);
  }
  const path = await out.writeJson(out.results, {
    ...ctx.metadata,
    config,
    m1: {
      epochs: { trained: m1.result.history.length, best: m1.result.bestEpoch },
      seconds: m1.trainSeconds,
      metrics: m1.metrics,
      history: m1.result.history,
    },
    budgets,
  });
  return [path];
}

const m1 = { latentDim: 50, hidden: [500, 500], batchSize: 100, learningRate: 1e-3 };
const m2 = {
  latentDim: 50,
  hidden: [500],
  likelihood: 'gaussian' as const,
  alphaScale: 1,
  batchSize: 100,
  labelledBatch: 100,
  learningRate: 1e-3,
};

/** One seed's run over the label budgets `labelCounts`. */
export function m1m2Run(seed: number, labelCounts: number[]): Experiment<M1M2ExperimentConfig> {
  const name = m1m2RunName(seed);
  return {
    name,
    description: `M1+M2 (seed ${seed}): M2 on the latent means of a VAE trained on every training image, at each label budget`,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: {
      smoke: {
        m1: {
          ...m1,
          seed,
          hidden: [64],
          latentDim: 8,
          maxEpochs: 2,
          patience: 2,
          importanceSamples: 5,
          trainLimit: 500,
          evalLimit: 100,
        },
        m2: { ...m2, seed, hidden: [32], latentDim: 4, maxEpochs: 2, patience: 2, trainLimit: 2000, evalLimit: 100 },
        labelCounts,
      },
      full: {
        m1: { ...m1, seed, maxEpochs: 200, patience: 15, importanceSamples: 100 },
        m2: { ...m2, seed, maxEpochs: 200, patience: 30 },
        labelCounts,
      },
    },
    run: (ctx) => run(name, ctx),
  };
}
