/**
 * The baseline Bernoulli VAE on mnist-10k (encoder 784-500-500 → 2×latent, decoder mirrored,
 * Adam 1e-3, batch 100). Epochs are chosen by early stopping on the validation ELBO; the test
 * split is touched once, at the end, for the reported ELBO and importance-sampled NLL.
 *
 * Two experiments share this module: `vae-z32` (the baseline) and `vae-z2` (a 2-D latent space,
 * for latent-space figures and demos).
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { loadDataset } from '../data/index.ts';
import { createVae, decodeLogits, elboTerms, encode, logImportanceWeights, type Vae } from '../models/vae.ts';
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { writeFigure } from '../figures/write.ts';
import { artifactPaths, type Experiment, type ExperimentContext } from './types.ts';
import {
  resultsRecord,
  standardFigures,
  trainAndEvaluate,
  writeJson,
  type LatentModel,
  type LatentTrainingConfig,
} from './latent-model.ts';

export interface VaeExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  /** Encoder hidden widths; the decoder mirrors them. */
  hidden: number[];
}

const SLUG = 'vae-baseline';

/** The VAE as the shared experiment steps see it. */
function asLatentModel(vae: Vae): LatentModel {
  return {
    params: vae.params,
    inputDim: vae.config.inputDim,
    latentDim: vae.config.latentDim,
    elboTerms: (x, eps) => elboTerms(vae, x, eps),
    logImportanceWeights: (x, eps) => logImportanceWeights(vae, x, eps),
    decodeLogits: (z) => decodeLogits(vae, z),
    encodeTypical: (x) => encode(vae, x).mu,
  };
}

async function run(name: string, ctx: ExperimentContext<VaeExperimentConfig>): Promise<string[]> {
  const { config, root } = ctx;
  const paths = artifactPaths(SLUG);
  const splits = loadDataset('mnist-10k');
  const dim = splits.train.height * splits.train.width;
  const vae = createVae(
    { inputDim: dim, hidden: config.hidden, latentDim: config.latentDim, activation: 'relu' },
    config.seed,
  );
  const model = asLatentModel(vae);
  const trained = await trainAndEvaluate(name, ctx, model, splits);

  const written: string[] = [];
  // Export the decoder and check it against TensorFlow.js in onnxruntime-web.
  const modelPath = `${paths.models}/${name}.decoder.onnx`;
  const parity = await exportVaeDecoder(vae, join(root, modelPath), {
    ...ctx.metadata,
    latent_dim: String(config.latentDim),
    train_seconds: trained.trainSeconds.toFixed(1),
    best_epoch: String(trained.result.bestEpoch),
    test_nll_nats: trained.metrics.testNll.toFixed(3),
    test_elbo_nats: trained.metrics.testElbo.toFixed(3),
  });
  written.push(modelPath);

  written.push(
    ...(await standardFigures(
      root,
      paths.figures,
      name,
      `latent dimension ${config.latentDim}`,
      model,
      trained,
      splits.test,
      config.seed,
    )),
  );

  if (config.latentDim === 2) {
    // The decoder's view of the 2-D latent space: digits decoded on a grid of z over ±3 sd.
    const side = 15;
    const grid = new Float32Array(side * side * 2);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        grid[(r * side + c) * 2] = -3 + (6 * c) / (side - 1);
        grid[(r * side + c) * 2 + 1] = 3 - (6 * r) / (side - 1);
      }
    }
    const decoded = tf.tidy(
      () => tf.sigmoid(decodeLogits(vae, tf.tensor2d(grid, [side * side, 2]))).dataSync() as Float32Array,
    );
    written.push(
      await writeFigure(
        root,
        `${paths.figures}/${name}.latent-grid.png`,
        imageGridPng({ images: decoded, n: side * side, height: 28, width: 28, columns: side, scale: 2, padding: 0 }),
      ),
    );
  }

  written.push(
    await writeJson(
      root,
      `content/posts/${SLUG}/${name}.results.json`,
      resultsRecord(ctx.metadata, config, trained, { onnxParityMaxAbsDiff: parity }),
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
