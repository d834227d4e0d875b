/**
 * Training and evaluation shared by every latent-variable experiment on binarized images: train
 * with early stopping on the validation ELBO, restore the best epoch, then touch the test split
 * once for the ELBO, its KL term and the importance-sampled NLL. The same estimates on as many
 * training images as there are test images put the train-test gap beside them.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import { spread, type ImageSet, type Splits } from '../data/index.ts';
import { Rng } from '../runtime/rng.ts';
import { train, type TrainResult } from '../train/loop.ts';
import { importanceSampledLogLikelihood, perExampleMany } from '../train/evaluate.ts';
import type { Progress } from '../train/progress.ts';
import type { LatentModel } from './model.ts';

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

function take(set: ImageSet, limit: number | undefined): Float32Array {
  return limit === undefined ? set.images : spread(set, limit).images;
}

/** Per-example ELBO and KL over a set, with fresh noise from `seed`. */
function elboStats(model: LatentModel, data: Float32Array, seed: number) {
  const rng = new Rng(seed, 0xe1b0);
  const noise = (x: tf.Tensor2D) =>
    tf.tensor2d(rng.normals(x.shape[0] * model.latentDim), [x.shape[0], model.latentDim]);
  const [elbo, kl] = perExampleMany(data, model.inputDim, 500, (x) => {
    const terms = model.elboTerms(x, noise(x));
    return [terms.elbo, terms.kl];
  });
  return { elbo: elbo!, kl: kl! };
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
    /** The same estimates on `data.trainEvaluated` training images spread over the split. */
    trainElbo: number;
    trainElboSe: number;
    trainNll: number;
    trainNllSe: number;
  };
  /** The test images evaluated [n, inputDim] and, per image, the importance-sampled NLL (not written to results). */
  testData: Float32Array;
  testNll: Float64Array;
  data: { train: number; validation: number; test: number; trainEvaluated: number };
}

/** ELBO and importance-sampled NLL of every image of `data`; the seeds fix the noise. */
function evaluateSet(model: LatentModel, data: Float32Array, config: LatentTrainingConfig, seed: number) {
  const { elbo, kl } = elboStats(model, data, seed);
  const nll = importanceSampledLogLikelihood(
    data,
    model.inputDim,
    { samples: config.importanceSamples, batchSize: 25, chunk: 100, latentDim: model.latentDim, seed: seed + 1 },
    (x, eps) => model.logImportanceWeights(x, eps),
  ).map((v) => -v);
  return { elbo, kl, nll };
}

/** What a fit needs of the run: its name (for the log), checkpoint place and key, and progress. */
export interface FitRun {
  name: string;
  checkpointDir: string;
  runKey: string;
  progress: Progress;
}

/**
 * Trains `model` (selecting the epoch on validation ELBO), then evaluates it once on the test
 * split. The model's parameters end at the best validation epoch.
 */
export async function trainAndEvaluate(
  run: FitRun,
  config: LatentTrainingConfig,
  model: LatentModel,
  splits: Splits,
): Promise<LatentRun> {
  const { name, progress } = run;
  const dim = model.inputDim;
  const trainSet = config.trainLimit === undefined ? splits.train : spread(splits.train, config.trainLimit);
  const trainData = trainSet.images;
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
    checkpointPath: join(run.checkpointDir, 'train.ckpt'),
    runKey: run.runKey,
    progress,
  });
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const evalStarted = performance.now();
  const test = evaluateSet(model, testData, config, config.seed + 1);
  const trainEvaluated = spread(trainSet, testData.length / dim).images;
  const trained = evaluateSet(model, trainEvaluated, config, config.seed + 3);
  const evalSeconds = (performance.now() - evalStarted) / 1000;
  const metrics = {
    testElbo: mean(test.elbo),
    testElboSe: standardError(test.elbo),
    testNll: mean(test.nll),
    testNllSe: standardError(test.nll),
    testKl: mean(test.kl),
    validationElbo: result.bestValidation,
    trainElbo: mean(trained.elbo),
    trainElboSe: standardError(trained.elbo),
    trainNll: mean(trained.nll),
    trainNllSe: standardError(trained.nll),
  };
  progress.log(
    `${name}: best epoch ${result.bestEpoch}, test ELBO ${metrics.testElbo.toFixed(2)}, test NLL ${metrics.testNll.toFixed(2)} nats (k = ${config.importanceSamples}), train NLL ${metrics.trainNll.toFixed(2)}`,
  );
  const data = {
    train: trainData.length / dim,
    validation: validData.length / dim,
    test: testData.length / dim,
    trainEvaluated: trainEvaluated.length / dim,
  };
  return { result, trainSeconds, evalSeconds, metrics, testData, testNll: test.nll, data };
}
