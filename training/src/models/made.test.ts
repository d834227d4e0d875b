/**
 * Tests of the MADE density against code written here, in float64, rather than against the helpers
 * the model calls: the conditionals by a plain forward pass over the weights, the normalisation by
 * enumerating all 2^D images, sampling by comparing frequencies with exact probabilities. Each was
 * checked to fail with a bug planted in the code under test (listed in the closing note of the
 * MADE issue).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  masksFromDegrees,
  naturalOrdering,
  randomOrdering,
  sampleDegrees,
  type Degrees,
  type MaskSet,
} from '@bounded-rationality/core/made/masks.ts';
import { madeConditionals } from '@bounded-rationality/core/made/contract.ts';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { withSession, runModel } from '../onnx/run.ts';
import { createMadeDensity, madeLogits, madeLogProb, madeSample, maskTensors, type MadeDensity } from './made.ts';
import { ensembleLogProb } from '../made/fit.ts';
import { checkAutoregressive, orderOf } from '../made/autoregressive.ts';
import { exportMade } from '../export/made.ts';
import { readOnnxInitializers } from '@bounded-rationality/core/onnx/read.ts';
import { applyMasks, madeLogProb as pageLogProb, madeWeights } from '@bounded-rationality/core/made/network.ts';

beforeAll(() => initBackend('wasm'));

const D = 6;
const HIDDEN = [10, 7];

/** A tiny MADE with every parameter random (biases and the direct weight too). */
function tiny(seed: number, hidden = HIDDEN): MadeDensity {
  const model = createMadeDensity({ dim: D, hidden }, seed);
  const rng = new Rng(seed, 99);
  const arrays = model.params.toArrays();
  for (const a of Object.values(arrays)) a.data = a.data.map(() => 1.5 * rng.normal());
  model.params.assign(arrays);
  return model;
}

/** Every binary image of D pixels, one per row. */
const allImages = () => Float32Array.from({ length: 2 ** D * D }, (_, i) => (Math.floor(i / D) >> (i % D)) & 1);

/** log p(x) by a plain forward pass over the model's weights (float64), each conditional written out. */
function referenceLogProb(model: MadeDensity, masks: MaskSet, x: ArrayLike<number>): number {
  const p = model.params.toArrays();
  const widths = [D, ...model.config.hidden];
  let h = Array.from(x);
  model.config.hidden.forEach((width, l) => {
    const w = p[`made.hidden.${l}.weight`]!.data;
    const b = p[`made.hidden.${l}.bias`]!.data;
    h = Array.from({ length: width }, (_, j) => {
      let a = b[j]!;
      for (let i = 0; i < widths[l]!; i++) a += h[i]! * w[i * width + j]! * masks.hidden[l]![i * width + j]!;
      return Math.max(0, a);
    });
  });
  const wo = p['made.output.weight']!.data;
  const bo = p['made.output.bias']!.data;
  const wd = p['made.direct.weight']!.data;
  let logp = 0;
  for (let d = 0; d < D; d++) {
    let a = bo[d]!;
    h.forEach((v, i) => (a += v * wo[i * D + d]! * masks.output[i * D + d]!));
    for (let j = 0; j < D; j++) a += x[j]! * wd[j * D + d]! * masks.direct[j * D + d]!;
    const p1 = 1 / (1 + Math.exp(-a));
    logp += Math.log(x[d] ? p1 : 1 - p1);
  }
  return logp;
}

const logProbs = (model: MadeDensity, masks: MaskSet, x: Float32Array) =>
  tf.tidy(() =>
    Array.from(madeLogProb(model, maskTensors(model, masks), tf.tensor2d(x, [x.length / D, D])).dataSync()),
  );

function degreesFor(seed: number, ordering: 'natural' | 'random' = 'random', hidden = HIDDEN): Degrees {
  const rng = new Rng(seed, 5);
  const u = () => rng.uniform();
  return sampleDegrees(ordering === 'natural' ? naturalOrdering(D) : randomOrdering(D, u), hidden, u);
}
const maskFor = (seed: number, ordering: 'natural' | 'random' = 'random') =>
  masksFromDegrees(degreesFor(seed, ordering));

describe('MADE density', () => {
  it('gives log p(x) as the sum of its conditionals, computed here from the weights', () => {
    const model = tiny(1);
    const masks = maskFor(1);
    const x = allImages();
    const got = logProbs(model, masks, x);
    got.forEach((v, i) => expect(v).toBeCloseTo(referenceLogProb(model, masks, x.subarray(i * D, (i + 1) * D)), 4));
    model.params.dispose();
  });

  it('sums to one over all 2^D images, under one mask and under an ensemble of orderings', () => {
    const model = tiny(2);
    const x = allImages();
    for (const masks of [maskFor(2, 'natural'), maskFor(3)]) {
      const total = logProbs(model, masks, x).reduce((s, v) => s + Math.exp(v), 0);
      expect(total).toBeCloseTo(1, 5);
    }
    const ensemble = ensembleLogProb(model, [maskFor(4), maskFor(5), maskFor(6)], x);
    expect(Array.from(ensemble).reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 5);
    model.params.dispose();
  });

  it('draws samples at the frequencies of its exact probabilities', () => {
    const model = tiny(3, [12]);
    const degrees = degreesFor(7, 'random', [12]);
    const masks = masksFromDegrees(degrees);
    const order = orderOf(degrees);
    const n = 20000;
    const rng = new Rng(11);
    const uniforms = Float32Array.from({ length: n * D }, () => rng.uniform());
    const samples = tf.tidy(() => madeSample(model, maskTensors(model, masks), order, uniforms));
    const counts = new Array<number>(2 ** D).fill(0);
    for (let i = 0; i < n; i++) {
      let code = 0;
      for (let d = 0; d < D; d++) code |= samples[i * D + d]! << d;
      counts[code]!++;
    }
    const exact = logProbs(model, masks, allImages()).map(Math.exp);
    exact.forEach((p, code) => {
      // Within 4.5 binomial standard deviations (and a count's rounding) of n·p.
      expect(Math.abs(counts[code]! - n * p)).toBeLessThan(4.5 * Math.sqrt(n * p * (1 - p)) + 1);
    });
    model.params.dispose();
  });

  it('completes an image from the conditional of the missing pixels given the known ones, when those come first', () => {
    const model = tiny(4, [12]);
    const known = new Uint8Array([1, 0, 1, 0, 0, 0]);
    // Known pixels 0 and 2 first, then the rest: the model's conditionals are then exactly
    // p(missing | known); in another ordering they would not be.
    const order = [0, 2, 1, 3, 4, 5];
    const rng = new Rng(5, 5);
    const masks = masksFromDegrees(sampleDegrees(order, [12], () => rng.uniform()));
    const n = 20000;
    const start = new Float32Array(n * D);
    for (let i = 0; i < n; i++) [start[i * D], start[i * D + 2]] = [1, 0];
    const draws = new Rng(12);
    const uniforms = Float32Array.from({ length: n * D }, () => draws.uniform());
    const samples = tf.tidy(() =>
      madeSample(model, maskTensors(model, masks), order, uniforms, { values: start, known }),
    );
    const exact = logProbs(model, masks, allImages()).map(Math.exp);
    const consistent = (code: number) => (code & 1) === 1 && (code & 4) === 0;
    const evidence = exact.reduce((s, p, code) => s + (consistent(code) ? p : 0), 0);
    const counts = new Array<number>(2 ** D).fill(0);
    for (let i = 0; i < n; i++) {
      let code = 0;
      for (let d = 0; d < D; d++) code |= samples[i * D + d]! << d;
      counts[code]!++;
    }
    exact.forEach((p, code) => {
      if (!consistent(code)) return expect(counts[code]).toBe(0);
      const q = p / evidence;
      expect(Math.abs(counts[code]! - n * q)).toBeLessThan(4.5 * Math.sqrt(n * q * (1 - q)) + 1);
    });
    model.params.dispose();
  });

  it('passes the autoregressive check on its masks, and the check sees the moves it allows', () => {
    const model = tiny(5);
    const rng = new Rng(9, 5);
    const u = () => rng.uniform();
    const pool = [0, 1, 2].map(() => sampleDegrees(randomOrdering(D, u), HIDDEN, u));
    const check = checkAutoregressive(model, pool, new Float32Array([1, 0, 1, 1, 0, 1]));
    expect(check.masksChecked).toBe(3);
    expect(check.largestForbiddenChange).toBeLessThanOrEqual(1e-5);
    // With a random direct weight every earlier input moves every later logit.
    expect(check.allowedChangesSeen).toBe(1);
    model.params.dispose();
  });

  it('exports a model that onnxruntime-web evaluates like TensorFlow.js under masks it did not see at export', async () => {
    const model = tiny(6);
    const x = allImages().subarray(0, 16 * D);
    const { bytes, parity } = await exportMade(model, { images: x, masks: maskFor(8) }, { test: 'yes' });
    expect(parity).toBeLessThan(1e-4);
    const other = maskFor(9);
    const expected = tf.tidy(() => {
      const t = maskTensors(model, other);
      return Array.from(madeLogits(model, t, tf.tensor2d(x, [16, D])).dataSync());
    });
    const outputs = await withSession(bytes, (s) => runModel(s, madeConditionals.feeds(x, other, D, HIDDEN)));
    const got = Array.from(madeConditionals.logits(outputs));
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    model.params.dispose();
  });

  it('exports weights from which the page’s MADE computes the same log-likelihoods as TensorFlow.js', async () => {
    const model = tiny(7, [12]);
    const masks = masksFromDegrees(degreesFor(10, 'random', [12]));
    const x = allImages();
    const { bytes } = await exportMade(model, { images: x.subarray(0, 4 * D), masks }, {});
    const net = applyMasks(madeWeights(readOnnxInitializers(bytes)), masks);
    logProbs(model, masks, x).forEach((v, i) =>
      expect(pageLogProb(net, x.subarray(i * D, (i + 1) * D))).toBeCloseTo(v, 4),
    );
    model.params.dispose();
  });
});
