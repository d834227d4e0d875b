/**
 * A Bernoulli VAE whose approximate posterior is a diagonal Gaussian followed by T steps of an
 * inverse autoregressive flow (Kingma et al., 2016). The encoder gives μ(x), log σ²(x) and a
 * context h(x) (a linear head on its last hidden layer, small so that each step's unmasked context
 * weight stays small); with ε ~ N(0, I),
 *
 *   z₀ = μ + exp(½ log σ²) ⊙ ε,   log q(z₀|x) = log N(z₀; μ, diag σ²),
 *   step t:  [m, s] = MADE_t(z_{t−1}, h),  g = sigmoid(s + forgetBias),
 *            z_t = g ⊙ z_{t−1} + (1 − g) ⊙ m,
 *   log q(z_T|x) = log q(z₀|x) − Σ_t Σ_d log g_{t,d}.
 *
 * Each g_d and m_d depend only on the coordinates before d in step t's ordering, so the step's
 * Jacobian is triangular with diagonal g and log|det| = Σ_d log g_d. Orderings alternate between
 * steps so that every coordinate gets to depend on every other. With T = 0 this is the plain VAE.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../runtime/rng.ts';
import { Params } from '../nn/params.ts';
import { createDense, createStack, dense, mlp, type Activation, type DenseLayer } from '../nn/dense.ts';
import { applyMade, createMade, disposeMade, type Made } from '../nn/made.ts';
import { bernoulliLogProb, diagGaussianLogProb, reparameterize, standardNormalLogProb } from '../nn/distributions.ts';
import { repeatRows } from '../nn/repeat.ts';

export interface IafVaeConfig {
  /** Pixels per image (784 for 28×28). */
  inputDim: number;
  /** Encoder hidden widths; the decoder mirrors them. */
  hidden: number[];
  /** Dimension of the context h(x) that conditions every flow step. */
  contextDim: number;
  latentDim: number;
  activation: Activation;
  /** Number of flow steps T (0 gives the diagonal-Gaussian VAE). */
  steps: number;
  /** Hidden widths of each step's MADE. */
  madeHidden: number[];
  /**
   * Added to s before the sigmoid, so that a fresh flow starts close to the identity
   * (g = sigmoid(1) ≈ 0.73 keeps most of z) and gradients flow through the gate.
   */
  forgetBias: number;
}

export interface IafVae {
  config: IafVaeConfig;
  params: Params;
  encoder: DenseLayer[];
  mean: DenseLayer;
  logvar: DenseLayer;
  context: DenseLayer;
  steps: Made[];
  decoder: DenseLayer[];
}

export function createIafVae(config: IafVaeConfig, seed: number): IafVae {
  const rng = new Rng(seed, 0);
  const params = new Params();
  const { inputDim, hidden, latentDim, activation, steps, madeHidden, contextDim } = config;
  const { layers: encoder, width } = createStack(params, rng, 'encoder', inputDim, hidden, activation);
  const mean = createDense(params, rng, 'encoder.mean', width, latentDim, 'none');
  const logvar = createDense(params, rng, 'encoder.logvar', width, latentDim, 'none');
  const context = createDense(params, rng, 'encoder.context', width, contextDim, 'none');
  const flow = Array.from({ length: steps }, (_, t) =>
    createMade(params, rng, `flow.${t}`, {
      dim: latentDim,
      contextDim,
      hidden: madeHidden,
      ordering: t % 2 === 0 ? 'forward' : 'reverse',
    }),
  );
  const body = createStack(params, rng, 'decoder', latentDim, [...hidden].reverse(), activation);
  const decoder = [...body.layers, createDense(params, rng, 'decoder.logits', body.width, inputDim, 'none')];
  return { config, params, encoder, mean, logvar, context, steps: flow, decoder };
}

/** The encoder's outputs for a batch: the flow's input distribution and its context. */
export interface IafEncoding {
  mu: tf.Tensor2D;
  logvar: tf.Tensor2D;
  context: tf.Tensor2D;
}

/** x [batch, inputDim] → μ, log σ² [batch, latentDim] and the context h [batch, contextDim]. */
export function encodeIaf(model: IafVae, x: tf.Tensor2D): IafEncoding {
  const h = mlp(model.encoder, x);
  return { mu: dense(model.mean, h), logvar: dense(model.logvar, h), context: dense(model.context, h) };
}

/** One flow step: z [batch, d] → z' and Σ_d log g_d [batch]. */
export function flowStep(made: Made, z: tf.Tensor2D, context: tf.Tensor2D, forgetBias: number) {
  const { m, s } = applyMade(made, z, context);
  const gate = tf.sigmoid(tf.add(s, forgetBias)) as tf.Tensor2D;
  const next = tf.add(tf.mul(gate, z), tf.mul(tf.sub(1, gate), m)) as tf.Tensor2D;
  // log sigmoid(a) = −softplus(−a), stable for gates near 0.
  const logGate = tf.neg(tf.softplus(tf.neg(tf.add(s, forgetBias))));
  return { z: next, logDet: tf.sum(logGate, -1) as tf.Tensor1D };
}

/** Every step in turn: z₀ → z_T and the summed log-determinant [batch]. */
export function flow(model: IafVae, z0: tf.Tensor2D, context: tf.Tensor2D): { z: tf.Tensor2D; logDet: tf.Tensor1D } {
  let z = z0;
  let logDet = tf.zeros([z0.shape[0]]) as tf.Tensor1D;
  for (const made of model.steps) {
    const step = flowStep(made, z, context, model.config.forgetBias);
    z = step.z;
    logDet = tf.add(logDet, step.logDet);
  }
  return { z, logDet };
}

/** A posterior sample z_T ~ q(z|x) from eps ~ N(0, I) [batch, latentDim], and log q(z_T|x) [batch]. */
export function posteriorSample(
  model: IafVae,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): { z: tf.Tensor2D; logQ: tf.Tensor1D } {
  return sampleFromEncoding(model, encodeIaf(model, x), eps);
}

/**
 * z_T and log q(z_T) from given flow inputs (one row per sample) rather than the encoder's, so
 * that the inference-gap study can optimise them per image with the flow and decoder fixed.
 */
export function sampleFromEncoding(
  model: IafVae,
  { mu, logvar, context }: IafEncoding,
  eps: tf.Tensor2D,
): { z: tf.Tensor2D; logQ: tf.Tensor1D } {
  const z0 = reparameterize(mu, logvar, eps);
  const { z, logDet } = flow(model, z0, context);
  return { z, logQ: tf.sub(diagGaussianLogProb(z0, mu, logvar), logDet) };
}

/** z [batch, latentDim] → Bernoulli logits [batch, inputDim]. */
export function decodeLogits(model: IafVae, z: tf.Tensor2D): tf.Tensor2D {
  return mlp(model.decoder, z);
}

/**
 * The ELBO at one posterior sample, per example: log p(x|z) − (log q(z|x) − log p(z)). The KL
 * term is this single-sample estimate (no closed form once the flow bends q).
 */
export function elboTerms(
  model: IafVae,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): { reconstruction: tf.Tensor1D; kl: tf.Tensor1D; elbo: tf.Tensor1D } {
  const { z, logQ } = posteriorSample(model, x, eps);
  const reconstruction = bernoulliLogProb(x, decodeLogits(model, z));
  const kl: tf.Tensor1D = tf.sub(logQ, standardNormalLogProb(z));
  return { reconstruction, kl, elbo: tf.sub(reconstruction, kl) };
}

/**
 * log p(x, z_k) − log q(z_k|x) for k posterior samples per example: x [batch, inputDim], eps
 * [k, batch, latentDim] → [k, batch]. The encoder runs once per example.
 */
export function logImportanceWeights(model: IafVae, x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor2D {
  const [k, batch, d] = eps.shape;
  const { mu, logvar, context } = encodeIaf(model, x);
  const tile = (t: tf.Tensor2D) => repeatRows(t, k);
  const encoding = { mu: tile(mu), logvar: tile(logvar), context: tile(context) };
  const logW = logWeightsFromEncoding(model, x, encoding, tf.reshape(eps, [k * batch, d]) as tf.Tensor2D);
  return tf.reshape(logW, [k, batch]) as tf.Tensor2D;
}

/**
 * log p(x, z) − log q(z) at z from eps [k·batch, latentDim], with q given by `encoding` (k·batch
 * rows, row r for image r mod batch, the layout of repeatRows) → [k·batch].
 */
export function logWeightsFromEncoding(
  model: IafVae,
  x: tf.Tensor2D,
  encoding: IafEncoding,
  eps: tf.Tensor2D,
): tf.Tensor1D {
  const { z, logQ } = sampleFromEncoding(model, encoding, eps);
  const logPxz = tf.add(bernoulliLogProb(x, decodeLogits(model, z)), standardNormalLogProb(z));
  return tf.sub(logPxz, logQ);
}

export function disposeIafVae(model: IafVae): void {
  model.steps.forEach(disposeMade);
  model.params.dispose();
}
