import { beforeAll, describe, expect, it } from 'vitest';
import { createImageSet, type ImageSet } from '../data/dataset.ts';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { knnClassify } from './knn.ts';
import { fitLogistic, logisticClassify } from './logistic.ts';
import { classifyImages, createMlpClassifier, trainMlpClassifier } from './mlp-classifier.ts';
import { fitPca, project } from '../linalg/pca.ts';
import { chooseOnValidation, tuneKnn, tuneLogistic, tuneMlp, type BaselineSplits } from './tune.ts';

beforeAll(() => initBackend('wasm'));

/** 3 classes of 1 × 8 binary images around overlapping prototypes, each pixel flipped with probability 0.25. */
function toySet(n: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  const images = new Float32Array(n * 8);
  labels.forEach((c, i) => {
    for (let j = 0; j < 8; j++) images[i * 8 + j] = (j >= 2 * c && j <= 2 * c + 3) !== rng.uniform() < 0.25 ? 1 : 0;
  });
  return createImageSet({ name: `toy-${seed}`, images, labels, height: 1, width: 8 });
}

const splits: BaselineSplits = { labelled: toySet(30, 1), validation: toySet(90, 2), test: toySet(90, 3) };
const pca = fitPca(splits.labelled.images, 8, 4);
const errorOf = (correct: Uint8Array) => (100 * correct.filter((c) => c === 0).length) / correct.length;
const agreement = (predicted: Uint8Array, labels: Uint8Array) =>
  Uint8Array.from(labels, (l, i) => (predicted[i] === l ? 1 : 0));

describe('choosing on validation', () => {
  it('takes the lowest validation error, the earliest point on a tie', () => {
    const grid = [
      { setting: 'a', validationError: 5 },
      { setting: 'b', validationError: 3 },
      { setting: 'c', validationError: 3 },
      { setting: 'd', validationError: 4 },
    ];
    expect(chooseOnValidation(grid).setting).toBe('b');
  });

  it('tunes k-NN over dims × ks and scores the chosen setting on test', () => {
    const tuned = tuneKnn(pca, splits, { dims: [2, 4], ks: [1, 3, 5] });
    expect(tuned.grid.map((p) => p.setting)).toEqual([
      { dim: 2, k: 1 },
      { dim: 2, k: 3 },
      { dim: 2, k: 5 },
      { dim: 4, k: 1 },
      { dim: 4, k: 3 },
      { dim: 4, k: 5 },
    ]);
    const { dim, k } = tuned.chosen;
    // Not the first k: a test score computed with the wrong k would show.
    expect(tuned.chosen).toEqual({ dim: 2, k: 5 });
    expect(tuned.validationError).toBe(Math.min(...tuned.grid.map((p) => p.validationError)));
    // Each grid point and the test score, recomputed by projecting and classifying directly.
    for (const point of tuned.grid) {
      const predicted = knnClassify(
        project(pca, splits.labelled.images, point.setting.dim),
        splits.labelled.labels,
        project(pca, splits.validation.images, point.setting.dim),
        point.setting.dim,
        point.setting.k,
      );
      expect(point.validationError).toBeCloseTo(errorOf(agreement(predicted, splits.validation.labels)), 10);
    }
    const test = knnClassify(
      project(pca, splits.labelled.images, dim),
      splits.labelled.labels,
      project(pca, splits.test.images, dim),
      dim,
      k,
    );
    expect(Array.from(tuned.testCorrect)).toEqual(Array.from(agreement(test, splits.test.labels)));
    expect(tuned.testError).toBeCloseTo(errorOf(tuned.testCorrect), 10);
  });

  it('tunes logistic regression over dims × λ and scores the chosen setting on test', () => {
    const tuned = tuneLogistic(pca, splits, { dims: [2, 4], lambdas: [1, 0.01] });
    expect(tuned.grid).toHaveLength(4);
    expect(tuned.validationError).toBe(Math.min(...tuned.grid.map((p) => p.validationError)));
    const { dim, lambda } = tuned.chosen;
    const model = fitLogistic(project(pca, splits.labelled.images, dim), splits.labelled.labels, dim, { lambda });
    const test = logisticClassify(model, project(pca, splits.test.images, dim));
    expect(Array.from(tuned.testCorrect)).toEqual(Array.from(agreement(test, splits.test.labels)));
    expect(tuned.testError).toBeCloseTo(errorOf(tuned.testCorrect), 10);
  });

  it('tunes the MLP over widths × weight decays, one early-stopped run each', async () => {
    const training = { batchSize: 10, maxEpochs: 8, patience: 8, learningRate: 0.02, seed: 2 };
    const tuned = await tuneMlp(splits, { hidden: [4, 16], weightDecays: [0] }, training, { label: 't', runKey: 't' });
    expect(tuned.grid.map((p) => p.setting.hidden)).toEqual([4, 16]);
    expect(tuned.bestEpochs).toHaveLength(2);
    expect(tuned.validationError).toBe(Math.min(...tuned.grid.map((p) => p.validationError)));
    expect(tuned.testCorrect).toHaveLength(90);
    expect(tuned.testError).toBeCloseTo(errorOf(tuned.testCorrect), 10);
    expect(tuned.testError).toBeLessThan(40); // far better than chance (66.7 %)
    // Training is deterministic: the chosen setting trained again gives the same test answers.
    const { hidden, weightDecay } = tuned.chosen;
    const again = createMlpClassifier(8, hidden, 10, training.seed);
    await trainMlpClassifier(
      again,
      splits.labelled,
      splits.validation,
      { ...training, weightDecay },
      { label: 'a', runKey: 'a' },
    );
    const predicted = classifyImages(again, splits.test).predicted;
    expect(Array.from(tuned.testCorrect)).toEqual(Array.from(agreement(predicted, splits.test.labels)));
    again.params.dispose();
  });
});
