/**
 * The training runs of the post "Variational Autoencoders with Inverse Autoregressive Flows"
 * (content/posts/vae-iaf), all on mnist-10k with the same encoder/decoder (784-500-500, ReLU),
 * Adam 1e-3, batch 100, and the same budget (at most 100 epochs, early stopping after 15 without a
 * better validation ELBO):
 *
 * - `iaf-z32-t<T>-s<seed>`: latent dimension 32 with T = 0 (the diagonal-Gaussian VAE), 1, 2 or 4
 *   IAF steps (each a MADE with one hidden layer of 500 conditioned on a 50-dimensional context from
 *   the encoder), one run per seed of iaf-plan.ts. Results only; iaf-summary.ts gathers them. The
 *   seed-1 runs of T = 0 and T = 4 also measure the importance-sampled NLL itself: its convergence
 *   in k and its noise over sampling seeds (latent/estimator-study.ts).
 * - `iaf-z2-t0`, `iaf-z2-t4` (iaf-2d.ts): latent dimension 2, on the same model, training and
 *   evaluation, which this module exports.
 */
import * as tf from '@tensorflow/tfjs';
import {
  createIafVae,
  decodeLogits,
  disposeIafVae,
  elboTerms,
  logImportanceWeights,
  posteriorSample,
  type IafVae,
} from '../models/iaf.ts';
import { asLatentModel } from '../latent/model.ts';
import { trainAndEvaluate, type LatentRun, type LatentTrainingConfig } from '../latent/fit.ts';
import { resultsRecord } from '../latent/results.ts';
import { estimatorStudy, type EstimatorStudyConfig } from '../latent/estimator-study.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { HOME, runName } from './iaf-names.ts';

export interface IafExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  hidden: number[];
  contextDim: number;
  steps: number;
  madeHidden: number[];
  forgetBias: number;
  /** Only some runs: the NLL estimator study. */
  estimatorStudy?: EstimatorStudyConfig;
}

/** The architecture and optimiser every run shares. */
export const base = {
  hidden: [500, 500],
  contextDim: 50,
  madeHidden: [500],
  forgetBias: 1,
  batchSize: 100,
  learningRate: 1e-3,
};
const smoke = { maxEpochs: 2, patience: 2, trainLimit: 1000, evalLimit: 100, importanceSamples: 20 };
const full = { maxEpochs: 100, patience: 15, importanceSamples: 1000 };

/** Which runs study the estimator, and how; smoke and full settings. */
const studiesEstimator = (steps: number, seed: number) => seed === 1 && (steps === 0 || steps === 4);
const estimator = {
  smoke: { samples: [5, 20, 50], repeats: 2, repeatSamples: 20 },
  full: { samples: [10, 100, 1000, 5000], repeats: 5, repeatSamples: 1000 },
};
/** Model, training and the one test evaluation, the same for every run. */
export async function trainRun(name: string, ctx: ExperimentContext<IafExperimentConfig>) {
  const { config } = ctx;
  const splits = ctx.data();
  const model = createIafVae(
    {
      inputDim: splits.train.height * splits.train.width,
      hidden: config.hidden,
      contextDim: config.contextDim,
      latentDim: config.latentDim,
      activation: 'relu',
      steps: config.steps,
      madeHidden: config.madeHidden,
      forgetBias: config.forgetBias,
    },
    config.seed,
  );
  const latent = asLatentModel(model, {
    elboTerms,
    logImportanceWeights,
    decodeLogits,
    // A typical code: the posterior sample at eps = 0.
    encodeTypical: (m, x) => posteriorSample(m, x, tf.zeros([x.shape[0], m.config.latentDim])).z,
  });
  const trained = await trainAndEvaluate({ name, ...ctx }, config, latent, splits);
  return { model, latent, trained };
}

/** The results record every run writes, with `extra` before the history. */
export function results<C extends IafExperimentConfig>(
  ctx: ExperimentContext<C>,
  model: IafVae,
  trained: LatentRun,
  extra = {},
) {
  return resultsRecord(ctx.metadata, ctx.config, trained, { parameters: model.params.count(), ...extra });
}

/** What a run chooses; the training budget and evaluation come from the profile. */
export type RunConfig = Omit<IafExperimentConfig, keyof typeof smoke | keyof typeof full | 'estimatorStudy'>;

/**
 * A run of the post: `config` plus each profile's budget and `studies`. `module` is the defining
 * module's URL, whose source closure keys the run's cache.
 */
export function iafExperiment<C extends IafExperimentConfig>(
  module: string,
  name: string,
  description: string,
  config: RunConfig,
  studies: { smoke: Partial<C>; full: Partial<C> },
  run: (ctx: ExperimentContext<C>) => Promise<string[]>,
): Experiment<C> {
  return {
    name,
    description,
    module,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: {
      smoke: { ...config, ...smoke, ...studies.smoke } as C,
      full: { ...config, ...full, ...studies.full } as C,
    },
    run,
  };
}

/** One latent-32 run: T flow steps, one seed; results only. */
export function mainRun(steps: number, seed: number): Experiment<IafExperimentConfig> {
  const name = runName(32, steps, seed);
  const description = `VAE with ${steps} IAF steps, latent dimension 32, seed ${seed}`;
  const config = { ...base, seed, latentDim: 32, steps };
  const studies = studiesEstimator(steps, seed)
    ? { smoke: { estimatorStudy: estimator.smoke }, full: { estimatorStudy: estimator.full } }
    : { smoke: {}, full: {} };
  return iafExperiment(import.meta.url, name, description, config, studies, async (ctx) => {
    const { model, latent, trained } = await trainRun(name, ctx);
    const study = ctx.config.estimatorStudy;
    const extra = study
      ? { estimatorStudy: estimatorStudy(latent, trained.testData, study, ctx.config.seed + 10) }
      : {};
    const path = await ctx.out.writeJson(ctx.out.results, results(ctx, model, trained, extra));
    disposeIafVae(model);
    return [path];
  });
}
