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
import { writeAtomic } from '../runtime/write-atomic.ts';
import { loadDataset } from '../data/index.ts';
import { subset, type ImageSet } from '../data/dataset.ts';
import { createVae, decodeLogits, elboTerms, encode, logImportanceWeights, type Vae } from '../models/vae.ts';
import { Rng } from '../runtime/rng.ts';
import { train, type TrainResult } from '../train/loop.ts';
import { importanceSampledLogLikelihood, mean, perExampleMany, standardError } from '../train/evaluate.ts';
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { linePlot } from '../figures/svg-plot.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { writeFigure } from '../figures/write.ts';
import { artifactPaths, type Experiment, type ExperimentContext } from './types.ts';

export interface VaeExperimentConfig {
  seed: number;
  latentDim: number;
  /** Encoder hidden widths; the decoder mirrors them. */
  hidden: number[];
  batchSize: number;
  learningRate: number;
  maxEpochs: number;
  /** Epochs without a better validation ELBO before stopping. */
  patience: number;
  /** Use only the first n training images (smoke runs); undefined for all. */
  trainLimit?: number;
  /** Evaluate on the first n validation/test images (smoke runs); undefined for all. */
  evalLimit?: number;
  /** Importance samples per test image for the NLL. */
  importanceSamples: number;
}

const SLUG = 'vae-baseline';

/** `count` images spread evenly over the set (the splits are in class order, so never the first few). */
function spread(set: ImageSet, count: number): ImageSet {
  const n = Math.min(set.n, count);
  return subset(
    set,
    Array.from({ length: n }, (_, i) => Math.floor((i * set.n) / n)),
  );
}

function take(set: ImageSet, limit: number | undefined): Float32Array {
  return limit === undefined ? set.images : spread(set, limit).images;
}

/** Per-example ELBO terms over a set, with fresh noise from `seed`. */
function elboStats(vae: Vae, data: Float32Array, seed: number) {
  const dim = vae.config.inputDim;
  const rng = new Rng(seed, 0xe1b0);
  const noise = (x: tf.Tensor2D) =>
    tf.tensor2d(rng.normals(x.shape[0] * vae.config.latentDim), [x.shape[0], vae.config.latentDim]);
  const [elbo, kl] = perExampleMany(data, dim, 500, (x) => {
    const terms = elboTerms(vae, x, noise(x));
    return [terms.elbo, terms.kl];
  });
  return { elbo: elbo!, kl: kl! };
}

async function writeJson(root: string, path: string, value: unknown): Promise<string> {
  await writeAtomic(join(root, path), JSON.stringify(value, null, 2) + '\n');
  return path;
}

async function run(name: string, ctx: ExperimentContext<VaeExperimentConfig>): Promise<string[]> {
  const { config, root, progress } = ctx;
  const paths = artifactPaths(SLUG);
  const splits = loadDataset('mnist-10k');
  const dim = splits.train.height * splits.train.width;
  const trainData = take(splits.train, config.trainLimit);
  const validData = take(splits.validation, config.evalLimit);
  const testData = take(splits.test, config.evalLimit);

  // Train, selecting the epoch on validation ELBO.
  const vae = createVae(
    { inputDim: dim, hidden: config.hidden, latentDim: config.latentDim, activation: 'relu' },
    config.seed,
  );
  const trainStarted = performance.now();
  const result: TrainResult = await train({
    label: name,
    params: vae.params,
    loss: (x, rng) => {
      const eps = tf.tensor2d(rng.normals(x.shape[0] * config.latentDim), [x.shape[0], config.latentDim]);
      return tf.neg(tf.mean(elboTerms(vae, x, eps).elbo));
    },
    validate: () => mean(elboStats(vae, validData, config.seed).elbo),
    data: trainData,
    dim,
    batchSize: config.batchSize,
    maxEpochs: config.maxEpochs,
    patience: config.patience,
    learningRate: config.learningRate,
    seed: config.seed,
    checkpointPath: join(ctx.checkpointDir, 'train.ckpt'),
    runKey: ctx.runKey,
    progress,
  });
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  // Evaluate once on test, with the parameters of the best validation epoch.
  const evalStarted = performance.now();
  const test = elboStats(vae, testData, config.seed + 1);
  const nll = importanceSampledLogLikelihood(
    testData,
    dim,
    {
      samples: config.importanceSamples,
      batchSize: 25,
      chunk: 100,
      latentDim: config.latentDim,
      seed: config.seed + 2,
    },
    (x, eps) => logImportanceWeights(vae, x, eps),
  ).map((v) => -v);
  const evalSeconds = (performance.now() - evalStarted) / 1000;
  const epochSeconds = result.history.map((h) => h.seconds);
  const metrics = {
    testElbo: mean(test.elbo),
    testElboSe: standardError(test.elbo),
    testNll: mean(nll),
    testNllSe: standardError(nll),
    testKl: mean(test.kl),
    validationElbo: result.bestValidation,
  };
  progress.log(
    `${name}: best epoch ${result.bestEpoch}, test ELBO ${metrics.testElbo.toFixed(2)}, test NLL ${metrics.testNll.toFixed(2)} nats (k = ${config.importanceSamples})`,
  );

  const written: string[] = [];
  // Export the decoder and check it against TensorFlow.js in onnxruntime-web.
  const modelPath = `${paths.models}/${name}.decoder.onnx`;
  const parity = await exportVaeDecoder(vae, join(root, modelPath), {
    ...ctx.metadata,
    latent_dim: String(config.latentDim),
    train_seconds: trainSeconds.toFixed(1),
    best_epoch: String(result.bestEpoch),
    test_nll_nats: metrics.testNll.toFixed(3),
    test_elbo_nats: metrics.testElbo.toFixed(3),
  });
  written.push(modelPath);

  // Figures.
  // The first epochs sit far below the rest; frame the plot on the part worth reading.
  const settled = result.history.filter((h) => h.epoch >= 3).flatMap((h) => [-h.trainLoss, h.validation]);
  const yDomain: [number, number] | undefined =
    settled.length > 4 ? [Math.min(...settled) - 2, Math.max(...settled) + 2] : undefined;
  const curve = linePlot({
    ...(yDomain ? { yDomain } : {}),
    title: `Training curve, latent dimension ${config.latentDim}`,
    xLabel: 'epoch',
    yLabel: 'ELBO (nats per image)',
    series: [
      { name: 'training (running mean)', points: result.history.map((h) => [h.epoch, -h.trainLoss]) },
      { name: 'validation', points: result.history.map((h) => [h.epoch, h.validation]), dashed: true },
    ],
  });
  written.push(await writeFigure(root, `${paths.figures}/${name}.training-curve.svg`, curve));

  const samples = tf.tidy(() => {
    const rng = new Rng(config.seed, 0x5a3);
    const z = tf.tensor2d(rng.normals(64 * config.latentDim), [64, config.latentDim]);
    return tf.sigmoid(decodeLogits(vae, z)).dataSync() as Float32Array;
  });
  written.push(
    await writeFigure(
      root,
      `${paths.figures}/${name}.samples.png`,
      imageGridPng({ images: samples, n: 64, height: 28, width: 28, columns: 8, scale: 2 }),
    ),
  );

  const originals = spread(splits.test, 16).images;
  const reconstructions = tf.tidy(() => {
    const { mu } = encode(vae, tf.tensor2d(originals, [16, dim]));
    return tf.sigmoid(decodeLogits(vae, mu)).dataSync() as Float32Array;
  });
  const pairs = new Float32Array(32 * dim);
  pairs.set(originals, 0);
  pairs.set(reconstructions, 16 * dim);
  written.push(
    await writeFigure(
      root,
      `${paths.figures}/${name}.reconstructions.png`,
      imageGridPng({ images: pairs, n: 32, height: 28, width: 28, columns: 16, scale: 2 }),
    ),
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
    await writeJson(root, `content/posts/${SLUG}/${name}.results.json`, {
      ...ctx.metadata,
      config,
      data: { train: trainData.length / dim, validation: validData.length / dim, test: testData.length / dim },
      epochs: { trained: result.history.length, best: result.bestEpoch, stoppedEarly: result.stoppedEarly },
      seconds: {
        training: trainSeconds,
        perEpochMean: mean(epochSeconds),
        evaluation: evalSeconds,
      },
      metrics,
      importanceSamples: config.importanceSamples,
      onnxParityMaxAbsDiff: parity,
      history: result.history,
    }),
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
