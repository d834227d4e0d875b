/**
 * The baseline Bernoulli VAE on mnist-10k (encoder 784-500-500 → 2×latent, decoder mirrored,
 * Adam 1e-3, batch 100). Epochs are chosen by early stopping on the validation ELBO; the test
 * split is touched once, at the end, for the reported ELBO and importance-sampled NLL.
 *
 * Two experiments share this module: `vae-z32` and `vae-z2` (a 2-D latent space). Their models
 * and figures serve the demo fixture post (tests/fixtures/posts/latent-pad-demo), which exercises
 * every island against real trained models.
 */
import { createVae, decodeLogits, elboTerms, encode, logImportanceWeights } from '../models/vae.ts';
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { asLatentModel } from '../latent/model.ts';
import { trainAndEvaluate, type LatentTrainingConfig } from '../latent/fit.ts';
import { latentGridFigure, standardFigures } from '../latent/figures.ts';
import { resultsRecord } from '../latent/results.ts';
import type { Experiment, ExperimentContext } from './types.ts';

export interface VaeExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  /** Encoder hidden widths; the decoder mirrors them. */
  hidden: number[];
}

async function run(name: string, ctx: ExperimentContext<VaeExperimentConfig>): Promise<string[]> {
  // Config and data.
  const { config, out } = ctx;
  const splits = ctx.data();

  // Model.
  const vae = createVae(
    {
      inputDim: splits.train.height * splits.train.width,
      hidden: config.hidden,
      latentDim: config.latentDim,
      activation: 'relu',
    },
    config.seed,
  );
  const model = asLatentModel(vae, {
    elboTerms,
    logImportanceWeights,
    decodeLogits,
    encodeTypical: (m, x) => encode(m, x).mu,
  });

  // Training, then one evaluation on test.
  const trained = await trainAndEvaluate({ name, ...ctx }, config, model, splits);

  // Export: the decoder, checked against TensorFlow.js in onnxruntime-web.
  const decoder = await exportVaeDecoder(vae, {
    ...ctx.metadata,
    latent_dim: String(config.latentDim),
    train_seconds: trained.trainSeconds.toFixed(1),
    best_epoch: String(trained.result.bestEpoch),
    test_nll_nats: trained.metrics.testNll.toFixed(3),
    test_elbo_nats: trained.metrics.testElbo.toFixed(3),
  });
  const written = [await out.write(out.model('decoder'), decoder.bytes)];

  // Figures.
  const figures = {
    out,
    model,
    run: trained,
    title: `latent dimension ${config.latentDim}`,
    test: splits.test,
    seed: config.seed,
  };
  written.push(...(await standardFigures(figures)));
  if (config.latentDim === 2) written.push(await latentGridFigure(out, model));

  // Results.
  written.push(
    await out.writeJson(
      out.results,
      resultsRecord(ctx.metadata, config, trained, { onnxParityMaxAbsDiff: decoder.parity }),
    ),
  );
  vae.params.dispose();
  return written;
}

function vaeExperiment(latentDim: number): Experiment<VaeExperimentConfig> {
  const name = `vae-z${latentDim}`;
  const base = { seed: 1, latentDim, hidden: [500, 500], batchSize: 100, learningRate: 1e-3 };
  return {
    name,
    description: `Bernoulli VAE, latent dimension ${latentDim}, on mnist-10k`,
    module: import.meta.url,
    home: 'tests/fixtures/posts/latent-pad-demo',
    dataset: 'mnist-10k',
    profiles: {
      smoke: { ...base, maxEpochs: 2, patience: 2, trainLimit: 1000, evalLimit: 100, importanceSamples: 20 },
      // Early stopping usually ends the run well before maxEpochs; the cap keeps a run near 40 minutes here.
      full: { ...base, maxEpochs: 150, patience: 20, importanceSamples: 500 },
    },
    run: (ctx) => run(name, ctx),
  };
}

export const vaeZ32 = vaeExperiment(32);
export const vaeZ2 = vaeExperiment(2);
