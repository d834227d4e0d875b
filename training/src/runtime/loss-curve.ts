/**
 * The backend comparisons' reference computation: the 20-step loss curve of a small VAE with Adam,
 * from fixed seeds, on whatever backend is current. Read asynchronously, the one read every
 * backend has (webgpu in Node has no synchronous one).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from './rng.ts';
import { createVae, elboTerms } from '../models/vae.ts';
import { adam } from '../train/adam.ts';

export async function vaeLossCurve(): Promise<number[]> {
  const vae = createVae({ inputDim: 64, hidden: [32], latentDim: 4, activation: 'relu' }, 2);
  const noise = new Rng(9);
  const data = new Rng(10);
  const x = tf.tensor2d(
    Float32Array.from({ length: 50 * 64 }, () => (data.uniform() < 0.3 ? 1 : 0)),
    [50, 64],
  );
  const optimizer = adam(1e-2);
  const losses: number[] = [];
  for (let step = 0; step < 20; step++) {
    const eps = tf.tensor2d(noise.normals(50 * 4), [50, 4]);
    const cost = optimizer.minimize(() => tf.neg(tf.mean(elboTerms(vae, x, eps).elbo)), true, vae.params.list())!;
    losses.push((await cost.data())[0]!);
    tf.dispose([cost, eps]);
  }
  optimizer.dispose();
  vae.params.dispose();
  x.dispose();
  return losses;
}
