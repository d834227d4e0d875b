import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createImageSet, type ImageSet } from '../data/dataset.ts';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import {
  classifierLoss,
  classifyImages,
  createMlpClassifier,
  labelledRows,
  trainMlpClassifier,
  validationScore,
  type MlpClassifier,
} from './mlp-classifier.ts';

beforeAll(() => initBackend('wasm'));

/** 3 classes of 1 × 8 binary images: class c lights pixels 2c … 2c + 2, each pixel flipped with probability 0.05. */
function toySet(n: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  const images = new Float32Array(n * 8);
  labels.forEach((c, i) => {
    for (let j = 0; j < 8; j++) {
      const on = j >= 2 * c && j <= 2 * c + 2;
      images[i * 8 + j] = on !== rng.uniform() < 0.05 ? 1 : 0;
    }
  });
  return createImageSet({ name: `toy-${seed}`, images, labels, height: 1, width: 8 });
}

/** −log p(label | x) per image, by plain loops over the model's weights (ReLU hidden layer). */
function referenceNll(model: MlpClassifier, set: ImageSet): number[] {
  const w = model.params.toArrays();
  const [w1, b1, w2, b2] = ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'].map(
    (name) => w[`classifier.${name}`]!.data,
  );
  const hidden = b1!.length;
  const classes = b2!.length;
  return Array.from({ length: set.n }, (_, i) => {
    const h = Array.from({ length: hidden }, (_, u) => {
      let s = b1![u]!;
      for (let j = 0; j < model.inputs; j++) s += set.images[i * model.inputs + j]! * w1![j * hidden + u]!;
      return Math.max(0, s);
    });
    const logits = Array.from({ length: classes }, (_, c) =>
      h.reduce((s, hu, u) => s + hu * w2![u * classes + c]!, b2![c]!),
    );
    const logSumExp = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
    return logSumExp - logits[set.labels[i]!]!;
  });
}

const config = {
  weightDecay: 0,
  batchSize: 30,
  maxEpochs: 60,
  patience: 60,
  learningRate: 0.02,
  seed: 3,
};

describe('MLP classifier', () => {
  const labelled = toySet(30, 1);
  const validation = toySet(60, 2);

  it('lays out training rows as pixels, then the one-hot label', () => {
    const rows = labelledRows(labelled, 3);
    expect(rows.length).toBe(30 * 11);
    expect(Array.from(rows.subarray(2 * 11, 3 * 11))).toEqual([...labelled.images.subarray(16, 24), 0, 0, 1]);
  });

  it('computes the mean cross-entropy, plus the weight decay, as written out by hand', () => {
    const model = createMlpClassifier(8, 5, 3, 9);
    const rows = tf.tensor2d(labelledRows(labelled, 3), [30, 11]);
    const nll = referenceNll(model, labelled);
    const meanNll = nll.reduce((a, b) => a + b, 0) / nll.length;
    expect(classifierLoss(model, rows, 0).dataSync()[0]).toBeCloseTo(meanNll, 4);
    const arrays = model.params.toArrays();
    let squares = 0;
    for (const name of ['classifier.hidden.weight', 'classifier.output.weight'])
      for (const v of arrays[name]!.data) squares += v * v;
    expect(classifierLoss(model, rows, 0.1).dataSync()[0]).toBeCloseTo(meanNll + 0.05 * squares, 4);
    const classified = classifyImages(model, labelled, 7); // batches of 7 cover a ragged end
    classified.logLikelihood.forEach((l, i) => expect(-l).toBeCloseTo(nll[i]!, 4));
    rows.dispose();
    model.params.dispose();
  });

  it('scores validation by accuracy, ties broken by the geometric-mean probability of the label', () => {
    const labels = Uint8Array.from([0, 1, 2, 0]);
    const logLikelihood = Float64Array.from([-0.1, -0.2, -3, -2]);
    const score = validationScore({ predicted: Uint8Array.from([0, 1, 1, 0]), logLikelihood }, labels);
    expect(score).toBeCloseTo((3 + Math.exp(-5.3 / 4)) / 4, 12);
    // Three right with confident probabilities still loses to four right with poor ones.
    const worse = validationScore({ predicted: labels, logLikelihood: Float64Array.from([-5, -5, -5, -5]) }, labels);
    expect(worse).toBeGreaterThan(score);
  });

  it('learns the toy classes, keeps the best epoch, and leaves no tensors behind', async () => {
    const model = createMlpClassifier(8, 16, 3, config.seed);
    const before = tf.memory().numTensors;
    const result = await trainMlpClassifier(model, labelled, validation, config, { label: 'toy', runKey: 'toy' });
    expect(tf.memory().numTensors).toBe(before);
    const classified = classifyImages(model, validation);
    expect(Array.from(classified.predicted).filter((p, i) => p === validation.labels[i]).length).toBeGreaterThanOrEqual(
      57,
    );
    expect(validationScore(classified, validation.labels)).toBeCloseTo(result.bestValidation, 6);
    expect(result.bestValidation).toBe(Math.max(...result.history.map((h) => h.validation)));
    model.params.dispose();
  });

  it('is deterministic given the seed', async () => {
    const short = { ...config, maxEpochs: 3 };
    const [a, b] = [createMlpClassifier(8, 16, 3, 4), createMlpClassifier(8, 16, 3, 4)];
    await trainMlpClassifier(a, labelled, validation, short, { label: 'a', runKey: 'a' });
    await trainMlpClassifier(b, labelled, validation, short, { label: 'b', runKey: 'b' });
    expect(a.params.toArrays()).toEqual(b.params.toArrays());
    a.params.dispose();
    b.params.dispose();
  });
});
