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
 * - `iaf-z2-t0`, `iaf-z2-t4`: latent dimension 2, for the posterior study (iaf-posteriors.ts) and
 *   the demos; each exports its decoder and its posterior sampler, and splits each test image's
 *   gap into approximation and amortization (latent/inference-gaps.ts).
 */
import * as tf from '@tensorflow/tfjs';
import {
  createIafVae,
  decodeLogits,
  disposeIafVae,
  elboTerms,
  encodeIaf,
  logImportanceWeights,
  logWeightsFromEncoding,
  posteriorSample,
  type IafEncoding,
  type IafVae,
} from '../models/iaf.ts';
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { exportIafPosterior } from '../export/iaf-posterior.ts';
import { asLatentModel } from '../latent/model.ts';
import { trainAndEvaluate, type LatentRun, type LatentTrainingConfig } from '../latent/fit.ts';
import { resultsRecord } from '../latent/results.ts';
import { estimatorStudy, type EstimatorStudyConfig } from '../latent/estimator-study.ts';
import { inferenceGaps, type AmortizedPosterior, type InferenceGapConfig } from '../latent/inference-gaps.ts';
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { HOME, runName } from './iaf-names.ts';

export interface IafExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  hidden: number[];
  contextDim: number;
  steps: number;
  madeHidden: number[];
  forgetBias: number;
  /** Only some runs: the NLL estimator study, and (2-D runs) the inference-gap study. */
  estimatorStudy?: EstimatorStudyConfig;
  inferenceGaps?: InferenceGapConfig;
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

/** Which runs study the estimator, and how; smoke and full settings. */
const studiesEstimator = (steps: number, seed: number) => seed === 1 && (steps === 0 || steps === 4);
const estimator = {
  smoke: { samples: [5, 20, 50], repeats: 2, repeatSamples: 20 },
  full: { samples: [10, 100, 1000, 5000], repeats: 5, repeatSamples: 1000 },
};
const gaps = {
  smoke: {
    steps: 4,
    samples: 2,
    learningRate: 0.01,
    evalSamples: 20,
    batchSize: 50,
    grid: { side: 40, extent: 5 },
    traceEvery: 2,
    seed: 1,
  },
  full: {
    steps: 400,
    samples: 8,
    learningRate: 0.01,
    evalSamples: 1000,
    batchSize: 250,
    grid: { side: 500, extent: 5 },
    traceEvery: 50,
    seed: 1,
  },
};

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
  return { model, latent, trained };
}

function results(ctx: ExperimentContext<IafExperimentConfig>, model: IafVae, trained: LatentRun, extra = {}) {
  return resultsRecord(ctx.metadata, ctx.config, trained, { parameters: model.params.count(), ...extra });
}

type RunConfig = Omit<IafExperimentConfig, keyof typeof smoke | keyof typeof full | 'estimatorStudy' | 'inferenceGaps'>;

function experiment(
  name: string,
  description: string,
  config: RunConfig,
  studies: { smoke: Partial<IafExperimentConfig>; full: Partial<IafExperimentConfig> },
  run: (ctx: ExperimentContext<IafExperimentConfig>) => Promise<string[]>,
): Experiment<IafExperimentConfig> {
  return {
    name,
    description,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke, ...studies.smoke }, full: { ...config, ...full, ...studies.full } },
    run,
  };
}

/** The IAF model's q as the inference-gap study optimises it: the flow's input, per image. */
function iafPosteriorFamily(model: IafVae): AmortizedPosterior<IafEncoding & Record<string, tf.Tensor2D>> {
  return {
    inputDim: model.config.inputDim,
    latentDim: model.config.latentDim,
    encode: (x) => ({ ...encodeIaf(model, x) }),
    logWeights: (x, encoding, eps) => logWeightsFromEncoding(model, x, encoding, eps),
    decodeLogits: (z) => decodeLogits(model, z),
  };
}

/** Per-image arrays as a results entry: their means with standard errors, and the values. */
const summarised = (values: ArrayLike<number>) => ({
  mean: mean(values),
  se: standardError(values),
  values: Array.from(values, (v) => Number(v.toFixed(4))),
});

/** One latent-32 run: T flow steps, one seed; results only. */
export function mainRun(steps: number, seed: number): Experiment<IafExperimentConfig> {
  const name = runName(32, steps, seed);
  const description = `VAE with ${steps} IAF steps, latent dimension 32, seed ${seed}`;
  const studies = studiesEstimator(steps, seed)
    ? { smoke: { estimatorStudy: estimator.smoke }, full: { estimatorStudy: estimator.full } }
    : { smoke: {}, full: {} };
  return experiment(name, description, { ...base, seed, latentDim: 32, steps }, studies, async (ctx) => {
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

/** One 2-D run, with its decoder and posterior sampler exported for the study and the demos. */
export function twoDimensionalRun(steps: number): Experiment<IafExperimentConfig> {
  const name = runName(2, steps);
  const description = `VAE with ${steps} IAF steps, latent dimension 2 (posterior study, demos)`;
  const studies = { smoke: { inferenceGaps: gaps.smoke }, full: { inferenceGaps: gaps.full } };
  return experiment(name, description, { ...base, seed: 1, latentDim: 2, steps }, studies, async (ctx) => {
    const { out } = ctx;
    const { model, trained } = await trainRun(name, ctx);
    const gapStudy = inferenceGaps(iafPosteriorFamily(model), trained.testData, ctx.config.inferenceGaps!);
    const { logEvidence, amortizedElbo, optimizedElbo } = gapStudy;
    const inference = {
      grid: ctx.config.inferenceGaps!.grid,
      borderMass: gapStudy.borderMass,
      trace: gapStudy.trace,
      logEvidence: summarised(logEvidence),
      amortizedElbo: summarised(amortizedElbo),
      optimizedElbo: summarised(optimizedElbo),
      approximationGap: summarised(logEvidence.map((v, i) => v - optimizedElbo[i]!)),
      amortizationGap: summarised(optimizedElbo.map((v, i) => v - amortizedElbo[i]!)),
      // The importance-sampled estimate (k as in the NLL) against the quadrature, image by image.
      importanceMinusGrid: summarised(trained.testNll.map((nll, i) => -nll - logEvidence[i]!)),
    };

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
          inferenceGaps: inference,
        }),
      ),
    ];
    disposeIafVae(model);
    return written;
  });
}
