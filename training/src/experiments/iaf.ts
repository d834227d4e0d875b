/**
 * The training runs of the post "Variational Autoencoders with Inverse Autoregressive Flows"
 * (content/posts/vae-iaf), all on mnist-10k with the same encoder/decoder (784-500-500, ReLU),
 * Adam 1e-3, batch 100, and the same budget (at most 100 epochs, early stopping after 15 without a
 * better validation ELBO):
 *
 * - `iaf-z32-t<T>-s<seed>`: latent dimension 32 with T = 0 (the diagonal-Gaussian VAE), 1, 2 or 4
 *   IAF steps (each a MADE with one hidden layer of 500 conditioned on a 50-dimensional context from
 *   the encoder), one run per seed of iaf-plan.ts. Results only; iaf-summary.ts gathers them.
 * - `iaf-z2-t0`, `iaf-z2-t4`: latent dimension 2, for the posterior study (iaf-posteriors.ts) and
 *   the demos; each exports its decoder and its posterior sampler.
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
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { exportIafPosterior } from '../export/iaf-posterior.ts';
import { asLatentModel } from '../latent/model.ts';
import { trainAndEvaluate, type LatentRun, type LatentTrainingConfig } from '../latent/fit.ts';
import { resultsRecord } from '../latent/results.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { HOME, runName } from './iaf-names.ts';

export interface IafExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  hidden: number[];
  contextDim: number;
  steps: number;
  madeHidden: number[];
  forgetBias: number;
}

const base = {
  hidden: [500, 500],
  contextDim: 50,
  madeHidden: [500],
  forgetBias: 1,
  batchSize: 100,
  learningRate: 1e-3,
};
const smoke = { maxEpochs: 2, patience: 2, trainLimit: 1000, evalLimit: 100, importanceSamples: 20 };
const full = { maxEpochs: 100, patience: 15, importanceSamples: 1000 };

/** Model, training and the one test evaluation, the same for every run. */
async function trainRun(name: string, ctx: ExperimentContext<IafExperimentConfig>) {
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
  return { model, trained };
}

function results(ctx: ExperimentContext<IafExperimentConfig>, model: IafVae, trained: LatentRun, extra = {}) {
  return resultsRecord(ctx.metadata, ctx.config, trained, { parameters: model.params.count(), ...extra });
}

function experiment(
  name: string,
  description: string,
  config: Omit<IafExperimentConfig, keyof typeof smoke | keyof typeof full>,
  run: (ctx: ExperimentContext<IafExperimentConfig>) => Promise<string[]>,
): Experiment<IafExperimentConfig> {
  return {
    name,
    description,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    run,
  };
}

/** One latent-32 run: T flow steps, one seed; results only. */
export function mainRun(steps: number, seed: number): Experiment<IafExperimentConfig> {
  const name = runName(32, steps, seed);
  const description = `VAE with ${steps} IAF steps, latent dimension 32, seed ${seed}`;
  return experiment(name, description, { ...base, seed, latentDim: 32, steps }, async (ctx) => {
    const { model, trained } = await trainRun(name, ctx);
    const path = await ctx.out.writeJson(ctx.out.results, results(ctx, model, trained));
    disposeIafVae(model);
    return [path];
  });
}

/** One 2-D run, with its decoder and posterior sampler exported for the study and the demos. */
export function twoDimensionalRun(steps: number): Experiment<IafExperimentConfig> {
  const name = runName(2, steps);
  const description = `VAE with ${steps} IAF steps, latent dimension 2 (posterior study, demos)`;
  return experiment(name, description, { ...base, seed: 1, latentDim: 2, steps }, async (ctx) => {
    const { out } = ctx;
    const { model, trained } = await trainRun(name, ctx);

    // Export the decoder and the posterior sampler, each checked against TensorFlow.js.
    const metadata = {
      ...ctx.metadata,
      latent_dim: '2',
      flow_steps: String(steps),
      best_epoch: String(trained.result.bestEpoch),
      test_nll_nats: trained.metrics.testNll.toFixed(3),
      test_elbo_nats: trained.metrics.testElbo.toFixed(3),
    };
    const decoder = await exportVaeDecoder(model, { ...metadata, role: 'decoder' });
    const posterior = await exportIafPosterior(model, { ...metadata, role: 'posterior sampler' });
    const written = [
      await out.write(out.model('decoder'), decoder.bytes),
      await out.write(out.model('posterior'), posterior.bytes),
      await out.writeJson(
        out.results,
        results(ctx, model, trained, {
          onnxParityMaxAbsDiff: { decoder: decoder.parity, posterior: posterior.parity },
        }),
      ),
    ];
    disposeIafVae(model);
    return written;
  });
}
