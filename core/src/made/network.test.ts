/**
 * The page's MADE against a reference written here: a full forward pass for every conditional,
 * and ancestral sampling by D full passes, on random weights and masks. (Planted bugs this catches:
 * a pixel's own row added before its logit is read, the direct term dropped, ReLU left out, known
 * pixels redrawn.)
 */
import { describe, expect, it } from 'vitest';
import { masksFromDegrees, randomOrdering, sampleDegrees, type MaskSet } from './masks.ts';
import { applyMasks, madeLogProb, MadeSampler, madeWeights, type MadeWeights } from './network.ts';
import type { Initializer } from '../onnx/read.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const D = 7;
const H = 9;

function setup(seed: number) {
  const u = lcg(seed);
  const w = (n: number) => Float32Array.from({ length: n }, () => 3 * (u() - 0.5));
  const weights: MadeWeights = { dim: D, hidden: H, w1: w(D * H), b1: w(H), w2: w(H * D), b2: w(D), direct: w(D * D) };
  const order = randomOrdering(D, u);
  const masks = masksFromDegrees(sampleDegrees(order, [H], u));
  return { weights, masks, order, u };
}

/** The D conditionals' logits for x, by a full pass over unmasked weights times masks. */
function referenceLogits(weights: MadeWeights, masks: MaskSet, x: ArrayLike<number>): number[] {
  const h = Array.from({ length: H }, (_, k) => {
    let a = weights.b1[k]!;
    for (let j = 0; j < D; j++) a += x[j]! * weights.w1[j * H + k]! * masks.hidden[0]![j * H + k]!;
    return Math.max(0, a);
  });
  return Array.from({ length: D }, (_, d) => {
    let l = weights.b2[d]!;
    for (let k = 0; k < H; k++) l += h[k]! * weights.w2[k * D + d]! * masks.output[k * D + d]!;
    for (let j = 0; j < D; j++) l += x[j]! * weights.direct[j * D + d]! * masks.direct[j * D + d]!;
    return l;
  });
}

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));

describe('the page’s MADE', () => {
  it('gives the log-likelihood of a full forward pass', () => {
    const { weights, masks, u } = setup(1);
    const net = applyMasks(weights, masks);
    for (let t = 0; t < 20; t++) {
      const x = Array.from({ length: D }, () => (u() < 0.5 ? 1 : 0));
      const logits = referenceLogits(weights, masks, x);
      const expected = logits.reduce((s, l, d) => s + Math.log(x[d] ? sigmoid(l) : 1 - sigmoid(l)), 0);
      expect(madeLogProb(net, x)).toBeCloseTo(expected, 5);
    }
  });

  it('draws what D full passes draw from the same uniforms, and scores it', () => {
    const { weights, masks, order, u } = setup(2);
    const n = 50;
    const uniforms = Float32Array.from({ length: n * D }, u);
    const sampler = new MadeSampler(applyMasks(weights, masks), order, uniforms);
    // Part of the way, then the rest: a draw in steps is the same draw.
    sampler.step(3);
    expect(sampler.fixed).toBe(3);
    const images = sampler.finish();
    expect(sampler.done).toBe(true);
    for (let i = 0; i < n; i++) {
      const x = new Array<number>(D).fill(0);
      let logp = 0;
      for (const d of order) {
        const p = sigmoid(referenceLogits(weights, masks, x)[d]!);
        x[d] = uniforms[i * D + d]! < p ? 1 : 0;
        logp += Math.log(x[d] ? p : 1 - p);
      }
      expect(Array.from(images.subarray(i * D, (i + 1) * D))).toEqual(x);
      expect(sampler.logProb[i]).toBeCloseTo(logp, 5);
    }
  });

  it('keeps the known pixels of a completion and conditions on them', () => {
    const { weights, masks, order, u } = setup(3);
    const known = new Uint8Array(D);
    const [first, second] = order;
    known[first!] = 1;
    known[second!] = 1;
    const n = 30;
    const values = new Float32Array(n * D);
    for (let i = 0; i < n; i++) [values[i * D + first!], values[i * D + second!]] = [1, i % 2];
    const uniforms = Float32Array.from({ length: n * D }, u);
    const images = new MadeSampler(applyMasks(weights, masks), order, uniforms, { values, known }).finish();
    for (let i = 0; i < n; i++) {
      expect([images[i * D + first!], images[i * D + second!]]).toEqual([1, i % 2]);
      const x = new Array<number>(D).fill(0);
      [x[first!], x[second!]] = [1, i % 2];
      for (const d of order.slice(2))
        x[d] = uniforms[i * D + d]! < sigmoid(referenceLogits(weights, masks, x)[d]!) ? 1 : 0;
      expect(Array.from(images.subarray(i * D, (i + 1) * D))).toEqual(x);
    }
  });

  it('reads the weights an exporter names, and refuses a model it cannot sample', () => {
    const t = (dims: number[]): Initializer => ({ dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) });
    const named = new Map([
      ['made.hidden.0.weight', t([D, H])],
      ['made.hidden.0.bias', t([H])],
      ['made.output.weight', t([H, D])],
      ['made.output.bias', t([D])],
      ['made.direct.weight', t([D, D])],
    ]);
    expect(madeWeights(named)).toMatchObject({ dim: D, hidden: H });
    expect(() => madeWeights(new Map([...named, ['made.hidden.1.weight', t([H, H])]]))).toThrow(/one hidden layer/);
    expect(() => madeWeights(new Map([...named, ['made.output.bias', t([D + 1])]]))).toThrow(/dims/);
    const partial = new Map(named);
    partial.delete('made.direct.weight');
    expect(() => madeWeights(partial)).toThrow(/no weight "made.direct.weight"/);
  });
});
