/**
 * M2's training objective (Kingma et al. 2014, eq. 9), per image so that the learning rate does not
 * depend on the dataset's size:
 *
 *   J^α / N = (1/N) [ Σ_labelled L(x, y) + Σ_unlabelled −U(x) ] + (α/N) · E_labelled[−log q(y | x)],
 *
 * with N every training image, labelled or not. Each mini-batch estimates the two sums with their
 * own batches, weighted by the share of the data they stand for, so the estimate is unbiased for
 * any batch sizes. α is given as a multiple of N (the paper's choice is α = 0.1 N): then the
 * classification term's weight relative to one image's bound is `alphaScale`, whatever N is.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierLogits, labelledBound, unlabelledBound, type M2 } from '../models/m2.ts';

export interface ObjectiveWeights {
  labelled: number;
  unlabelled: number;
  /** α / N. */
  classification: number;
}

/** The weights of the three terms for `labelled` and `unlabelled` images and α = alphaScale · N. */
export function objectiveWeights(labelled: number, unlabelled: number, alphaScale: number): ObjectiveWeights {
  const n = labelled + unlabelled;
  if (labelled <= 0 || unlabelled < 0) throw new Error(`M2 objective: ${labelled} labelled, ${unlabelled} unlabelled`);
  return { labelled: labelled / n, unlabelled: unlabelled / n, classification: alphaScale };
}

export interface ObjectiveBatch {
  /** Labelled images [bl, inputDim], their one-hot labels [bl, classes] and noise [bl, latentDim]. */
  xl: tf.Tensor2D;
  yl: tf.Tensor2D;
  epsl: tf.Tensor2D;
  /** Unlabelled images [bu, inputDim] and noise [classes · bu, latentDim], class-major. */
  xu: tf.Tensor2D;
  epsu: tf.Tensor2D;
}

export interface ObjectiveTerms {
  /** The loss to minimise: −(J^α / N). */
  loss: tf.Scalar;
  /** Mean −L(x, y) over the labelled batch. */
  labelledBound: tf.Scalar;
  /** Mean U(x) over the unlabelled batch. */
  unlabelledBound: tf.Scalar;
  /** Mean −log q(y | x) over the labelled batch. */
  crossEntropy: tf.Scalar;
}

export function objective(m: M2, batch: ObjectiveBatch, weights: ObjectiveWeights): ObjectiveTerms {
  const lb = tf.mean(labelledBound(m, batch.xl, batch.yl, batch.epsl).bound) as tf.Scalar;
  const ub =
    batch.xu.shape[0] > 0 ? (tf.mean(unlabelledBound(m, batch.xu, batch.epsu).bound) as tf.Scalar) : tf.scalar(0);
  const crossEntropy = tf.neg(
    tf.mean(tf.sum(tf.mul(batch.yl, tf.logSoftmax(classifierLogits(m, batch.xl))), 1)),
  ) as tf.Scalar;
  const bound = tf.add(tf.mul(weights.labelled, lb), tf.mul(weights.unlabelled, ub));
  const loss = tf.add(tf.neg(bound), tf.mul(weights.classification, crossEntropy)) as tf.Scalar;
  return { loss, labelledBound: lb, unlabelledBound: ub, crossEntropy };
}
