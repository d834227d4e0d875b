/**
 * The M2 model of Kingma, Rezende, Mohamed & Welling (2014), "Semi-supervised learning with deep
 * generative models": a class y and a style z generate the image,
 *
 *   p(y) = 1/C,  p(z) = N(0, I),  p(x | y, z) = Bernoulli(sigmoid(decoder([z, y]))),
 *
 * with two inference networks, a classifier q(y | x) and a Gaussian q(z | x, y) = N(μ(x, y), σ²(x, y)).
 * For a labelled pair the bound is
 *
 *   −L(x, y) = E_q(z|x,y)[log p(x | y, z)] + log p(y) − KL(q(z | x, y) ‖ p(z))  ≤ log p(x, y),
 *
 * and for an unlabelled image, treating y as one more latent variable,
 *
 *   U(x) = Σ_y q(y | x) (−L(x, y)) + H(q(y | x))  ≤ log p(x).
 *
 * (Both are written here as bounds to maximise; the paper's L and U are their negatives.) The sum
 * over y is one batched pass: the image's share of the encoder's first layer is computed once and
 * each class adds its own row, and the decoder runs on all C × batch (z, y) pairs at once. Never a
 * soft label fed to the decoder: that would be a different model. The model only: the training
 * objective's weights and the loop live in m2/.
 *
 * The observations are binary pixels (a Bernoulli decoder) or, for M1+M2, the continuous features
 * of another model (a diagonal-Gaussian decoder with its own mean and log-variance heads).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../runtime/rng.ts';
import { Params } from '../nn/params.ts';
import { activate, createDense, createStack, dense, mlp, type Activation, type DenseLayer } from '../nn/dense.ts';
import { bernoulliLogProb, diagGaussianLogProb, klToStandardNormal, reparameterize } from '../nn/distributions.ts';
import { repeatRows } from '../nn/repeat.ts';

/** How p(x | y, z) models an observation: binary pixels, or continuous features. */
export type Likelihood = 'bernoulli' | 'gaussian';

export interface M2Config {
  /** Pixels per image (784 for 28×28). */
  inputDim: number;
  classes: number;
  latentDim: number;
  /** Hidden widths of each of the three networks (classifier, encoder, decoder). */
  hidden: number[];
  activation: Activation;
  /** 'bernoulli' unless given. */
  likelihood?: Likelihood;
}

export interface M2 {
  config: M2Config;
  params: Params;
  /** q(y | x): hidden layers, then the logits layer. */
  classifier: DenseLayer[];
  /** q(z | x, y): the first layer reads [x, one-hot y], then the other hidden layers, then the heads. */
  encoder: DenseLayer[];
  mean: DenseLayer;
  logvar: DenseLayer;
  /**
   * p(x | y, z): the first layer reads [z, one-hot y]; the last gives Bernoulli logits, or for a
   * Gaussian likelihood the mean and log-variance side by side ([n, 2 · inputDim]).
   */
  decoder: DenseLayer[];
}

/** Initialise an M2 model; the same seed gives the same weights. */
export function createM2(config: M2Config, seed: number): M2 {
  const { inputDim, classes, latentDim, hidden, activation } = config;
  if (hidden.length === 0) throw new Error('M2: each network needs at least one hidden layer');
  const rng = new Rng(seed, 0);
  const params = new Params();
  const cls = createStack(params, rng, 'classifier', inputDim, hidden, activation);
  const classifier = [...cls.layers, createDense(params, rng, 'classifier.logits', cls.width, classes, 'none')];
  const enc = createStack(params, rng, 'encoder', inputDim + classes, hidden, activation);
  const mean = createDense(params, rng, 'encoder.mean', enc.width, latentDim, 'none');
  const logvar = createDense(params, rng, 'encoder.logvar', enc.width, latentDim, 'none');
  const dec = createStack(params, rng, 'decoder', latentDim + classes, [...hidden].reverse(), activation);
  const outputs = config.likelihood === 'gaussian' ? 2 * inputDim : inputDim;
  const decoder = [...dec.layers, createDense(params, rng, 'decoder.logits', dec.width, outputs, 'none')];
  return { config, params, classifier, encoder: enc.layers, mean, logvar, decoder };
}

/** One-hot rows [labels.length, classes]. */
export function oneHot(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  return tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes).toFloat() as tf.Tensor2D;
}

/** Every class once per image, class-major: row c·batch + b is class c (the layout of bernoulliLogProb). */
export function allClasses(classes: number, batch: number): tf.Tensor2D {
  return oneHot(
    Array.from({ length: classes * batch }, (_, r) => Math.floor(r / batch)),
    classes,
  );
}

/** x: [batch, inputDim] → classifier logits [batch, classes]. */
export function classifierLogits(m: M2, x: tf.Tensor2D): tf.Tensor2D {
  return mlp(m.classifier, x);
}

/** The encoder's first-layer weight split into the rows that read x and the rows that read y. */
function firstLayerParts(m: M2) {
  const layer = m.encoder[0]!;
  const { inputDim, classes } = m.config;
  const w = layer.weight as tf.Tensor2D;
  return {
    layer,
    wx: tf.slice(w, [0, 0], [inputDim, layer.outputs]),
    wy: tf.slice(w, [inputDim, 0], [classes, layer.outputs]),
  };
}

/** The rest of the encoder from its first layer's pre-activation. */
function encoderHeads(m: M2, pre: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const h = mlp(m.encoder.slice(1), activate(pre, m.encoder[0]!.activation));
  return { mu: dense(m.mean, h), logvar: dense(m.logvar, h) };
}

/** q(z | x, y) for given labels: x [batch, inputDim], y one-hot [batch, classes] → μ, log σ² [batch, latentDim]. */
export function encode(m: M2, x: tf.Tensor2D, y: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const { layer, wx, wy } = firstLayerParts(m);
  const pre = tf.add(tf.add(tf.matMul(x, wx), tf.matMul(y, wy)), layer.bias) as tf.Tensor2D;
  return encoderHeads(m, pre);
}

/**
 * q(z | x, y) for every class y of every image, class-major [classes · batch, latentDim]: x's share
 * of the first layer is computed once and broadcast against each class's row.
 */
export function encodeAllClasses(m: M2, x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const { layer, wx, wy } = firstLayerParts(m);
  const [batch] = x.shape;
  const { classes } = m.config;
  const fromX = tf.add(tf.matMul(x, wx), layer.bias); // [batch, H]
  const pre = tf.add(tf.expandDims(wy, 1), tf.expandDims(fromX, 0)); // [classes, batch, H]
  return encoderHeads(m, tf.reshape(pre, [classes * batch, layer.outputs]) as tf.Tensor2D);
}

/**
 * The decoder's output for z [n, latentDim] and one-hot y [n, classes]: Bernoulli logits
 * [n, inputDim], or for a Gaussian likelihood the mean and log-variance [n, 2 · inputDim].
 */
export function decodeLogits(m: M2, z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  return mlp(m.decoder, tf.concat([z, y], 1) as tf.Tensor2D);
}

/** log p(x | y, z) from the decoder's output [k · n, ·], row r paired with x's row r mod n → [k · n]. */
export function observationLogProb(m: M2, x: tf.Tensor2D, decoded: tf.Tensor2D): tf.Tensor1D {
  if (m.config.likelihood !== 'gaussian') return bernoulliLogProb(x, decoded);
  const d = m.config.inputDim;
  const [mean, logvar] = tf.split(decoded, [d, d], 1) as [tf.Tensor2D, tf.Tensor2D];
  return diagGaussianLogProb(repeatRows(x, decoded.shape[0] / x.shape[0]), mean, logvar);
}

export interface LabelledBound {
  /** −L(x, y): reconstruction + log p(y) − KL, nats, [n]. */
  bound: tf.Tensor1D;
  /** log p(x | y, z) at one sample of q(z | x, y), [n]. */
  reconstruction: tf.Tensor1D;
  /** KL(q(z | x, y) ‖ N(0, I)) in closed form, [n]. */
  kl: tf.Tensor1D;
}

/**
 * The bound −L(x, y) on log p(x, y) from encoder outputs: x [batch, inputDim]; μ, log σ², eps and
 * y [k · batch, ·], row r paired with image r mod batch.
 */
function boundFrom(
  m: M2,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  eps: tf.Tensor2D,
): LabelledBound {
  const z = reparameterize(mu, logvar, eps);
  const reconstruction = observationLogProb(m, x, decodeLogits(m, z, y));
  const kl = klToStandardNormal(mu, logvar);
  const bound = tf.sub(tf.sub(reconstruction, kl), Math.log(m.config.classes)) as tf.Tensor1D;
  return { bound, reconstruction, kl };
}

/** −L(x, y) for labelled images: x [batch, inputDim], y one-hot [batch, classes], eps ~ N(0, I) [batch, latentDim]. */
export function labelledBound(m: M2, x: tf.Tensor2D, y: tf.Tensor2D, eps: tf.Tensor2D): LabelledBound {
  const { mu, logvar } = encode(m, x, y);
  return boundFrom(m, x, y, mu, logvar, eps);
}

export interface UnlabelledBound {
  /** U(x) = Σ_y q(y|x)(−L(x, y)) + H(q(y|x)), nats, [batch]. */
  bound: tf.Tensor1D;
  /** log q(y | x), [batch, classes]. */
  logQy: tf.Tensor2D;
  /** −L(x, y) for every class, [classes, batch]. */
  perClass: tf.Tensor2D;
  /** H(q(y | x)), [batch]. */
  entropy: tf.Tensor1D;
}

/**
 * U(x) for unlabelled images: x [batch, inputDim], eps ~ N(0, I) [classes · batch, latentDim]
 * (one z sample per image and class, class-major).
 */
export function unlabelledBound(m: M2, x: tf.Tensor2D, eps: tf.Tensor2D): UnlabelledBound {
  const [batch] = x.shape;
  const { classes } = m.config;
  const logQy = tf.logSoftmax(classifierLogits(m, x)) as tf.Tensor2D;
  const qy = tf.exp(logQy);
  const { mu, logvar } = encodeAllClasses(m, x);
  const perClass = tf.reshape(boundFrom(m, x, allClasses(classes, batch), mu, logvar, eps).bound, [classes, batch]);
  const expected = tf.sum(tf.mul(tf.transpose(qy), perClass), 0);
  const entropy = tf.neg(tf.sum(tf.mul(qy, logQy), 1)) as tf.Tensor1D;
  return { bound: tf.add(expected, entropy) as tf.Tensor1D, logQy, perClass: perClass as tf.Tensor2D, entropy };
}

export function disposeM2(m: M2): void {
  m.params.dispose();
}
