/**
 * MADE, the masked autoencoder for distribution estimation (Germain et al., 2015): a feed-forward
 * network whose weight masks make output d depend only on the inputs that come before d in a
 * chosen ordering. Here it is the shift-and-scale network of an inverse autoregressive flow step
 * (Kingma et al., 2016), so it also takes a context vector, which enters the first hidden layer
 * through an unmasked weight without breaking the autoregressive structure in z. It reaches an
 * output only through the hidden units that output may see, so the first output of each ordering
 * (which sees none) gets neither z nor the context: a constant shift and gate.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../runtime/rng.ts';
import type { Params } from './params.ts';
import { createDense, type DenseLayer } from './dense.ts';

export type Ordering = 'forward' | 'reverse';

/**
 * Degrees of the inputs: position in the ordering, 1 … D. Output d may depend on input j only if
 * degree(j) < degree(d).
 */
export function inputDegrees(dim: number, ordering: Ordering): number[] {
  return Array.from({ length: dim }, (_, i) => (ordering === 'forward' ? i + 1 : dim - i));
}

/**
 * Degrees of a hidden layer's units, cycling through 1 … D − 1 (deterministic, so every degree is
 * represented when the layer is at least D − 1 wide). A unit of degree k sees inputs of degree ≤ k.
 */
export function hiddenDegrees(width: number, dim: number): number[] {
  return Array.from({ length: width }, (_, k) => (k % Math.max(1, dim - 1)) + 1);
}

/**
 * The masks, each [in, out] row-major like a dense weight: one per hidden layer (connect when the
 * unit's degree ≥ the input's) and one for the outputs (connect when the output's degree is
 * strictly greater than the hidden unit's).
 */
export function madeMasks(dim: number, hidden: readonly number[], ordering: Ordering): Float32Array[] {
  const masks: Float32Array[] = [];
  let previous = inputDegrees(dim, ordering);
  for (const width of hidden) {
    const degrees = hiddenDegrees(width, dim);
    masks.push(mask(previous, degrees, (from, to) => to >= from));
    previous = degrees;
  }
  masks.push(mask(previous, inputDegrees(dim, ordering), (from, to) => to > from));
  return masks;
}

function mask(from: number[], to: number[], connect: (from: number, to: number) => boolean): Float32Array {
  const m = new Float32Array(from.length * to.length);
  from.forEach((f, i) => to.forEach((t, j) => (m[i * to.length + j] = connect(f, t) ? 1 : 0)));
  return m;
}

/** A dense layer whose weight is multiplied by a fixed 0/1 mask [in, out] on every use. */
export interface MaskedDenseLayer {
  layer: DenseLayer;
  /** The mask as data, for export (onnx/graph.ts maskedDense). */
  mask: Float32Array;
  maskTensor: tf.Tensor2D;
}

export function createMaskedDense(
  params: Params,
  rng: Rng,
  name: string,
  inputs: number,
  outputs: number,
  maskData: Float32Array,
): MaskedDenseLayer {
  if (maskData.length !== inputs * outputs) {
    throw new Error(`masked layer "${name}": mask has ${maskData.length} values, weight ${inputs * outputs}`);
  }
  const layer = createDense(params, rng, name, inputs, outputs, 'none');
  // Kept out of tidy scopes: the mask lives as long as the model.
  return { layer, mask: maskData, maskTensor: tf.keep(tf.tensor2d(maskData, [inputs, outputs])) };
}

/** x [batch, in] → x (W ⊙ M) + b [batch, out], no activation. */
export function maskedDense(m: MaskedDenseLayer, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, tf.mul(m.layer.weight, m.maskTensor) as tf.Tensor2D), m.layer.bias);
}

export interface MadeConfig {
  /** Dimension of the autoregressive variable z. */
  dim: number;
  /** Dimension of the context vector. */
  contextDim: number;
  /** Hidden layer widths (ReLU). */
  hidden: readonly number[];
  ordering: Ordering;
}

/** A MADE with two autoregressive output heads, m and s, each [batch, dim]. */
export interface Made {
  config: MadeConfig;
  hidden: MaskedDenseLayer[];
  /** [contextDim, hidden[0]], no bias (the first hidden layer has one). */
  context: tf.Variable;
  contextName: string;
  m: MaskedDenseLayer;
  s: MaskedDenseLayer;
}

export function createMade(params: Params, rng: Rng, name: string, config: MadeConfig): Made {
  const { dim, contextDim, hidden, ordering } = config;
  if (hidden.length === 0) throw new Error(`MADE "${name}" needs at least one hidden layer`);
  const masks = madeMasks(dim, hidden, ordering);
  const layers: MaskedDenseLayer[] = [];
  let width = dim;
  hidden.forEach((h, i) => {
    layers.push(createMaskedDense(params, rng, `${name}.hidden.${i}`, width, h, masks[i]!));
    width = h;
  });
  const first = hidden[0]!;
  const limit = Math.sqrt(6 / (contextDim + first));
  const contextData = new Float32Array(contextDim * first).map(() => (2 * rng.uniform() - 1) * limit);
  const contextName = `${name}.context.weight`;
  const context = params.add(contextName, [contextDim, first], contextData);
  const outMask = masks[hidden.length]!;
  return {
    config,
    hidden: layers,
    context,
    contextName,
    m: createMaskedDense(params, rng, `${name}.m`, width, dim, outMask),
    s: createMaskedDense(params, rng, `${name}.s`, width, dim, outMask),
  };
}

/** z [batch, dim], context [batch, contextDim] → the two heads, each [batch, dim]. */
export function applyMade(made: Made, z: tf.Tensor2D, context: tf.Tensor2D): { m: tf.Tensor2D; s: tf.Tensor2D } {
  let h: tf.Tensor2D = tf.relu(
    tf.add<tf.Tensor2D>(maskedDense(made.hidden[0]!, z), tf.matMul(context, made.context as tf.Tensor2D)),
  );
  for (const layer of made.hidden.slice(1)) h = tf.relu(maskedDense(layer, h));
  return { m: maskedDense(made.m, h), s: maskedDense(made.s, h) };
}

/** Releases the mask tensors (the weights belong to the Params). */
export function disposeMade(made: Made): void {
  for (const l of [...made.hidden, made.m, made.s]) l.maskTensor.dispose();
}
