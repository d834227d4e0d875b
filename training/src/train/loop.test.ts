import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { createVae, elboTerms, type Vae } from '../models/vae.ts';
import { train, type TrainOptions } from './loop.ts';
import { mean } from '@bounded-rationality/core/stats/summary.ts';
import { perExample } from './evaluate.ts';
import { loadCheckpoint } from './checkpoint.ts';

beforeAll(() => initBackend('wasm'));

const dim = 16;
/** Binary rows with structure: the two halves of each row repeat one random pattern. */
function toyData(n: number): Float32Array {
  const rng = new Rng(99);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim / 2; j++) {
      const bit = rng.uniform() < 0.5 ? 1 : 0;
      data[i * dim + j] = bit;
      data[i * dim + j + dim / 2] = bit;
    }
  }
  return data;
}
const data = toyData(120);
const validation = toyData(40);

function options(vae: Vae, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    label: 'toy',
    params: vae.params,
    loss: (x, rng) => {
      const eps = tf.tensor2d(rng.normals(x.shape[0] * 2), [x.shape[0], 2]);
      return tf.neg(tf.mean(elboTerms(vae, x, eps).elbo));
    },
    validate: () => mean(perExample(validation, dim, 40, (x) => elboTerms(vae, x, tf.zeros([x.shape[0], 2])).elbo)),
    data,
    dim,
    batchSize: 32,
    maxEpochs: 4,
    patience: 10,
    learningRate: 1e-2,
    seed: 5,
    runKey: 'toy',
    ...extra,
  };
}
const toyVae = () => createVae({ inputDim: dim, hidden: [8], latentDim: 2, activation: 'relu' }, 1);

describe('training loop', () => {
  it('improves the validation score and keeps the tensor count flat', async () => {
    const vae = toyVae();
    const before = tf.memory().numTensors;
    const result = await train(options(vae));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.history).toHaveLength(4);
    expect(result.history.at(-1)!.validation).toBeGreaterThan(result.history[0]!.validation);
    expect(result.bestValidation).toBe(Math.max(...result.history.map((h) => h.validation)));
    vae.params.dispose();
  });

  it('gives the same weights for the same seed', async () => {
    const a = toyVae();
    const b = toyVae();
    await train(options(a, { maxEpochs: 2 }));
    await train(options(b, { maxEpochs: 2 }));
    expect(a.params.toArrays()).toEqual(b.params.toArrays());
    a.params.dispose();
    b.params.dispose();
  });

  it('resumes from a checkpoint and ends exactly as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-loop-'));
    const straight = toyVae();
    const straightResult = await train(options(straight));

    const first = toyVae();
    const path = join(dir, 'toy.ckpt');
    const interrupted = await train(options(first, { checkpointPath: path, stopAfterEpoch: 2 }));
    expect(interrupted.history).toHaveLength(2);
    first.params.dispose();
    expect((await loadCheckpoint<{ epoch: number }>(path))?.state.epoch).toBe(2);

    // A new process would build a fresh model and find the checkpoint.
    const resumed = toyVae();
    const result = await train(options(resumed, { checkpointPath: path }));
    expect(result.resumedFrom).toBe(2);
    expect(result.history.map((h) => h.trainLoss)).toEqual(straightResult.history.map((h) => h.trainLoss));
    expect(resumed.params.toArrays()).toEqual(straight.params.toArrays());
    straight.params.dispose();
    resumed.params.dispose();
  });

  it('ignores a checkpoint made under another configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-loop-'));
    const path = join(dir, 'toy.ckpt');
    const a = toyVae();
    await train(options(a, { checkpointPath: path, stopAfterEpoch: 1 }));
    const b = toyVae();
    const result = await train(options(b, { checkpointPath: path, runKey: 'other', maxEpochs: 1 }));
    expect(result.resumedFrom).toBe(0);
    a.params.dispose();
    b.params.dispose();
  });

  it('names a corrupt checkpoint instead of training over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-loop-'));
    const path = join(dir, 'toy.ckpt');
    writeFileSync(path, 'BRCK\u0010\u0000\u0000\u0000{"state":');
    const vae = toyVae();
    await expect(train(options(vae, { checkpointPath: path }))).rejects.toThrow(
      `Checkpoint ${path} is corrupt (header of 16 bytes runs past the end). Delete it to start this run over.`,
    );
    vae.params.dispose();
  });

  it('stops early when validation stops improving', async () => {
    const vae = toyVae();
    let calls = 0;
    const result = await train(options(vae, { maxEpochs: 20, patience: 2, validate: () => (calls++ === 0 ? 1 : 0) }));
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.history).toHaveLength(3);
    vae.params.dispose();
  });
});
