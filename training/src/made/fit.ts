/**
 * Training and exact evaluation of a MADE on binarized images. A `fixed` model has one mask: the
 * natural (raster) ordering and hidden degrees drawn once. A `sampled` model draws a fresh ordering
 * and connectivity for every mini-batch (order- and connectivity-agnostic training) and is
 * evaluated with ensembles of the first K masks of a pool drawn from its seed. Epochs are chosen by
 * early stopping on the validation log-likelihood; the test split is touched once, at the end.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import {
  inputDegrees,
  masksFromDegrees,
  naturalOrdering,
  randomOrdering,
  sampleDegrees,
  type Degrees,
  type MaskSet,
} from '@bounded-rationality/core/made/masks.ts';
import { ensembleLogLikelihood } from '@bounded-rationality/core/made/ensemble.ts';
import { mean, standardError } from '@bounded-rationality/core/stats/summary.ts';
import { spread, type ImageSet, type Splits } from '../data/index.ts';
import { Rng } from '../runtime/rng.ts';
import { train, type TrainResult } from '../train/loop.ts';
import { perExample } from '../train/evaluate.ts';
import type { Progress } from '../train/progress.ts';
import { createMadeDensity, madeLogProb, maskTensors, type MadeDensity } from '../models/made.ts';
import { checkAutoregressive, type AutoregressiveCheck } from './autoregressive.ts';

export type MaskMode = 'fixed' | 'sampled';

export interface MadeTrainingConfig {
  seed: number;
  hidden: number[];
  masks: MaskMode;
  batchSize: number;
  learningRate: number;
  maxEpochs: number;
  /** Epochs without a better validation log-likelihood before stopping. */
  patience: number;
  /** Ensemble sizes evaluated on test (the first K masks of the pool); [1] for a fixed model. */
  ensembles: number[];
  /** Masks of the pool whose ensemble scores validation (for early stopping). */
  validationMasks: number;
  /** Train on n images spread over the training split (smoke runs); undefined for all. */
  trainLimit?: number;
  /** Evaluate on n images spread over each split (smoke runs); undefined for all. */
  evalLimit?: number;
}

/** The degrees of the masks a model is evaluated with: mask k of the pool, drawn from the seed. */
export function maskPool(
  config: Pick<MadeTrainingConfig, 'seed' | 'hidden' | 'masks'>,
  dim: number,
  size: number,
): Degrees[] {
  const rng = new Rng(config.seed, 0x3a5c);
  const uniform = () => rng.uniform();
  return Array.from({ length: size }, () =>
    sampleDegrees(
      config.masks === 'fixed' ? naturalOrdering(dim) : randomOrdering(dim, uniform),
      config.hidden,
      uniform,
    ),
  );
}

/** Exact log p(x) of every row of `data` under each mask, `[mask][example]`. */
export function perMaskLogLikelihood(
  model: MadeDensity,
  masks: readonly MaskSet[],
  data: Float32Array,
): Float64Array[] {
  return masks.map((set) => {
    const tensors = maskTensors(model, set);
    try {
      return perExample(data, model.config.dim, 500, (x) => madeLogProb(model, tensors, x));
    } finally {
      for (const t of [...tensors.hidden, tensors.output, tensors.direct]) t.dispose();
    }
  });
}

/** Exact log-likelihood of every row of `data` under the ensemble (uniform mixture) of `masks`. */
export function ensembleLogProb(model: MadeDensity, masks: readonly MaskSet[], data: Float32Array): Float64Array {
  return ensembleLogLikelihood(perMaskLogLikelihood(model, masks, data));
}

function take(set: ImageSet, limit: number | undefined): Float32Array {
  return limit === undefined ? set.images : spread(set, limit).images;
}

/** Mean NLL and its standard error over examples. */
const nll = (logLik: Float64Array) => {
  const values = Array.from(logLik, (v) => -v);
  return { nll: mean(values), se: standardError(values) };
};

export interface MadeRun {
  model: MadeDensity;
  pool: Degrees[];
  result: TrainResult;
  trainSeconds: number;
  evalSeconds: number;
  data: { train: number; validation: number; test: number; trainEvaluated: number };
  /** Per ensemble size K: NLL on test and on as many training images, mean and SE over images. */
  ensembles: { masks: number; test: { nll: number; se: number }; train: { nll: number; se: number } }[];
  /** Test NLL of each mask of the pool alone. */
  singleMaskTestNll: number[];
  /**
   * Test NLL of one mask in the natural (raster) ordering, hidden degrees from the pool's first
   * mask: how a sampled model does in the ordering a fixed one is trained in.
   */
  naturalOrderTestNll: number;
  /** Test NLL per image under the largest ensemble, in test order (for paired comparisons). */
  testNllPerImage: number[];
  autoregressive: AutoregressiveCheck;
}

export interface MadeRunContext {
  name: string;
  checkpointDir: string;
  runKey: string;
  progress: Progress;
}

export async function trainAndEvaluateMade(
  ctx: MadeRunContext,
  config: MadeTrainingConfig,
  splits: Splits,
): Promise<MadeRun> {
  const dim = splits.train.height * splits.train.width;
  // The splits are in class order: a limited run takes images spread over all classes.
  const trainImages = take(splits.train, config.trainLimit);
  const validation = take(splits.validation, config.evalLimit);
  const test = take(splits.test, config.evalLimit);
  const trainEvaluated = take(splits.train, config.evalLimit ?? splits.test.n);

  const pixelMeans = new Float32Array(dim);
  const n = trainImages.length / dim;
  for (let i = 0; i < trainImages.length; i++) pixelMeans[i % dim]! += trainImages[i]! / n;
  const model = createMadeDensity({ dim, hidden: config.hidden }, config.seed, pixelMeans);

  const largest = Math.max(...config.ensembles, config.validationMasks);
  const pool = maskPool(config, dim, config.masks === 'fixed' ? 1 : largest);
  const poolMasks = pool.map(masksFromDegrees);
  // Made outside any scope, so that the loop's tidy leaves them alone.
  const fixed = config.masks === 'fixed' ? maskTensors(model, poolMasks[0]!) : undefined;

  const started = performance.now();
  const result = await train({
    label: ctx.name,
    params: model.params,
    loss: (x, rng) => {
      // A fresh ordering and connectivity per mini-batch, from the loop's per-epoch generator.
      const uniform = () => rng.uniform();
      const masks =
        fixed ??
        maskTensors(model, masksFromDegrees(sampleDegrees(randomOrdering(dim, uniform), config.hidden, uniform)));
      return tf.neg(tf.mean(madeLogProb(model, masks, x))) as tf.Scalar;
    },
    validate: () => mean(ensembleLogProb(model, poolMasks.slice(0, config.validationMasks), validation)),
    data: trainImages,
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
  if (fixed) for (const t of [...fixed.hidden, fixed.output, fixed.direct]) t.dispose();

  const evalStarted = performance.now();
  const testMembers = perMaskLogLikelihood(model, poolMasks, test);
  const trainMembers = perMaskLogLikelihood(model, poolMasks, trainEvaluated);
  const sizes = config.masks === 'fixed' ? [1] : config.ensembles;
  const ensembles = sizes.map((k) => ({
    masks: k,
    test: nll(ensembleLogLikelihood(testMembers.slice(0, k))),
    train: nll(ensembleLogLikelihood(trainMembers.slice(0, k))),
  }));
  const largestTest = ensembleLogLikelihood(testMembers.slice(0, Math.max(...sizes)));
  const natural = masksFromDegrees({ inputs: inputDegrees(naturalOrdering(dim)), hidden: pool[0]!.hidden });
  const naturalOrderTestNll = nll(perMaskLogLikelihood(model, [natural], test)[0]!).nll;
  const autoregressive = checkAutoregressive(model, pool, test.subarray(0, dim));
  return {
    model,
    pool,
    result,
    trainSeconds,
    evalSeconds: (performance.now() - evalStarted) / 1000,
    data: {
      train: n,
      validation: validation.length / dim,
      test: test.length / dim,
      trainEvaluated: trainEvaluated.length / dim,
    },
    ensembles,
    singleMaskTestNll: testMembers.map((m) => nll(m).nll),
    naturalOrderTestNll,
    testNllPerImage: Array.from(largestTest, (v) => -v),
    autoregressive,
  };
}
