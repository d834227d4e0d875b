import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import type { ParamArray } from '../nn/params.ts';
import {
  allClasses,
  classifierLogits,
  createM2,
  encode,
  encodeAllClasses,
  labelledBound,
  oneHot,
  unlabelledBound,
  type M2,
} from './m2.ts';

beforeAll(() => initBackend('wasm'));

/*
 * An independent float64 M2 written from the model's definition with plain loops over the stored
 * weights: y = act(x W + b) layer by layer, z = μ + σ ε with σ = exp(½ log σ²), the Bernoulli
 * log-likelihood as x log p + (1 − x) log(1 − p), the Gaussian KL as ½ Σ (μ² + σ² − 1 − log σ²),
 * and U(x) by enumerating the classes one at a time.
 */
type Weights = Record<string, ParamArray>;
const relu = (v: number) => Math.max(0, v);

function layer(w: Weights, name: string, x: number[], act: (v: number) => number): number[] {
  const { data: weight, shape } = w[`${name}.weight`]!;
  const bias = w[`${name}.bias`]!.data;
  const [inputs, outputs] = shape as [number, number];
  if (x.length !== inputs) throw new Error(`${name}: ${x.length} inputs for ${inputs}`);
  return Array.from({ length: outputs }, (_, j) => {
    let s = bias[j]!;
    for (let i = 0; i < inputs; i++) s += x[i]! * weight[i * outputs + j]!;
    return act(s);
  });
}
const stack = (w: Weights, prefix: string, depth: number, x: number[]) =>
  Array.from({ length: depth }).reduce<number[]>((h, _, i) => layer(w, `${prefix}.${i}`, h, relu), x);
const identity = (v: number) => v;
const unit = (c: number, classes: number) => Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0));

function referenceQy(w: Weights, depth: number, x: number[]): number[] {
  const logits = layer(w, 'classifier.logits', stack(w, 'classifier', depth, x), identity);
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** log p(x | ·) of a decoder output: Bernoulli logits, or a Gaussian's means then log-variances. */
function referenceLogProb(x: number[], out: number[], gaussian: boolean): number {
  if (gaussian) {
    const d = x.length;
    return x.reduce((s, v, j) => {
      const m = out[j]!;
      const lv = out[d + j]!;
      return s - 0.5 * ((v - m) ** 2 / Math.exp(lv) + lv + Math.log(2 * Math.PI));
    }, 0);
  }
  return out.reduce((s, l, j) => {
    const p = 1 / (1 + Math.exp(-l));
    return s + (x[j] === 1 ? Math.log(p) : Math.log(1 - p));
  }, 0);
}

function referenceBound(
  w: Weights,
  depth: number,
  classes: number,
  x: number[],
  c: number,
  eps: number[],
  gaussian = false,
) {
  const h = stack(w, 'encoder', depth, [...x, ...unit(c, classes)]);
  const mu = layer(w, 'encoder.mean', h, identity);
  const logvar = layer(w, 'encoder.logvar', h, identity);
  const z = mu.map((m, d) => m + Math.exp(logvar[d]! / 2) * eps[d]!);
  const out = layer(w, 'decoder.logits', stack(w, 'decoder', depth, [...z, ...unit(c, classes)]), identity);
  const reconstruction = referenceLogProb(x, out, gaussian);
  const kl = 0.5 * mu.reduce((s, m, d) => s + m * m + Math.exp(logvar[d]!) - 1 - logvar[d]!, 0);
  return { reconstruction, kl, bound: reconstruction - kl - Math.log(classes) };
}

const config = { inputDim: 7, classes: 3, latentDim: 2, hidden: [5], activation: 'relu' as const };

function toyImages(n: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: config.inputDim }, () => (rng.uniform() < 0.5 ? 1 : 0)));
}

/** A model whose log-variance head is far from zero, so that σ = exp(½ log σ²) is tested. */
function toyModel(seed = 3): M2 {
  const m = createM2(config, seed);
  const w = m.params.toArrays();
  const bias = w['encoder.logvar.bias']!;
  bias.data = Float32Array.from(bias.data, (_, d) => (d % 2 === 0 ? 1.2 : -0.9));
  m.params.assign(w);
  return m;
}

describe('M2 bounds against an independent float64 model', () => {
  it('the labelled bound −L(x, y) equals reconstruction − KL + log p(y) computed by hand', () => {
    const m = toyModel();
    const w = m.params.toArrays();
    const images = toyImages(4, 1);
    const labels = [2, 0, 1, 2];
    const eps = new Rng(5).normals(4 * config.latentDim);
    const got = tf.tidy(() => {
      const terms = labelledBound(m, tf.tensor2d(images), oneHot(labels, 3), tf.tensor2d(eps, [4, 2]));
      return [terms.bound, terms.reconstruction, terms.kl].map((t) => Array.from(t.dataSync()));
    });
    images.forEach((x, b) => {
      const ref = referenceBound(w, 1, 3, x, labels[b]!, Array.from(eps.subarray(b * 2, b * 2 + 2)));
      expect(got[0]![b]).toBeCloseTo(ref.bound, 4);
      expect(got[1]![b]).toBeCloseTo(ref.reconstruction, 4);
      expect(got[2]![b]).toBeCloseTo(ref.kl, 4);
    });
  });

  it('U(x) is the enumeration Σ_y q(y|x)(−L(x, y)) + H(q(y|x)), with one z per class in class-major order', () => {
    const m = toyModel();
    const w = m.params.toArrays();
    const batch = 3;
    const images = toyImages(batch, 2);
    const eps = new Rng(6).normals(config.classes * batch * config.latentDim);
    const got = tf.tidy(() => {
      const u = unlabelledBound(m, tf.tensor2d(images), tf.tensor2d(eps, [config.classes * batch, 2]));
      return { bound: Array.from(u.bound.dataSync()), entropy: Array.from(u.entropy.dataSync()) };
    });
    images.forEach((x, b) => {
      const q = referenceQy(w, 1, x);
      const perClass = q.map((_, c) => {
        const row = c * batch + b;
        return referenceBound(w, 1, 3, x, c, Array.from(eps.subarray(row * 2, row * 2 + 2))).bound;
      });
      const entropy = -q.reduce((s, p) => s + p * Math.log(p), 0);
      const expected = q.reduce((s, p, c) => s + p * perClass[c]!, 0) + entropy;
      expect(got.entropy[b]).toBeCloseTo(entropy, 5);
      expect(got.entropy[b]).toBeGreaterThan(0);
      expect(got.bound[b]).toBeCloseTo(expected, 4);
    });
  });

  it('U(x) with a Gaussian likelihood on continuous features is the same enumeration', () => {
    const m = createM2({ ...config, likelihood: 'gaussian' }, 4);
    const w = m.params.toArrays();
    expect(w['decoder.logits.weight']!.shape).toEqual([5, 2 * config.inputDim]);
    const batch = 2;
    const r = new Rng(12);
    const features = Array.from({ length: batch }, () => Array.from({ length: config.inputDim }, () => 2 * r.normal()));
    const eps = r.normals(config.classes * batch * config.latentDim);
    const got = tf.tidy(() =>
      Array.from(
        unlabelledBound(m, tf.tensor2d(features), tf.tensor2d(eps, [config.classes * batch, 2])).bound.dataSync(),
      ),
    );
    features.forEach((x, b) => {
      const q = referenceQy(w, 1, x);
      const perClass = q.map((_, c) => {
        const row = c * batch + b;
        return referenceBound(w, 1, 3, x, c, Array.from(eps.subarray(row * 2, row * 2 + 2)), true).bound;
      });
      const expected = q.reduce((s, p, c) => s + p * (perClass[c]! - Math.log(p)), 0);
      expect(got[b]).toBeCloseTo(expected, 3);
    });
  });

  it('with a uniform classifier, U(x) is the mean of the class bounds plus log C', () => {
    const m = toyModel();
    const w = m.params.toArrays();
    w['classifier.logits.weight']!.data.fill(0);
    w['classifier.logits.bias']!.data.fill(0);
    m.params.assign(w);
    const x = toyImages(1, 4);
    const eps = new Rng(7).normals(config.classes * config.latentDim);
    const u = tf.tidy(() => unlabelledBound(m, tf.tensor2d(x), tf.tensor2d(eps, [3, 2])).bound.dataSync()[0]!);
    const bounds = [0, 1, 2].map((c) => referenceBound(w, 1, 3, x[0]!, c, Array.from(eps.subarray(c * 2, c * 2 + 2))));
    expect(u).toBeCloseTo(bounds.reduce((s, t) => s + t.bound, 0) / 3 + Math.log(3), 4);
  });
});

describe('M2 by hand: two classes, one pixel, one latent dimension', () => {
  /*
   * Every network is a single unit with weights set by hand (ReLU on positive pre-activations is the
   * identity here). For x = 1:
   *   classifier: h = relu(2·1 + 0) = 2, logits (h·[0.5, −0.5]) = [1, −1], q(y|x) = [σ(2), σ(−2)];
   *   encoder for y = 0: h = relu(1·x + 0.5·[y=0] + 0·[y=1]) = 1.5, μ = 0.4·1.5 = 0.6, log σ² = −1·1.5 = −1.5;
   *   for y = 1: h = 1, μ = 0.4, log σ² = −1;
   *   decoder: h = relu(1·z + 1·[y=0] + 2·[y=1]), logit = h, log p(x=1|·) = −softplus(−logit).
   * With ε = 0 the sample is z = μ.
   */
  const hand = {
    'classifier.0.weight': [[2]],
    'classifier.0.bias': [0],
    'classifier.logits.weight': [[0.5, -0.5]],
    'classifier.logits.bias': [0, 0],
    'encoder.0.weight': [[1], [0.5], [0]],
    'encoder.0.bias': [0],
    'encoder.mean.weight': [[0.4]],
    'encoder.mean.bias': [0],
    'encoder.logvar.weight': [[-1]],
    'encoder.logvar.bias': [0],
    'decoder.0.weight': [[1], [1], [2]],
    'decoder.0.bias': [0],
    'decoder.logits.weight': [[1]],
    'decoder.logits.bias': [0],
  };
  const softplus = (v: number) => Math.log1p(Math.exp(v));
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const kl = (mu: number, logvar: number) => 0.5 * (mu * mu + Math.exp(logvar) - 1 - logvar);
  // −L(1, 0) and −L(1, 1) by the formulas in the comment above.
  const l0 = -softplus(-(0.6 + 1)) - kl(0.6, -1.5) - Math.log(2);
  const l1 = -softplus(-(0.4 + 2)) - kl(0.4, -1) - Math.log(2);
  const q = [sigmoid(2), sigmoid(-2)];

  function handModel(): M2 {
    const m = createM2({ inputDim: 1, classes: 2, latentDim: 1, hidden: [1], activation: 'relu' }, 1);
    const arrays = Object.fromEntries(
      Object.entries(hand).map(([name, rows]) => {
        const value = rows as number[] | number[][];
        const shape = Array.isArray(value[0]) ? [value.length, (value[0] as number[]).length] : [value.length];
        return [name, { shape, data: Float32Array.from(value.flat()) }];
      }),
    );
    m.params.assign(arrays);
    return m;
  }

  it('gives the labelled and unlabelled losses of the worked example', () => {
    const m = handModel();
    const x = tf.tensor2d([[1]]);
    const [b0, b1, u] = tf.tidy(() => [
      labelledBound(m, x, oneHot([0], 2), tf.zeros([1, 1])).bound.dataSync()[0]!,
      labelledBound(m, x, oneHot([1], 2), tf.zeros([1, 1])).bound.dataSync()[0]!,
      unlabelledBound(m, x, tf.zeros([2, 1])).bound.dataSync()[0]!,
    ]);
    expect(b0).toBeCloseTo(l0, 5);
    expect(b1).toBeCloseTo(l1, 5);
    const entropy = -(q[0]! * Math.log(q[0]!) + q[1]! * Math.log(q[1]!));
    expect(u).toBeCloseTo(q[0]! * l0 + q[1]! * l1 + entropy, 5);
    // The entropy enters with a plus sign: U is above the q-weighted bound, and below log Σ_y exp(−L(x, y)).
    expect(u).toBeGreaterThan(q[0]! * l0 + q[1]! * l1);
    expect(u).toBeLessThanOrEqual(Math.log(Math.exp(l0) + Math.exp(l1)) + 1e-6);
  });
});

describe('M2 layout and gradients', () => {
  it('encodes every class of every image class-major, row c·batch + b = (image b, class c)', () => {
    const m = toyModel();
    const images = tf.tensor2d(toyImages(4, 8));
    const [all, one] = tf.tidy(() => {
      const a = encodeAllClasses(m, images);
      const rows = Array.from({ length: 3 }, (_, c) => encode(m, images, oneHot([c, c, c, c], 3)));
      return [
        [a.mu, a.logvar].map((t) => Array.from(t.dataSync())),
        [tf.concat(rows.map((r) => r.mu)), tf.concat(rows.map((r) => r.logvar))].map((t) => Array.from(t.dataSync())),
      ];
    });
    all!.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(one![i]![j]!, 5)));
    expect(Array.from(allClasses(3, 2).argMax(1).dataSync())).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('q(y|x) gets no gradient from the labelled bound, only from the classification term', () => {
    const m = toyModel();
    const x = tf.tensor2d(toyImages(2, 9));
    const y = oneHot([1, 2], 3);
    const eps = tf.tensor2d(new Rng(10).normals(4), [2, 2]);
    const classifierVars = m.params.list().filter((_, i) => m.params.names()[i]!.startsWith('classifier.'));
    const norm = (f: () => tf.Scalar) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(f, m.params.list());
        return classifierVars.reduce((s, v) => {
          const g = grads[v.name];
          return s + (g ? tf.sum(tf.abs(g)).dataSync()[0]! : 0);
        }, 0);
      });
    expect(norm(() => tf.sum(labelledBound(m, x, y, eps).bound) as tf.Scalar)).toBe(0);
    const classification = () => tf.sum(tf.mul(y, tf.logSoftmax(classifierLogits(m, x)))) as tf.Scalar;
    expect(norm(classification)).toBeGreaterThan(0);
  });
});
