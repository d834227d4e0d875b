/**
 * The supervised-only neural baseline: an MLP classifier, pixels → hidden (ReLU) → class logits,
 * trained with the repository's loop on the labelled images alone. The loop hands `loss` rows of
 * its data only, so each training row carries its label: [pixels | one-hot], sliced apart here.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/index.ts';
import { createDense, dense, type DenseLayer } from '../nn/dense.ts';
import { Params } from '../nn/params.ts';
import { Rng } from '../runtime/rng.ts';
import { perExampleMany } from '../train/evaluate.ts';
import { train, type TrainResult } from '../train/loop.ts';
import type { Progress } from '../train/progress.ts';

/** How a classifier is trained; its width is the model's (createMlpClassifier). */
export interface MlpTraining {
  /** L2 penalty (λ/2) Σ ‖W‖² on both weight matrices (not the biases), added to the mean loss in nats. */
  weightDecay: number;
  /** Labelled images per step; with 100 labels and a batch of 100, one step is one epoch. */
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation score before stopping. */
  patience: number;
  /** Adam's step size. */
  learningRate: number;
  seed: number;
}

export interface MlpClassifier {
  params: Params;
  inputs: number;
  classes: number;
  hidden: DenseLayer;
  output: DenseLayer;
}

export interface MlpRun {
  /** Shown in progress lines. */
  label: string;
  /** Where to keep the checkpoint; none for a throwaway run. */
  checkpointPath?: string | undefined;
  /** The run's configuration and data key: a checkpoint made under another is not resumed. */
  runKey: string;
  progress?: Progress;
}

/** Glorot-initialised weights drawn from `seed`. */
export function createMlpClassifier(inputs: number, hidden: number, classes: number, seed: number): MlpClassifier {
  const params = new Params();
  const rng = new Rng(seed, 0xc1a5);
  return {
    params,
    inputs,
    classes,
    hidden: createDense(params, rng, 'classifier.hidden', inputs, hidden, 'relu'),
    output: createDense(params, rng, 'classifier.output', hidden, classes, 'none'),
  };
}

/** x [batch, inputs] → class logits [batch, classes]. */
export function classifierLogits(model: MlpClassifier, x: tf.Tensor2D): tf.Tensor2D {
  return dense(model.output, dense(model.hidden, x));
}

/** Each image's pixels followed by its one-hot label: [n, pixels + classes], the loop's training rows. */
export function labelledRows(set: ImageSet, classes = 10): Float32Array {
  const dim = set.height * set.width;
  const width = dim + classes;
  const rows = new Float32Array(set.n * width);
  for (let i = 0; i < set.n; i++) {
    const label = set.labels[i]!;
    if (label >= classes) throw new Error(`labelledRows: ${set.name} image ${i} has label ${label} ≥ ${classes}`);
    rows.set(set.images.subarray(i * dim, (i + 1) * dim), i * width);
    rows[i * width + dim + label] = 1;
  }
  return rows;
}

/** log p(label | pixels) for rows [batch, inputs + classes] of {@link labelledRows}: [batch]. */
export function labelLogLikelihood(model: MlpClassifier, rows: tf.Tensor2D): tf.Tensor1D {
  const pixels = tf.slice(rows, [0, 0], [-1, model.inputs]);
  const oneHot = tf.slice(rows, [0, model.inputs], [-1, model.classes]);
  return tf.sum(tf.mul(oneHot, tf.logSoftmax(classifierLogits(model, pixels))), -1);
}

/** The training loss of a batch of rows: mean −log p(label | pixels) plus the weight decay. */
export function classifierLoss(model: MlpClassifier, rows: tf.Tensor2D, weightDecay: number): tf.Scalar {
  const nll = tf.neg(tf.mean(labelLogLikelihood(model, rows)));
  if (weightDecay === 0) return nll as tf.Scalar;
  const squares = tf.add(tf.sum(tf.square(model.hidden.weight)), tf.sum(tf.square(model.output.weight)));
  return tf.add(nll, tf.mul(weightDecay / 2, squares)) as tf.Scalar;
}

export interface Classified {
  /** The most probable class of each image. */
  predicted: Uint8Array;
  /** log p(true label | image) of each image, in nats. */
  logLikelihood: Float64Array;
}

/** The model's class for each image of `set`, and the log-probability it gives the true label. */
export function classifyImages(model: MlpClassifier, set: ImageSet, batchSize = 500): Classified {
  const [predicted, logLikelihood] = perExampleMany(
    labelledRows(set, model.classes),
    model.inputs + model.classes,
    batchSize,
    (rows) => {
      const pixels = tf.slice(rows, [0, 0], [-1, model.inputs]);
      return [tf.cast(tf.argMax(classifierLogits(model, pixels), -1), 'float32'), labelLogLikelihood(model, rows)];
    },
  );
  return { predicted: Uint8Array.from(predicted!), logLikelihood: logLikelihood! };
}

/**
 * Accuracy, ties broken by the geometric-mean probability of the true label g ∈ (0, 1]:
 * (correct + g) / n. Since g < 1 unless every image is certain, one more right image always wins.
 */
export function validationScore(classified: Classified, labels: Uint8Array): number {
  let correct = 0;
  let logSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (classified.predicted[i] === labels[i]) correct++;
    logSum += classified.logLikelihood[i]!;
  }
  return (correct + Math.exp(logSum / labels.length)) / labels.length;
}

/**
 * Trains `model` in place on `labelled` with early stopping on `validation` (see
 * {@link validationScore}); it ends with the best validation epoch's weights.
 */
export async function trainMlpClassifier(
  model: MlpClassifier,
  labelled: ImageSet,
  validation: ImageSet,
  config: MlpTraining,
  run: MlpRun,
): Promise<TrainResult> {
  const { inputs, classes } = model;
  if (labelled.height * labelled.width !== inputs) {
    throw new Error(
      `trainMlpClassifier: ${labelled.name} has ${labelled.height * labelled.width} pixels, the model ${inputs} inputs`,
    );
  }
  return train({
    label: run.label,
    params: model.params,
    loss: (rows) => classifierLoss(model, rows, config.weightDecay),
    validate: () => validationScore(classifyImages(model, validation), validation.labels),
    data: labelledRows(labelled, classes),
    dim: inputs + classes,
    batchSize: config.batchSize,
    maxEpochs: config.maxEpochs,
    patience: config.patience,
    learningRate: config.learningRate,
    seed: config.seed,
    checkpointPath: run.checkpointPath,
    runKey: run.runKey,
    ...(run.progress ? { progress: run.progress } : {}),
  });
}
