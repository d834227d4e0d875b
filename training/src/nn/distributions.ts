/**
 * Log densities and divergences used by the models, summed over the last axis (one value per
 * example, in nats).
 */
import * as tf from '@tensorflow/tfjs';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log p(x | logits) for independent Bernoullis with p = sigmoid(logits), computed stably as
 * x·l − softplus(l). x, logits: [batch, d] → [batch].
 */
export function bernoulliLogProb(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1);
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
