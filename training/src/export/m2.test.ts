import { beforeAll, describe, expect, it } from 'vitest';
import { m2Classifier, m2Decoder, m2Encoder, oneHotRows } from '@bounded-rationality/core/m2/contract.ts';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { runModel, withSession } from '../onnx/run.ts';
import { createM2 } from '../models/m2.ts';
import { exportM2 } from './m2.ts';

beforeAll(() => initBackend('wasm'));

describe('exportM2', () => {
  const config = { inputDim: 12, classes: 4, latentDim: 3, hidden: [8, 6], activation: 'relu' as const };
  const rng = new Rng(4);
  const images = Float32Array.from({ length: 5 * 12 }, () => (rng.uniform() < 0.5 ? 1 : 0));

  it('writes three models that agree with TensorFlow.js, with the contracts’ names and shapes', async () => {
    const m = createM2(config, 7);
    const exported = await exportM2(m, images, { experiment: 'test' });
    expect(exported.parity).toBeLessThan(1e-4);
    const probabilities = await withSession(exported.classifier, async (s) =>
      m2Classifier.probabilities(await runModel(s, m2Classifier.feeds(images, 12))),
    );
    expect(probabilities).toHaveLength(5 * 4);
    for (let r = 0; r < 5; r++)
      expect(probabilities.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const y = oneHotRows([0, 1, 2, 3, 0], 4);
    const z = await withSession(exported.encoder, async (s) =>
      m2Encoder.mean(await runModel(s, m2Encoder.feeds(images, y, 12, 4))),
    );
    expect(z).toHaveLength(5 * 3);
    const decoded = await withSession(exported.decoder, async (s) =>
      m2Decoder.probabilities(await runModel(s, m2Decoder.feeds(z, y, 3, 4))),
    );
    expect(decoded).toHaveLength(5 * 12);
    expect(decoded.every((p) => p > 0 && p < 1)).toBe(true);
  });

  it('the label changes what the encoder and decoder give (y is wired in, not ignored)', async () => {
    const m = createM2(config, 8);
    const exported = await exportM2(m, images, { experiment: 'test' });
    const z = new Float32Array(3).fill(0.5);
    const decode = (label: number) =>
      withSession(exported.decoder, async (s) =>
        m2Decoder.probabilities(await runModel(s, m2Decoder.feeds(z, oneHotRows([label], 4), 3, 4))),
      );
    const [a, b] = [await decode(0), await decode(1)];
    expect(a.some((v, i) => Math.abs(v - b[i]!) > 1e-4)).toBe(true);
  });
});
