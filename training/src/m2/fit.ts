/**
 * Semi-supervised training of M2 on one labelled subset of the training split (the rest of the
 * split unlabelled), the epoch chosen by validation accuracy of q(y | x); the test split is touched
 * once, at the end, for the error, the per-image correctness (for paired comparisons) and the bounds.
 *
 * An epoch is one pass over the unlabelled images; every step also draws a labelled batch from the
 * labelled subset, without replacement within the step, from the loop's per-epoch generator (so a
 * resumed run draws exactly what an uninterrupted one would).
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import { spread, type ImageSet, type Splits } from '../data/index.ts';
import { labelledSplit } from '../data/labelled-subset.ts';
import { Rng } from '../runtime/rng.ts';
import { gatherRows } from '../train/batches.ts';
import { train, type TrainResult } from '../train/loop.ts';
import type { Progress } from '../train/progress.ts';
import { correctness } from '../train/scores.ts';
import {
  classifierLogits,
  createM2,
  labelledBound,
  oneHot,
  unlabelledBound,
  type Likelihood,
  type M2,
} from '../models/m2.ts';
import { objective, objectiveWeights } from './objective.ts';

export interface M2TrainingConfig {
  seed: number;
  /** Labelled training images, balanced over the classes (drawn by `seed`). */
  labels: number;
  latentDim: number;
  hidden: number[];
  /** Of the observations: 'bernoulli' (pixels, the default) or 'gaussian' (M1 features). */
  likelihood?: Likelihood;
  /** α as a multiple of the number of training images (the paper: 0.1). */
  alphaScale: number;
  /** Unlabelled images per step. */
  batchSize: number;
  /** Labelled images per step (at most the subset). */
  labelledBatch: number;
  learningRate: number;
  maxEpochs: number;
  /** Epochs without a better validation accuracy before stopping. */
  patience: number;
  /** Use n training images spread over the split (smoke runs); undefined for all. */
  trainLimit?: number;
  /** Evaluate on n validation/test images spread over each split (smoke runs); undefined for all. */
  evalLimit?: number;
}

export interface FitContext {
  name: string;
  checkpointDir: string;
  runKey: string;
  progress: Progress;
}

/** The class q(y | x) puts most mass on, for every image of `set`. */
export function predict(m: M2, images: Float32Array): Uint8Array {
  const dim = m.config.inputDim;
  const n = images.length / dim;
  const out = new Uint8Array(n);
  for (let start = 0; start < n; start += 500) {
    const end = Math.min(n, start + 500);
    const x = images.subarray(start * dim, end * dim);
    out.set(
      tf.tidy(() =>
        classifierLogits(m, tf.tensor2d(x, [end - start, dim]))
          .argMax(1)
          .dataSync(),
      ),
      start,
    );
  }
  return out;
}

/** Mean −L(x, y) with the true labels and mean U(x), one z sample each, over a labelled set. */
function bounds(m: M2, set: ImageSet, seed: number) {
  const { inputDim: dim, latentDim, classes } = m.config;
  const rng = new Rng(seed, 0xb0d);
  const labelled: number[] = [];
  const unlabelled: number[] = [];
  for (let start = 0; start < set.n; start += 100) {
    const end = Math.min(set.n, start + 100);
    const b = end - start;
    const [l, u] = tf.tidy(() => {
      const x = tf.tensor2d(set.images.subarray(start * dim, end * dim), [b, dim]);
      const y = oneHot(set.labels.subarray(start, end), classes);
      const epsl = tf.tensor2d(rng.normals(b * latentDim), [b, latentDim]);
      const epsu = tf.tensor2d(rng.normals(classes * b * latentDim), [classes * b, latentDim]);
      return [labelledBound(m, x, y, epsl).bound.dataSync(), unlabelledBound(m, x, epsu).bound.dataSync()];
    });
    labelled.push(...l);
    unlabelled.push(...u);
  }
  return {
    labelledBound: mean(labelled),
    labelledBoundSe: standardError(labelled),
    unlabelledBound: mean(unlabelled),
    unlabelledBoundSe: standardError(unlabelled),
  };
}

export interface M2Run {
  model: M2;
  result: TrainResult;
  trainSeconds: number;
  evalSeconds: number;
  data: { labelled: number; unlabelled: number; validation: number; test: number };
  /** Positions of the labelled images in the training split. */
  labelledIndices: number[];
  testError: number;
  /** 1 where the test image is classified correctly, in test order. */
  testCorrect: number[];
  /** confusion[true][predicted] on test. */
  confusion: number[][];
  /** Error on the labelled training images themselves. */
  labelledError: number;
  test: ReturnType<typeof bounds>;
}

const limited = (set: ImageSet, limit: number | undefined) => (limit === undefined ? set : spread(set, limit));

export async function trainAndEvaluateM2(ctx: FitContext, config: M2TrainingConfig, splits: Splits): Promise<M2Run> {
  const trainSet = limited(splits.train, config.trainLimit);
  const validation = limited(splits.validation, config.evalLimit);
  const test = limited(splits.test, config.evalLimit);
  const { labelled, unlabelled, indices } = labelledSplit(trainSet, config.labels, config.seed);
  const dim = trainSet.height * trainSet.width;
  const classes = 10;
  const model = createM2(
    {
      inputDim: dim,
      classes,
      latentDim: config.latentDim,
      hidden: config.hidden,
      activation: 'relu',
      likelihood: config.likelihood ?? 'bernoulli',
    },
    config.seed,
  );
  const weights = objectiveWeights(labelled.n, unlabelled.n, config.alphaScale);
  const labelledBatch = Math.min(config.labelledBatch, labelled.n);
  const { latentDim } = config;

  const started = performance.now();
  const result = await train({
    label: ctx.name,
    params: model.params,
    loss: (xu, rng) => {
      const rows = rng.permutation(labelled.n).subarray(0, labelledBatch);
      const bu = xu.shape[0];
      return objective(
        model,
        {
          xl: gatherRows(labelled.images, dim, rows),
          yl: oneHot(
            Array.from(rows, (r) => labelled.labels[r]!),
            classes,
          ),
          epsl: tf.tensor2d(rng.normals(labelledBatch * latentDim), [labelledBatch, latentDim]),
          xu,
          epsu: tf.tensor2d(rng.normals(classes * bu * latentDim), [classes * bu, latentDim]),
        },
        weights,
      ).loss;
    },
    validate: () => mean(Array.from(correctness(predict(model, validation.images), validation.labels))),
    data: unlabelled.images,
    dim,
    batchSize: config.batchSize,
    maxEpochs: config.maxEpochs,
    patience: config.patience,
    learningRate: config.learningRate,
    seed: config.seed,
    checkpointPath: join(ctx.checkpointDir, `${ctx.name}.ckpt`),
    runKey: ctx.runKey,
    progress: ctx.progress,
  });
  const trainSeconds = (performance.now() - started) / 1000;

  const evalStarted = performance.now();
  const predicted = predict(model, test.images);
  const testCorrect = Array.from(correctness(predicted, test.labels));
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  predicted.forEach((p, i) => confusion[test.labels[i]!]![p]!++);
  const labelledError = 1 - mean(Array.from(correctness(predict(model, labelled.images), labelled.labels)));
  const testBounds = bounds(model, test, config.seed + 1);
  const testError = 1 - mean(testCorrect);
  ctx.progress.log(
    `${ctx.name}: best epoch ${result.bestEpoch}, validation accuracy ${(100 * result.bestValidation).toFixed(1)}%, test error ${(100 * testError).toFixed(2)}%`,
  );
  return {
    model,
    result,
    trainSeconds,
    evalSeconds: (performance.now() - evalStarted) / 1000,
    data: { labelled: labelled.n, unlabelled: unlabelled.n, validation: validation.n, test: test.n },
    labelledIndices: indices,
    testError,
    testCorrect,
    confusion,
    labelledError,
    test: testBounds,
  };
}
