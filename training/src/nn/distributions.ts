/**
 * Log densities and divergences used by the models, summed over the last axis (one value per
 * example, in nats).
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel } from '../runtime/kernels/index.ts';
import { bernoulliKernel, bernoulliShapeError } from '../runtime/kernels/bernoulli.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log p(x | logits) for independent Bernoullis with p = sigmoid(logits), computed stably as
 * x·l − softplus(l). x: [n, d]; logits: [k·n, d], row r paired with row r mod n of x (the layout of
 * tf.tile(x, [k, 1]), without the copy) → [k·n].
 */
export function bernoulliLogProb(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  if (hasKernel(bernoulliKernel)) return tf.engine().runKernel(bernoulliKernel, { x, logits }) as tf.Tensor1D;
  const k = logits.shape[0] / x.shape[0];
  if (!Number.isInteger(k) || x.shape[1] !== logits.shape[1])
    throw new Error(bernoulliShapeError(x.shape, logits.shape));
  const targets = k === 1 ? x : (tf.tile(x, [k, 1]) as tf.Tensor2D);
  return tf.sum(tf.sub(tf.mul(targets, logits), tf.softplus(logits)), -1);
}

/** log N(z; mu, diag(exp(logvar))). All [batch, d] → [batch]. */
export function diagGaussianLogProb(z: tf.Tensor2D, mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  const sq = tf.div(tf.square(tf.sub(z, mu)), tf.exp(logvar));
  return tf.mul(-0.5, tf.sum(tf.add(tf.add(sq, logvar), LOG_2PI), -1));
}

/** log N(z; 0, I). [batch, d] → [batch]. */
export function standardNormalLogProb(z: tf.Tensor2D): tf.Tensor1D {
  return tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), -1));
}

/** KL(N(mu, diag(exp(logvar))) ‖ N(0, I)) in closed form. [batch, d] → [batch]. */
export function klToStandardNormal(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  return tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1)), -1));
}

/** Reparameterised sample z = mu + exp(logvar / 2) · eps, with eps ~ N(0, I) drawn by the caller. */
export function reparameterize(mu: tf.Tensor2D, logvar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), eps));
}
