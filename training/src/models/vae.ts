/**
 * A Bernoulli variational autoencoder (Kingma & Welling, 2014): a diagonal-Gaussian encoder
 * q(z|x) = N(mu(x), diag(exp(logvar(x)))), a standard-normal prior, and a decoder giving Bernoulli
 * pixel probabilities p(x|z) = sigmoid(logits(z)). The model only: training, evaluation and export
 * live elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../runtime/rng.ts';
import { Params } from '../nn/params.ts';
import { repeatRows } from '../nn/repeat.ts';
import { createDense, createStack, mlp, dense, type Activation, type DenseLayer } from '../nn/dense.ts';
import {
  bernoulliLogProb,
  diagGaussianLogProb,
  klToStandardNormal,
  reparameterize,
  standardNormalLogProb,
} from '../nn/distributions.ts';

export interface VaeConfig {
  /** Pixels per image (784 for 28×28). */
  inputDim: number;
  /** Widths of the encoder's hidden layers; the decoder mirrors them. */
  hidden: number[];
  latentDim: number;
  activation: Activation;
}

export interface Vae {
  config: VaeConfig;
  params: Params;
  encoder: DenseLayer[];
  mean: DenseLayer;
  logvar: DenseLayer;
  /** Hidden layers, then the output layer giving logits. */
  decoder: DenseLayer[];
}

/** Initialise a VAE; the same seed gives the same weights. */
export function createVae(config: VaeConfig, seed: number): Vae {
  const rng = new Rng(seed, 0);
  const params = new Params();
  const { inputDim, hidden, latentDim, activation } = config;
  const { layers: encoder, width } = createStack(params, rng, 'encoder', inputDim, hidden, activation);
  const mean = createDense(params, rng, 'encoder.mean', width, latentDim, 'none');
  const logvar = createDense(params, rng, 'encoder.logvar', width, latentDim, 'none');
  const body = createStack(params, rng, 'decoder', latentDim, [...hidden].reverse(), activation);
  const decoder = [...body.layers, createDense(params, rng, 'decoder.logits', body.width, inputDim, 'none')];
  return { config, params, encoder, mean, logvar, decoder };
}

/** x: [batch, inputDim] → mean and log-variance of q(z|x), each [batch, latentDim]. */
export function encode(vae: Vae, x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const h = mlp(vae.encoder, x);
  return { mu: dense(vae.mean, h), logvar: dense(vae.logvar, h) };
}

/** z: [batch, latentDim] → Bernoulli logits [batch, inputDim]. */
export function decodeLogits(vae: Vae, z: tf.Tensor2D): tf.Tensor2D {
  return mlp(vae.decoder, z);
}

export interface ElboTerms {
  /** log p(x|z) at one posterior sample, nats, [batch]. */
  reconstruction: tf.Tensor1D;
  /** KL(q(z|x) ‖ p(z)) in closed form, nats, [batch]. */
  kl: tf.Tensor1D;
  /** reconstruction − kl, [batch]. */
  elbo: tf.Tensor1D;
}

/** The evidence lower bound per example, with eps ~ N(0, I) [batch, latentDim] drawn by the caller. */
export function elboTerms(vae: Vae, x: tf.Tensor2D, eps: tf.Tensor2D): ElboTerms {
  const { mu, logvar } = encode(vae, x);
  const z = reparameterize(mu, logvar, eps);
  const reconstruction = bernoulliLogProb(x, decodeLogits(vae, z));
  const kl = klToStandardNormal(mu, logvar);
  return { reconstruction, kl, elbo: tf.sub(reconstruction, kl) };
}

/**
 * Log importance weights log p(x, z_k) − log q(z_k|x) for k posterior samples per example.
 * x: [batch, inputDim]; eps: [k, batch, latentDim] → [k, batch].
 */
export function logImportanceWeights(vae: Vae, x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor2D {
  const [k, batch, d] = eps.shape;
  const { mu, logvar } = encode(vae, x);
  const flatEps = tf.reshape(eps, [k * batch, d]) as tf.Tensor2D;
  const tileMu = repeatRows(mu, k);
  const tileLogvar = repeatRows(logvar, k);
  const z = reparameterize(tileMu, tileLogvar, flatEps);
  const logPxz = bernoulliLogProb(x, decodeLogits(vae, z));
  const logW = tf.sub(tf.add(logPxz, standardNormalLogProb(z)), diagGaussianLogProb(z, tileMu, tileLogvar));
  return tf.reshape(logW, [k, batch]) as tf.Tensor2D;
}
