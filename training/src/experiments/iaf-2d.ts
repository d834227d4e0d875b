/**
 * The two-dimensional runs of the IAF post, `iaf-z2-t0` and `iaf-z2-t4`: the same model, training
 * and evaluation as the latent-32 runs (iaf.ts), with a latent space small enough for a grid. Each
 * exports its decoder and its posterior sampler (for the posterior study, iaf-posteriors.ts, and the
 * demos) and splits each test image's gap into approximation and amortization
 * (latent/inference-gaps.ts). A module of its own, so that the gap study keys these runs' cache and
 * not the latent-32 runs'.
 */
import type * as tf from '@tensorflow/tfjs';
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import {
  decodeLogits,
  disposeIafVae,
  encodeIaf,
  logWeightsFromEncoding,
  type IafEncoding,
  type IafVae,
} from '../models/iaf.ts';
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { exportIafPosterior } from '../export/iaf-posterior.ts';
import { inferenceGaps, type AmortizedPosterior, type InferenceGapConfig } from '../latent/inference-gaps.ts';
import type { Experiment } from './types.ts';
import { base, iafExperiment, results, trainRun, type IafExperimentConfig } from './iaf.ts';
import { runName } from './iaf-names.ts';

export interface IafTwoDimensionalConfig extends IafExperimentConfig {
  inferenceGaps: InferenceGapConfig;
}

const gaps: Record<'smoke' | 'full', InferenceGapConfig> = {
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

type Encoding = IafEncoding & Record<string, tf.Tensor2D>;

/**
 * The IAF model's q as the gap study optimises it: the flow's input (μ, log σ², context), per
 * image, with the flow and decoder fixed. Recentring moves the flow's input mean; the flow then
 * carries the samples on from there.
 */
function iafPosteriorFamily(model: IafVae): AmortizedPosterior<Encoding> {
  return {
    inputDim: model.config.inputDim,
    latentDim: model.config.latentDim,
    encode: (x) => ({ ...encodeIaf(model, x) }),
    recentre: (encoding, z) => ({ ...encoding, mu: z }),
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

/** One 2-D run, with its decoder and posterior sampler exported for the study and the demos. */
export function twoDimensionalRun(steps: number): Experiment<IafTwoDimensionalConfig> {
  const name = runName(2, steps);
  const description = `VAE with ${steps} IAF steps, latent dimension 2 (posterior study, demos)`;
  const config = { ...base, seed: 1, latentDim: 2, steps };
  const studies = { smoke: { inferenceGaps: gaps.smoke }, full: { inferenceGaps: gaps.full } };
  return iafExperiment<IafTwoDimensionalConfig>(import.meta.url, name, description, config, studies, async (ctx) => {
    const { out } = ctx;
    const { model, trained } = await trainRun(name, ctx);
    const study = inferenceGaps(iafPosteriorFamily(model), trained.testData, ctx.config.inferenceGaps);
    const { logEvidence, amortizedElbo, optimizedElbo } = study;
    const inference = {
      grid: ctx.config.inferenceGaps.grid,
      borderMass: study.borderMass,
      trace: study.trace,
      restartTrace: study.restartTrace,
      restartWins: study.restartWins,
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
