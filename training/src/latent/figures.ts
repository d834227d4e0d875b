/**
 * The figures every latent-variable run can draw: its training curve, samples from the prior,
 * test reconstructions, and (for a 2-D latent space) the decoder's map of it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Artifacts } from '../artifacts.ts';
import { spread, type ImageSet } from '../data/index.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { linePlot } from '../figures/svg-plot.ts';
import { Rng } from '../runtime/rng.ts';
import type { LatentRun } from './fit.ts';
import type { LatentModel } from './model.ts';

export interface StandardFigures {
  out: Artifacts;
  model: LatentModel;
  run: LatentRun;
  /** Completes "Training curve, …" (e.g. "latent dimension 2"). */
  title: string;
  /** Test images to reconstruct from (16 spread over the set). */
  test: ImageSet;
  /** Seed of the prior samples. */
  seed: number;
}

const tile = { height: 28, width: 28, scale: 2 };

/** figures/<experiment>.training-curve.svg, .samples.png (64 prior samples) and .reconstructions.png (16 test digits). */
export async function standardFigures({ out, model, run, title, test, seed }: StandardFigures): Promise<string[]> {
  const { history } = run.result;
  // The first epochs sit far below the rest; frame the plot on the part worth reading.
  const settled = history.filter((h) => h.epoch >= 3).flatMap((h) => [-h.trainLoss, h.validation]);
  const yDomain: [number, number] | undefined =
    settled.length > 4 ? [Math.min(...settled) - 2, Math.max(...settled) + 2] : undefined;
  const curve = linePlot({
    ...(yDomain ? { yDomain } : {}),
    title: `Training curve, ${title}`,
    xLabel: 'epoch',
    yLabel: 'ELBO (nats per image)',
    series: [
      { name: 'training (running mean)', points: history.map((h) => [h.epoch, -h.trainLoss]) },
      { name: 'validation', points: history.map((h) => [h.epoch, h.validation]), dashed: true },
    ],
  });

  const samples = tf.tidy(() => {
    const rng = new Rng(seed, 0x5a3);
    const z = tf.tensor2d(rng.normals(64 * model.latentDim), [64, model.latentDim]);
    return tf.sigmoid(model.decodeLogits(z)).dataSync() as Float32Array;
  });

  const dim = model.inputDim;
  const originals = spread(test, 16).images;
  const reconstructions = tf.tidy(
    () =>
      tf.sigmoid(model.decodeLogits(model.encodeTypical(tf.tensor2d(originals, [16, dim])))).dataSync() as Float32Array,
  );
  const pairs = new Float32Array(32 * dim);
  pairs.set(originals, 0);
  pairs.set(reconstructions, 16 * dim);
  return [
    await out.write(out.figure('training-curve', 'svg'), curve),
    await out.write(out.figure('samples', 'png'), imageGridPng({ images: samples, n: 64, columns: 8, ...tile })),
    await out.write(out.figure('reconstructions', 'png'), imageGridPng({ images: pairs, n: 32, columns: 16, ...tile })),
  ];
}

/** figures/<experiment>.latent-grid.png: digits decoded on a side × side grid of a 2-D latent space over ±3 sd. */
export async function latentGridFigure(out: Artifacts, model: LatentModel, side = 15): Promise<string> {
  const grid = new Float32Array(side * side * 2);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      grid[(r * side + c) * 2] = -3 + (6 * c) / (side - 1);
      grid[(r * side + c) * 2 + 1] = 3 - (6 * r) / (side - 1);
    }
  }
  const decoded = tf.tidy(
    () => tf.sigmoid(model.decodeLogits(tf.tensor2d(grid, [side * side, 2]))).dataSync() as Float32Array,
  );
  return out.write(
    out.figure('latent-grid', 'png'),
    imageGridPng({ images: decoded, n: side * side, columns: side, padding: 0, ...tile }),
  );
}
