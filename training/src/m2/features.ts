/**
 * M1's part of M1+M2 (Kingma et al. 2014): a VAE trained on every training image, labelled or not,
 * whose posterior means μ(x) become the observations M2 models. The features of a split keep its
 * labels and order, as a set of 1 × latentDim "images", so the semi-supervised fit runs on them
 * unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { createImageSet, type ImageSet, type Splits } from '../data/dataset.ts';
import { encode, type Vae } from '../models/vae.ts';

/** μ(x) of q(z | x) for every image of `set`, as a set of 1 × latentDim rows with the same labels. */
export function latentMeans(vae: Vae, set: ImageSet): ImageSet {
  const { inputDim, latentDim } = vae.config;
  const features = new Float32Array(set.n * latentDim);
  for (let start = 0; start < set.n; start += 500) {
    const end = Math.min(set.n, start + 500);
    const x = set.images.subarray(start * inputDim, end * inputDim);
    features.set(
      tf.tidy(() => encode(vae, tf.tensor2d(x, [end - start, inputDim])).mu.dataSync()),
      start * latentDim,
    );
  }
  return createImageSet({
    name: `${set.name}/m1-means`,
    images: features,
    labels: set.labels.slice(),
    height: 1,
    width: latentDim,
  });
}

/** The three splits as M1 features. */
export function featureSplits(vae: Vae, splits: Splits): Splits {
  return {
    train: latentMeans(vae, splits.train),
    validation: latentMeans(vae, splits.validation),
    test: latentMeans(vae, splits.test),
  };
}
