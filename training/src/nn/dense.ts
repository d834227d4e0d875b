/** Fully connected layers: y = x W + b, with W of shape [in, out]. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../runtime/rng.ts';
import type { Params } from './params.ts';
import { hasKernel } from '../runtime/kernels/index.ts';
import { denseKernel, fusedActivations } from '../runtime/kernels/dense.ts';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'none';

export interface DenseLayer {
  /** Parameter names, for export: `${name}.weight` [in, out] and `${name}.bias` [out]. */
  name: string;
  inputs: number;
  outputs: number;
  activation: Activation;
  weight: tf.Variable;
  bias: tf.Variable;
}

/** Glorot-uniform weights, zero biases. */
export function createDense(
  params: Params,
  rng: Rng,
  name: string,
  inputs: number,
  outputs: number,
  activation: Activation,
): DenseLayer {
  const limit = Math.sqrt(6 / (inputs + outputs));
  const w = new Float32Array(inputs * outputs);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * limit;
  return {
    name,
    inputs,
    outputs,
    activation,
    weight: params.add(`${name}.weight`, [inputs, outputs], w),
    bias: params.add(`${name}.bias`, [outputs], new Float32Array(outputs)),
  };
}

/**
 * Consecutive dense layers `${prefix}.0`, `${prefix}.1`, … from `inputs` through each width, with
 * one activation; returns them and the last width.
 */
export function createStack(
  params: Params,
  rng: Rng,
  prefix: string,
  inputs: number,
  widths: readonly number[],
  activation: Activation,
): { layers: DenseLayer[]; width: number } {
  const layers: DenseLayer[] = [];
  let width = inputs;
  widths.forEach((w, i) => {
    layers.push(createDense(params, rng, `${prefix}.${i}`, width, w, activation));
    width = w;
  });
  return { layers, width };
}

export function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'none':
      return x;
  }
}

/** x: [batch, in] → [batch, out]; one fused kernel where the backend has it. */
export function dense(layer: DenseLayer, x: tf.Tensor2D): tf.Tensor2D {
  if (hasKernel(denseKernel) && (fusedActivations as readonly string[]).includes(layer.activation)) {
    const inputs = { x, weight: layer.weight, bias: layer.bias };
    return tf.engine().runKernel(denseKernel, inputs, { activation: layer.activation }) as tf.Tensor2D;
  }
  return activate(tf.add(tf.matMul(x, layer.weight as tf.Tensor2D), layer.bias), layer.activation);
}

/** A stack of dense layers applied in order. */
export function mlp(layers: readonly DenseLayer[], x: tf.Tensor2D): tf.Tensor2D {
  return layers.reduce((h, layer) => dense(layer, h), x);
}
