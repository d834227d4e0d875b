/**
 * What every latent-variable-model experiment does the same way: train on mnist-10k with early
 * stopping on the validation ELBO, evaluate once on test (ELBO, KL, importance-sampled NLL), draw
 * the training curve, samples and reconstructions, and write the results JSON. Models plug in
 * through {@link LatentModel}; experiment modules add their own exports and figures.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { writeAtomic } from '../runtime/write-atomic.ts';
import { subset, type ImageSet } from '../data/dataset.ts';
import type { Params } from '../nn/params.ts';
import { Rng } from '../runtime/rng.ts';
import { train, type TrainResult } from '../train/loop.ts';
import { importanceSampledLogLikelihood, mean, perExampleMany, standardError } from '../train/evaluate.ts';
import { linePlot } from '../figures/svg-plot.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { writeFigure } from '../figures/write.ts';
import type { ExperimentContext } from './types.ts';

/** The model as the shared steps see it. */
export interface LatentModel {
  params: Params;
  inputDim: number;
  latentDim: number;
  /** Per-example ELBO and its KL term at one posterior sample; eps ~ N(0, I) [batch, latentDim]. */
  elboTerms(x: tf.Tensor2D, eps: tf.Tensor2D): { elbo: tf.Tensor1D; kl: tf.Tensor1D };
  /** log p(x, z_k) − log q(z_k|x) for eps [k, batch, latentDim] → [k, batch]. */
  logImportanceWeights(x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor2D;
  /** z [batch, latentDim] → Bernoulli logits [batch, inputDim]. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D;
  /** A typical code for x, for reconstructions: the posterior sample at eps = 0. */
  encodeTypical(x: tf.Tensor2D): tf.Tensor2D;
}

/** The training and evaluation settings every such experiment shares. */
export interface LatentTrainingConfig {
  seed: number;
  batchSize: number;
  learningRate: number;
  maxEpochs: number;
  /** Epochs without a better validation ELBO before stopping. */
  patience: number;
  /** Use only the first n training images (smoke runs); undefined for all. */
  trainLimit?: number;
  /** Evaluate on n validation/test images spread over the split (smoke runs); undefined for all. */
  evalLimit?: number;
  /** Importance samples per test image for the NLL. */
  importanceSamples: number;
}

/** `count` images spread evenly over the set (the splits are in class order, so never the first few). */
export function spread(set: ImageSet, count: number): ImageSet {
  const n = Math.min(set.n, count);
  return subset(
    set,
    Array.from({ length: n }, (_, i) => Math.floor((i * set.n) / n)),
  );
}

export function take(set: ImageSet, limit: number | undefined): Float32Array {
  return limit === undefined ? set.images : spread(set, limit).images;
}

/** Per-example ELBO and KL over a set, with fresh noise from `seed`. */
export function elboStats(model: LatentModel, data: Float32Array, seed: number) {
  const rng = new Rng(seed, 0xe1b0);
  const noise = (x: tf.Tensor2D) =>
    tf.tensor2d(rng.normals(x.shape[0] * model.latentDim), [x.shape[0], model.latentDim]);
  const [elbo, kl] = perExampleMany(data, model.inputDim, 500, (x) => {
    const terms = model.elboTerms(x, noise(x));
    return [terms.elbo, terms.kl];
  });
  return { elbo: elbo!, kl: kl! };
}

export async function writeJson(root: string, path: string, value: unknown): Promise<string> {
  await writeAtomic(join(root, path), JSON.stringify(value, null, 2) + '\n');
  return path;
}

export interface LatentRun {
  result: TrainResult;
  trainSeconds: number;
  evalSeconds: number;
  metrics: {
    testElbo: number;
    testElboSe: number;
    testNll: number;
    testNllSe: number;
    testKl: number;
    validationElbo: number;
  };
  data: { train: number; validation: number; test: number };
}

/**
 * Trains `model` (selecting the epoch on validation ELBO), then evaluates it once on the test
 * split. The model's parameters end at the best validation epoch.
 */
export async function trainAndEvaluate(
  name: string,
  ctx: ExperimentContext<LatentTrainingConfig>,
  model: LatentModel,
  splits: { train: ImageSet; validation: ImageSet; test: ImageSet },
): Promise<LatentRun> {
  const { config, progress } = ctx;
  const dim = model.inputDim;
  const trainData = take(splits.train, config.trainLimit);
  const validData = take(splits.validation, config.evalLimit);
  const testData = take(splits.test, config.evalLimit);

  const trainStarted = performance.now();
  const result = await train({
    label: name,
    params: model.params,
    loss: (x, rng) => {
      const eps = tf.tensor2d(rng.normals(x.shape[0] * model.latentDim), [x.shape[0], model.latentDim]);
      return tf.neg(tf.mean(model.elboTerms(x, eps).elbo));
    },
    validate: () => mean(elboStats(model, validData, config.seed).elbo),
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

  const evalStarted = performance.now();
  const test = elboStats(model, testData, config.seed + 1);
  const nll = importanceSampledLogLikelihood(
    testData,
    dim,
    {
      samples: config.importanceSamples,
      batchSize: 25,
      chunk: 100,
      latentDim: model.latentDim,
      seed: config.seed + 2,
    },
    (x, eps) => model.logImportanceWeights(x, eps),
  ).map((v) => -v);
  const evalSeconds = (performance.now() - evalStarted) / 1000;
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
  const data = { train: trainData.length / dim, validation: validData.length / dim, test: testData.length / dim };
  return { result, trainSeconds, evalSeconds, metrics, data };
}

/** The training curve, 64 prior samples and 16 test reconstructions, under `figures/<name>.*`. */
export async function standardFigures(
  root: string,
  figures: string,
  name: string,
  title: string,
  model: LatentModel,
  run: LatentRun,
  test: ImageSet,
  seed: number,
): Promise<string[]> {
  const { history } = run.result;
  const written: string[] = [];
  // The first epochs sit far below the rest; frame the plot on the part worth reading.
  const settled = history.filter((h) => h.epoch >= 3).flatMap((h) => [-h.trainLoss, h.validation]);
  const yDomain: [number, number] | undefined =
    settled.length > 4 ? [Math.min(...settled) - 2, Math.max(...settled) + 2] : undefined;
  const curve = linePlot({
    ...(yDomain ? { yDomain } : {}),
    title: `Training curve, ${title}`,
    xLabel: 'epoch',
    yLabel: 'ELBO (nats per image)',
    series: [
      { name: 'training (running mean)', points: history.map((h) => [h.epoch, -h.trainLoss]) },
      { name: 'validation', points: history.map((h) => [h.epoch, h.validation]), dashed: true },
    ],
  });
  written.push(await writeFigure(root, `${figures}/${name}.training-curve.svg`, curve));

  const dim = model.inputDim;
  const samples = tf.tidy(() => {
    const rng = new Rng(seed, 0x5a3);
    const z = tf.tensor2d(rng.normals(64 * model.latentDim), [64, model.latentDim]);
    return tf.sigmoid(model.decodeLogits(z)).dataSync() as Float32Array;
  });
  written.push(
    await writeFigure(
      root,
      `${figures}/${name}.samples.png`,
      imageGridPng({ images: samples, n: 64, height: 28, width: 28, columns: 8, scale: 2 }),
    ),
  );

  const originals = spread(test, 16).images;
  const reconstructions = tf.tidy(
    () =>
      tf.sigmoid(model.decodeLogits(model.encodeTypical(tf.tensor2d(originals, [16, dim])))).dataSync() as Float32Array,
  );
  const pairs = new Float32Array(32 * dim);
  pairs.set(originals, 0);
  pairs.set(reconstructions, 16 * dim);
  written.push(
    await writeFigure(
      root,
      `${figures}/${name}.reconstructions.png`,
      imageGridPng({ images: pairs, n: 32, height: 28, width: 28, columns: 16, scale: 2 }),
    ),
  );
  return written;
}

/** The results file: metadata, config, data sizes, epochs, timings, metrics and the history. */
export function resultsRecord(
  metadata: object,
  config: LatentTrainingConfig,
  run: LatentRun,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const { result } = run;
  return {
    ...metadata,
    config,
    data: run.data,
    epochs: { trained: result.history.length, best: result.bestEpoch, stoppedEarly: result.stoppedEarly },
    seconds: {
      training: run.trainSeconds,
      perEpochMean: mean(result.history.map((h) => h.seconds)),
      evaluation: run.evalSeconds,
    },
    metrics: run.metrics,
    importanceSamples: config.importanceSamples,
    ...extra,
    history: result.history,
  };
}
