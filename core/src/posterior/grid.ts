/**
 * The true posterior of a 2-D latent variable model on a grid: p(z|x) ∝ p(x|z) p(z), with
 * p(x|z) a product of Bernoullis whose probabilities the decoder gives and p(z) = N(0, I). Used by
 * the training code (the posterior figure and its numbers) and by the posterior explorer in the
 * browser, on the same exported decoder.
 */

import { posteriorSampler, vaeDecoder, type RunModel } from '../models/contracts.ts';

export interface Extent {
  /** [z₁ min, z₁ max] */
  x: [number, number];
  /** [z₂ min, z₂ max] */
  y: [number, number];
}

/** Probabilities are clamped this far from 0 and 1, so that a saturated float32 sigmoid stays finite. */
export const PROBABILITY_FLOOR = 1e-7;

/**
 * The centres of a side × side grid of cells over `extent`, as [side², 2] row-major pairs: row 0
 * is the top (largest z₂), as an image is drawn.
 */
export function latentGrid(extent: Extent, side: number): Float32Array {
  const z = new Float32Array(side * side * 2);
  const dx = (extent.x[1] - extent.x[0]) / side;
  const dy = (extent.y[1] - extent.y[0]) / side;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      z[2 * (r * side + c)] = extent.x[0] + (c + 0.5) * dx;
      z[2 * (r * side + c) + 1] = extent.y[1] - (r + 0.5) * dy;
    }
  }
  return z;
}

/**
 * log p(x|z) + log p(z) for each of n latent points, from the decoder's pixel probabilities.
 *
 * @param x the binary image, d values.
 * @param probabilities n × d decoder outputs.
 * @param z n × 2 latent points (for the prior term).
 */
export function logJoint(x: Float32Array, probabilities: Float32Array, z: Float32Array): Float64Array {
  const d = x.length;
  const n = z.length / 2;
  if (probabilities.length !== n * d) {
    throw new Error(`expected ${n} × ${d} probabilities, got ${probabilities.length}`);
  }
  const out = new Float64Array(n);
  const logPrior = -Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const p = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, probabilities[i * d + j]!));
      sum += x[j]! > 0.5 ? Math.log(p) : Math.log(1 - p);
    }
    const z1 = z[2 * i]!;
    const z2 = z[2 * i + 1]!;
    out[i] = sum + logPrior - 0.5 * (z1 * z1 + z2 * z2);
  }
  return out;
}

/**
 * The grid's posterior: each cell's probability mass (summing to 1) and log p(x) estimated as
 * log Σ_cells p(x, z) · cell area, which is accurate when the grid covers the posterior's mass at a
 * spacing finer than its width.
 */
export function normalizePosterior(logJoints: Float64Array, extent: Extent, side: number) {
  const max = logJoints.reduce((m, v) => Math.max(m, v), -Infinity);
  const mass = new Float64Array(logJoints.length);
  let total = 0;
  logJoints.forEach((v, i) => {
    mass[i] = Math.exp(v - max);
    total += mass[i]!;
  });
  for (let i = 0; i < mass.length; i++) mass[i]! /= total;
  const cellArea = ((extent.x[1] - extent.x[0]) * (extent.y[1] - extent.y[0])) / (side * side);
  return { mass, logEvidence: max + Math.log(total) + Math.log(cellArea) };
}

/**
 * The smallest square window (on the grid) holding the cells that make up `fraction` of the mass,
 * widened by `margin` of its size on each side: where to look more closely.
 */
export function massWindow(mass: Float64Array, extent: Extent, side: number, fraction = 0.995, margin = 0.25): Extent {
  const order = Array.from(mass.keys()).sort((a, b) => mass[b]! - mass[a]!);
  let acc = 0;
  let [r0, r1, c0, c1] = [side, -1, side, -1];
  for (const i of order) {
    const r = Math.floor(i / side);
    const c = i % side;
    [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, c), Math.max(c1, c)];
    acc += mass[i]!;
    if (acc >= fraction) break;
  }
  const dx = (extent.x[1] - extent.x[0]) / side;
  const dy = (extent.y[1] - extent.y[0]) / side;
  const cx = extent.x[0] + ((c0 + c1 + 1) / 2) * dx;
  const cy = extent.y[1] - ((r0 + r1 + 1) / 2) * dy;
  const half = (Math.max((c1 - c0 + 1) * dx, (r1 - r0 + 1) * dy) / 2) * (1 + 2 * margin);
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/**
 * The smallest square holding both `window` and the middle `fraction` of the samples on each axis
 * (`window` itself when it already does): where q misses the posterior, a reader should see by
 * how much.
 *
 * @param z samples × 2, row-major.
 */
export function coverSamples(window: Extent, z: Float32Array, fraction = 0.98): Extent {
  const tail = (1 - fraction) / 2;
  const axis = (k: number) => {
    const v = Array.from({ length: z.length / 2 }, (_, s) => z[2 * s + k]!).sort((a, b) => a - b);
    return [v[Math.floor(tail * (v.length - 1))]!, v[Math.ceil((1 - tail) * (v.length - 1))]!] as const;
  };
  const [x0, x1] = axis(0);
  const [y0, y1] = axis(1);
  const lo = [Math.min(window.x[0], x0), Math.min(window.y[0], y0)] as const;
  const hi = [Math.max(window.x[1], x1), Math.max(window.y[1], y1)] as const;
  if (lo[0] === window.x[0] && lo[1] === window.y[0] && hi[0] === window.x[1] && hi[1] === window.y[1]) return window;
  const half = Math.max(hi[0] - lo[0], hi[1] - lo[1]) / 2;
  const cx = (lo[0] + hi[0]) / 2;
  const cy = (lo[1] + hi[1]) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/** A model as the posterior analysis needs it, whatever runs it (onnxruntime in Node or a worker). */
export interface PosteriorModel {
  /** n × 2 latent points → n × d pixel probabilities. */
  decode(z: Float32Array): Promise<Float32Array>;
  /** Samples from q(z|x) for the analysed image: z (samples × 2) and log q(z|x) (samples). */
  sample(): Promise<{ z: Float32Array; logQ: Float32Array }>;
}

export interface PosteriorAnalysis {
  /** Where the posterior's mass is: the window log p(x) is computed on. */
  massArea: Extent;
  /** massArea widened to hold q's samples: the window to draw. */
  window: Extent;
  /** The posterior's mass on a fineSide² grid over `window`. */
  mass: Float64Array;
  /** q's samples, samples × 2. */
  z: Float32Array;
  logEvidence: number;
  /** E_q[log p(x, z) − log q(z|x)] over the samples; logEvidence − elbo estimates KL(q ‖ p(z|x)). */
  elbo: number;
}

/**
 * Everything the posterior figure and the posterior explorer show for one image and one model:
 * q's samples and the ELBO they give; the true posterior found on a wide grid (±extent, coarseSide
 * cells a side), evaluated finely over its mass for log p(x), and over a window that also holds
 * the samples, so that a reader sees where q misses.
 */
export async function analysePosterior(
  x: Float32Array,
  model: PosteriorModel,
  grid: { extent: number; coarseSide: number; fineSide: number },
): Promise<PosteriorAnalysis> {
  const { z, logQ } = await model.sample();
  const joints = logJoint(x, await model.decode(z), z);
  let sum = 0;
  joints.forEach((v, s) => (sum += v - logQ[s]!));
  const elbo = sum / joints.length;

  const evaluate = async (extent: Extent, side: number) => {
    const points = latentGrid(extent, side);
    return normalizePosterior(logJoint(x, await model.decode(points), points), extent, side);
  };
  const wide: Extent = { x: [-grid.extent, grid.extent], y: [-grid.extent, grid.extent] };
  const coarse = await evaluate(wide, grid.coarseSide);
  const massArea = massWindow(coarse.mass, wide, grid.coarseSide);
  const fine = await evaluate(massArea, grid.fineSide);
  const window = coverSamples(massArea, z);
  const shown = window === massArea ? fine : await evaluate(window, grid.fineSide);
  return { massArea, window, mass: shown.mass, z, logEvidence: fine.logEvidence, elbo };
}

/**
 * A 2-D model's exported decoder and posterior sampler (see models/contracts.ts) as the analysis
 * needs them: `samples` draws from q(z|x) for the one image `x`, with noise from `normals`.
 */
export function exportedPosteriorModel(
  x: Float32Array,
  run: { decoder: RunModel; posterior: RunModel },
  samples: number,
  normals: (n: number) => Float32Array,
): PosteriorModel {
  return {
    decode: async (z) => vaeDecoder.probabilities(await run.decoder(vaeDecoder.feeds(z, 2))),
    sample: async () => {
      const tiled = new Float32Array(samples * x.length);
      for (let s = 0; s < samples; s++) tiled.set(x, s * x.length);
      const feeds = posteriorSampler.feeds(tiled, normals(samples * 2), x.length, 2);
      return posteriorSampler.sample(await run.posterior(feeds));
    },
  };
}
