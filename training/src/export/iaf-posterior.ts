/**
 * Exports an IAF-VAE's approximate posterior as a sampler, (x [batch, 784], eps [batch, d]) →
 * z [batch, d] and log q(z|x) [batch]: the encoder, the reparameterised Gaussian draw and every
 * flow step, so that the browser can draw from q(z|x) for a digit the reader drew. With zero steps it is the plain VAE's
 * Gaussian posterior. Checked against TensorFlow.js in onnxruntime-web like every export.
 */
import * as tf from '@tensorflow/tfjs';
import { posteriorSampler } from '@bounded-rationality/core/models/contracts.ts';
import { GraphBuilder, add, dense, exp, maskedDense, mul, sigmoid } from '../onnx/graph.ts';
import { encodeModel } from '../onnx/encode.ts';
import { posteriorSample, type IafVae } from '../models/iaf.ts';
import type { MaskedDenseLayer } from '../nn/made.ts';
import { Rng } from '../runtime/rng.ts';
import { checkParity } from './parity.ts';
import { layerWeights } from './vae-decoder.ts';

function masked(g: GraphBuilder, x: string, m: MaskedDenseLayer, name: string): string {
  const { weight, bias } = layerWeights(m.layer);
  return maskedDense(g, x, weight, m.mask, bias, 'none', name);
}

/** The sampler (core's `posteriorSampler` contract) as a .onnx file's bytes, with the parity check's largest difference. */
export async function exportIafPosterior(
  model: IafVae,
  metadata: Record<string, string>,
): Promise<{ bytes: Uint8Array; parity: number }> {
  const { inputDim, latentDim, forgetBias } = model.config;
  const names = posteriorSampler;
  const g = new GraphBuilder(names.graph);
  const x = g.input(names.inputs.x, ['batch', inputDim]);
  const eps = g.input(names.inputs.eps, ['batch', latentDim]);
  let h = x;
  model.encoder.forEach((layer, i) => {
    const { weight, bias } = layerWeights(layer);
    h = dense(g, h, weight, bias, layer.activation, `encoder_${i}`);
  });
  const head = (layer: typeof model.mean, name: string) => {
    const { weight, bias } = layerWeights(layer);
    return dense(g, h, weight, bias, 'none', name);
  };
  const mu = head(model.mean, 'encoder_mean');
  const logvar = head(model.logvar, 'encoder_logvar');
  const context = head(model.context, 'encoder_context');
  const half = g.initializer('half', Float32Array.of(0.5), []);
  // Constants only the flow steps use (an unused initializer draws a warning from the runtime).
  const one = model.steps.length ? g.initializer('one', Float32Array.of(1), []) : '';
  const bias = model.steps.length ? g.initializer('forget_bias', Float32Array.of(forgetBias), []) : '';
  const axis = g.initializer('axis_1', BigInt64Array.of(1n), [1]);
  const rowSum = (v: string) => g.node('ReduceSum', [v, axis], { keepdims: 0 });
  let z = add(g, mu, mul(g, exp(g, mul(g, logvar, half)), eps));
  // log N(z₀; μ, σ²) = Σ_d −½ (ε² + log σ² + log 2π), since z₀ − μ = σ ε.
  const logNormal = g.initializer('minus_half_log_2pi', Float32Array.of(-0.5 * Math.log(2 * Math.PI)), []);
  const minusHalf = g.initializer('minus_half', Float32Array.of(-0.5), []);
  let logQ = rowSum(add(g, mul(g, add(g, mul(g, eps, eps), logvar), minusHalf), logNormal));
  model.steps.forEach((made, t) => {
    const contextWeight = g.initializer(`flow_${t}_context`, made.context.dataSync() as Float32Array, [
      ...made.context.shape,
    ]);
    let a = g.node('Relu', [
      add(g, masked(g, z, made.hidden[0]!, `flow_${t}_hidden_0`), g.node('MatMul', [context, contextWeight])),
    ]);
    made.hidden.slice(1).forEach((layer, i) => {
      a = g.node('Relu', [masked(g, a, layer, `flow_${t}_hidden_${i + 1}`)]);
    });
    const m = masked(g, a, made.m, `flow_${t}_m`);
    const shifted = add(g, masked(g, a, made.s, `flow_${t}_s`), bias);
    const gate = sigmoid(g, shifted);
    z = add(g, mul(g, gate, z), mul(g, g.node('Sub', [one, gate]), m));
    // − log sigmoid(a) = softplus(−a): the step's log-determinant, subtracted from log q.
    logQ = add(g, logQ, rowSum(g.node('Softplus', [g.node('Neg', [shifted])])));
  });
  g.output(z, ['batch', latentDim], names.outputs.z);
  g.output(logQ, ['batch'], names.outputs.logQ);
  g.metadata(metadata);
  const bytes = encodeModel(g.build());

  // Parity: the same test-like inputs and noise through both runtimes.
  const rng = new Rng(54321);
  const batch = 16;
  const xs = Float32Array.from(rng.normals(batch * inputDim), (v) => (v > 0.6 ? 1 : 0));
  const noise = rng.normals(batch * latentDim);
  const [expectedZ, expectedLogQ] = tf.tidy(() => {
    const sample = posteriorSample(model, tf.tensor2d(xs, [batch, inputDim]), tf.tensor2d(noise, [batch, latentDim]));
    return [sample.z.dataSync() as Float32Array, sample.logQ.dataSync() as Float32Array];
  });
  const parity = await checkParity(names.graph, bytes, names.feeds(xs, noise, inputDim, latentDim), {
    [names.outputs.z]: { values: expectedZ! },
    [names.outputs.logQ]: { values: expectedLogQ!, relative: true },
  });
  return { bytes, parity };
}
