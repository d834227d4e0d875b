import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { createImageSet, type ImageSet } from '../data/dataset.ts';
import { labelledSplit } from '../data/labelled-subset.ts';
import { silentProgress } from '../train/progress.ts';
import { trainAndEvaluateM2, type M2TrainingConfig } from './fit.ts';

beforeAll(() => initBackend('wasm'));

/** Ten 4 × 4 binary prototypes; each image is its class's prototype with 5% of the pixels flipped. */
const rng = new Rng(31);
const prototypes = Array.from({ length: 10 }, () => Array.from({ length: 16 }, () => (rng.uniform() < 0.5 ? 1 : 0)));
function toySet(name: string, perClass: number): ImageSet {
  const labels = Uint8Array.from({ length: 10 * perClass }, (_, i) => Math.floor(i / perClass));
  const images = Float32Array.from({ length: labels.length * 16 }, (_, k) => {
    const bit = prototypes[labels[Math.floor(k / 16)]!]![k % 16]!;
    return rng.uniform() < 0.05 ? 1 - bit : bit;
  });
  return createImageSet({ name, images, labels, height: 4, width: 4 });
}
const splits = {
  train: toySet('toy/train', 50),
  validation: toySet('toy/validation', 10),
  test: toySet('toy/test', 10),
};

const config: M2TrainingConfig = {
  seed: 3,
  labels: 20,
  latentDim: 2,
  hidden: [32],
  alphaScale: 1,
  batchSize: 50,
  labelledBatch: 20,
  learningRate: 3e-3,
  maxEpochs: 30,
  patience: 30,
};

describe('trainAndEvaluateM2', () => {
  it(
    'learns the classes from two labels each, and reports on the test split what it measured',
    { timeout: 60_000 },
    async () => {
      const ctx = {
        name: 'toy',
        checkpointDir: mkdtempSync(join(tmpdir(), 'm2-fit-')),
        runKey: 'toy',
        progress: silentProgress,
      };
      const run = await trainAndEvaluateM2(ctx, config, splits);
      // Two labels per class: the same subset the baselines of this seed draw.
      expect(run.labelledIndices).toEqual(labelledSplit(splits.train, 20, 3).indices);
      expect(run.data).toEqual({ labelled: 20, unlabelled: 480, validation: 100, test: 100 });
      expect(run.testCorrect).toHaveLength(100);
      expect(run.testError).toBeCloseTo(1 - run.testCorrect.reduce((a, b) => a + b, 0) / 100, 12);
      expect(run.testError).toBeLessThan(0.2);
      // confusion[true][predicted]: rows count each class's test images, the diagonal the correct ones.
      expect(run.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(10).fill(10));
      expect(run.confusion.reduce((s, row, c) => s + row[c]!, 0)).toBe(run.testCorrect.reduce((a, b) => a + b, 0));
      expect(run.result.history.length).toBe(30);
      // Bounds on log p(x, y) and log p(x) are negative for binary images: probabilities below one.
      expect(run.test.labelledBound).toBeLessThan(0);
      expect(run.test.unlabelledBound).toBeLessThan(0);
      run.model.params.dispose();
    },
  );
});
