/**
 * A latent-variable model as the shared training, evaluation and figure steps see it. Each model
 * module (models/vae.ts, models/iaf.ts) has functions of the same shape; `asLatentModel` binds them
 * to one model instance.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Params } from '../nn/params.ts';

export interface LatentModel {
  params: Params;
  inputDim: number;
  latentDim: number;
  /** Per-example ELBO and its KL term at one posterior sample; eps ~ N(0, I) [batch, latentDim]. */
  elboTerms(x: tf.Tensor2D, eps: tf.Tensor2D): { elbo: tf.Tensor1D; kl: tf.Tensor1D };
  /** log p(x, z_k) − log q(z_k|x) for eps [k, batch, latentDim] → [k, batch]. */
  logImportanceWeights(x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor2D;
  /** z [batch, latentDim] → Bernoulli logits [batch, inputDim]. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D;
  /** A typical code for x, for reconstructions. */
  encodeTypical(x: tf.Tensor2D): tf.Tensor2D;
}

/** The functions a model module provides, each taking the model first. */
export interface LatentModelFunctions<M> {
  elboTerms(model: M, x: tf.Tensor2D, eps: tf.Tensor2D): { elbo: tf.Tensor1D; kl: tf.Tensor1D };
  logImportanceWeights(model: M, x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor2D;
  decodeLogits(model: M, z: tf.Tensor2D): tf.Tensor2D;
  encodeTypical(model: M, x: tf.Tensor2D): tf.Tensor2D;
}

export function asLatentModel<M extends { params: Params; config: { inputDim: number; latentDim: number } }>(
  model: M,
  f: LatentModelFunctions<M>,
): LatentModel {
  return {
    params: model.params,
    inputDim: model.config.inputDim,
    latentDim: model.config.latentDim,
    elboTerms: (x, eps) => f.elboTerms(model, x, eps),
    logImportanceWeights: (x, eps) => f.logImportanceWeights(model, x, eps),
    decodeLogits: (z) => f.decodeLogits(model, z),
    encodeTypical: (x) => f.encodeTypical(model, x),
  };
}
