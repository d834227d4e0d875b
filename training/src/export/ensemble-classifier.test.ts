import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { runModel, withSession } from '../onnx/run.ts';
import { classifierLogits, createMlpClassifier } from '../baselines/mlp-classifier.ts';
import { exportEnsembleClassifier } from './ensemble-classifier.ts';

beforeAll(() => initBackend('wasm'));

describe('exportEnsembleClassifier', () => {
  const rng = new Rng(3);
  const images = Float32Array.from({ length: 4 * 10 }, () => rng.uniform());

  it('gives each member’s own logits, in member order, as TensorFlow.js computes them', async () => {
    const members = [1, 2, 3].map((seed) => createMlpClassifier(10, 6, 4, seed));
    const { bytes, parity } = await exportEnsembleClassifier(members, images, { experiment: 'test' });
    expect(parity).toBeLessThan(1e-4);
    const outputs = await withSession(bytes, (s) => runModel(s, ensembleClassifier.feeds(images, 10)));
    members.forEach((m, k) => {
      const own = tf.tidy(() => classifierLogits(m, tf.tensor2d(images, [4, 10])).dataSync() as Float32Array);
      const exported = ensembleClassifier.memberLogits(outputs, 3, 4, k);
      own.forEach((v, i) => expect(exported[i]).toBeCloseTo(v, 4));
    });
    // The members are different networks, so their logits differ.
    expect(ensembleClassifier.memberLogits(outputs, 3, 4, 0)).not.toEqual(
      ensembleClassifier.memberLogits(outputs, 3, 4, 1),
    );
    members.forEach((m) => m.params.dispose());
  });

  it('refuses an empty ensemble and members of different shapes', async () => {
    await expect(exportEnsembleClassifier([], images, {})).rejects.toThrow(/no members/);
    const mixed = [createMlpClassifier(10, 6, 4, 1), createMlpClassifier(10, 6, 3, 2)];
    await expect(exportEnsembleClassifier(mixed, images, {})).rejects.toThrow(/differ/);
    mixed.forEach((m) => m.params.dispose());
  });
});
