/**
 * MADE as a density model of binary images (Germain et al., 2015): an autoencoder whose weight
 * masks make output d the logit of p(x_d | the inputs before d), so one pass gives the exact
 * log-likelihood. The masks are not part of the model: they come with each call (core/made/masks),
 * so that one set of weights can be trained with a fresh ordering and connectivity per mini-batch
 * and evaluated under any of them. A direct input-to-output weight, masked by the strict rule,
 * sits beside the hidden path.
 */
import * as tf from '@tensorflow/tfjs';
import type { MaskSet } from '@bounded-rationality/core/made/masks.ts';
import { Rng } from '../runtime/rng.ts';
import { Params } from '../nn/params.ts';
import { createDense, type DenseLayer } from '../nn/dense.ts';
import { bernoulliLogProb } from '../nn/distributions.ts';

export interface MadeDensityConfig {
  /** Inputs (pixels). */
  dim: number;
  /** Hidden layer widths (ReLU). */
  hidden: readonly number[];
}

export interface MadeDensity {
  config: MadeDensityConfig;
  params: Params;
  hidden: DenseLayer[];
  /** Last hidden layer to the D logits. */
  output: DenseLayer;
  /** Inputs to logits directly, [D, D], no bias. */
  direct: tf.Variable;
}

/** The masks as tensors, for a model's calls; dispose them (or make them in a tidy scope). */
export interface MaskTensors {
  hidden: tf.Tensor2D[];
  output: tf.Tensor2D;
  direct: tf.Tensor2D;
}

/**
 * Glorot-uniform weights; the direct weight starts at zero and the output bias at the logits of
 * `pixelMeans` (when given), so that training starts from the independent-Bernoulli model.
 */
export function createMadeDensity(config: MadeDensityConfig, seed: number, pixelMeans?: Float32Array): MadeDensity {
  const { dim, hidden } = config;
  if (hidden.length === 0) throw new Error('MADE needs at least one hidden layer');
  const params = new Params();
  const rng = new Rng(seed, 0x3ade);
  const layers: DenseLayer[] = [];
  let width = dim;
  hidden.forEach((h, i) => {
    layers.push(createDense(params, rng, `made.hidden.${i}`, width, h, 'relu'));
    width = h;
  });
  const output = createDense(params, rng, 'made.output', width, dim, 'none');
  if (pixelMeans) {
    if (pixelMeans.length !== dim) throw new Error(`MADE: ${pixelMeans.length} pixel means for ${dim} inputs`);
    const clipped = (p: number) => Math.min(1 - 1e-3, Math.max(1e-3, p));
    output.bias.assign(tf.tensor1d(Array.from(pixelMeans, (p) => Math.log(clipped(p) / (1 - clipped(p))))));
  }
  const direct = params.add('made.direct.weight', [dim, dim], new Float32Array(dim * dim));
  return { config, params, hidden: layers, output, direct };
}

export function maskTensors(model: MadeDensity, masks: MaskSet): MaskTensors {
  const widths = [model.config.dim, ...model.config.hidden];
  if (masks.hidden.length !== model.hidden.length) {
    throw new Error(`MADE: ${masks.hidden.length} hidden masks for ${model.hidden.length} hidden layers`);
  }
  return {
    hidden: masks.hidden.map((m, i) => tf.tensor2d(m, [widths[i]!, widths[i + 1]!])),
    output: tf.tensor2d(masks.output, [widths[widths.length - 1]!, model.config.dim]),
    direct: tf.tensor2d(masks.direct, [model.config.dim, model.config.dim]),
  };
}

const masked = (x: tf.Tensor2D, weight: tf.Variable, mask: tf.Tensor2D) =>
  tf.matMul(x, tf.mul(weight, mask) as tf.Tensor2D);

/** x [batch, D] → the logits of p(x_d = 1 | x before d), [batch, D]. */
export function madeLogits(model: MadeDensity, masks: MaskTensors, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  model.hidden.forEach((layer, i) => {
    h = tf.relu(tf.add(masked(h, layer.weight, masks.hidden[i]!), layer.bias));
  });
  return tf.add(
    tf.add(masked(h, model.output.weight, masks.output), model.output.bias),
    masked(x, model.direct, masks.direct),
  );
}

/** Exact log p(x) in nats, [batch]. */
export function madeLogProb(model: MadeDensity, masks: MaskTensors, x: tf.Tensor2D): tf.Tensor1D {
  return bernoulliLogProb(x, madeLogits(model, masks, x));
}

/**
 * Ancestral sampling under one mask: D passes, each fixing the next input of `order` from its
 * conditional given those before; `known` (1 where a pixel is given) keeps the values of `start`
 * there. `uniforms` [n, D] decide each pixel (x_d = 1 when u < p), so the draw is reproducible.
 */
export function madeSample(
  model: MadeDensity,
  masks: MaskTensors,
  order: readonly number[],
  uniforms: Float32Array,
  start?: { values: Float32Array; known: Uint8Array },
): Float32Array {
  const dim = model.config.dim;
  const n = uniforms.length / dim;
  const x = start ? Float32Array.from(start.values) : new Float32Array(n * dim);
  for (const d of order) {
    if (start?.known[d]) continue;
    const p = tf.tidy(() => tf.sigmoid(madeLogits(model, masks, tf.tensor2d(x, [n, dim]))).dataSync());
    for (let i = 0; i < n; i++) x[i * dim + d] = uniforms[i * dim + d]! < p[i * dim + d]! ? 1 : 0;
  }
  return x;
}
