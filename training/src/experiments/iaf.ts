/**
 * The training runs of the post "Variational Autoencoders with Inverse Autoregressive Flows"
 * (content/posts/vae-iaf), all on mnist-10k with the same encoder/decoder (784-500-500, ReLU),
 * Adam 1e-3, batch 100, and the same budget (at most 100 epochs, early stopping after 15 without a
 * better validation ELBO):
 *
 * - `iaf-z32-t{0,1,2,4}-s{1,2,3}`: latent dimension 32 with T = 0 (the diagonal-Gaussian VAE), 1,
 *   2 or 4 IAF steps (each a MADE with one hidden layer of 500 conditioned on a 50-dimensional
 *   context from the encoder), three seeds each. Results only; iaf-summary.ts gathers them.
 * - `iaf-z2-t0`, `iaf-z2-t4`: latent dimension 2, for the posterior study (iaf-posteriors.ts) and
 *   the demos; each exports its decoder and its posterior sampler.
 *
 * The summary and the study live in their own modules, so that changing a figure does not make
 * these runs stale.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { loadDataset } from '../data/index.ts';
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
import type { Experiment, ExperimentContext } from './types.ts';
import {
  resultsRecord,
  trainAndEvaluate,
  writeJson,
  type LatentModel,
  type LatentTrainingConfig,
} from './latent-model.ts';

export interface IafExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  hidden: number[];
  contextDim: number;
  steps: number;
  madeHidden: number[];
  forgetBias: number;
}

export const DIR = 'content/posts/vae-iaf';
export const MODELS = `${DIR}/models`;
export const FIGURES = `${DIR}/figures`;
export const RESULTS = `${DIR}/results`;

export const STEPS = [0, 1, 2, 4];
export const SEEDS = [1, 2, 3];

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

function asLatentModel(model: IafVae): LatentModel {
  return {
    params: model.params,
    inputDim: model.config.inputDim,
    latentDim: model.config.latentDim,
    elboTerms: (x, eps) => elboTerms(model, x, eps),
    logImportanceWeights: (x, eps) => logImportanceWeights(model, x, eps),
    decodeLogits: (z) => decodeLogits(model, z),
    encodeTypical: (x) => posteriorSample(model, x, tf.zeros([x.shape[0], model.config.latentDim])).z,
  };
}

async function trainRun(name: string, ctx: ExperimentContext<IafExperimentConfig>) {
  const { config } = ctx;
  const splits = loadDataset('mnist-10k');
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
  const trained = await trainAndEvaluate(name, ctx, asLatentModel(model), splits);
  return { model, trained };
}

export const runName = (latentDim: number, steps: number, seed?: number) =>
  `iaf-z${latentDim}-t${steps}${seed === undefined ? '' : `-s${seed}`}`;

function mainRun(steps: number, seed: number): Experiment<IafExperimentConfig> {
  const name = runName(32, steps, seed);
  const config = { ...base, seed, latentDim: 32, steps };
  return {
    name,
    description: `VAE with ${steps} IAF steps, latent dimension 32, seed ${seed}`,
    module: import.meta.url,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    async run(ctx) {
      const { model, trained } = await trainRun(name, ctx);
      const path = await writeJson(
        ctx.root,
        `${RESULTS}/${name}.json`,
        resultsRecord(ctx.metadata, ctx.config, trained, { parameters: model.params.count() }),
      );
      disposeIafVae(model);
      return [path];
    },
  };
}

function twoDimensionalRun(steps: number): Experiment<IafExperimentConfig> {
  const name = runName(2, steps);
  const config = { ...base, seed: 1, latentDim: 2, steps };
  return {
    name,
    description: `VAE with ${steps} IAF steps, latent dimension 2 (posterior study, demos)`,
    module: import.meta.url,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    async run(ctx) {
      const { model, trained } = await trainRun(name, ctx);
      const metadata = {
        ...ctx.metadata,
        latent_dim: '2',
        flow_steps: String(steps),
        best_epoch: String(trained.result.bestEpoch),
        test_nll_nats: trained.metrics.testNll.toFixed(3),
        test_elbo_nats: trained.metrics.testElbo.toFixed(3),
      };
      const decoder = `${MODELS}/${name}.decoder.onnx`;
      const posterior = `${MODELS}/${name}.posterior.onnx`;
      const decoderParity = await exportVaeDecoder(model, join(ctx.root, decoder), { ...metadata, role: 'decoder' });
      const posteriorParity = await exportIafPosterior(model, join(ctx.root, posterior), {
        ...metadata,
        role: 'posterior sampler',
      });
      const results = await writeJson(
        ctx.root,
        `${RESULTS}/${name}.json`,
        resultsRecord(ctx.metadata, ctx.config, trained, {
          parameters: model.params.count(),
          onnxParityMaxAbsDiff: { decoder: decoderParity, posterior: posteriorParity },
        }),
      );
      disposeIafVae(model);
      return [decoder, posterior, results];
    },
  };
}

export const iafRuns = [
  twoDimensionalRun(0),
  twoDimensionalRun(4),
  ...STEPS.flatMap((t) => SEEDS.map((s) => mainRun(t, s))),
];
