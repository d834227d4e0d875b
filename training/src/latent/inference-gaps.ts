/**
 * Why does a trained q(z|x) fall short of the true posterior? For a model with a 2-D latent, the
 * gap log p(x) − ELBO(q_amortized) of each image splits into (Cremer, Li & Duvenaud, 2018)
 *
 *   approximation gap  log p(x) − ELBO(q*)          what the family of q cannot express, and
 *   amortization gap   ELBO(q*) − ELBO(q_amortized)  what one shared encoder gives away,
 *
 * where q* is the best member of the same family for that image alone: its parameters (for an IAF,
 * the flow's input μ, log σ² and context h, with the flow and the decoder fixed) optimised by Adam
 * on the ELBO. The optimisation starts twice, at the encoder's output and at the same q recentred on
 * the posterior's mode on the grid, and keeps the better; it is still a local search, so q* can fall
 * short of the family's best, and the approximation gap is an upper bound. log p(x) comes from
 * quadrature on a grid over the latent plane, independent of any q, which also checks the
 * importance-sampled NLL.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../runtime/rng.ts';
import { repeatRows } from '../nn/repeat.ts';
import { adam } from '../train/adam.ts';
import { sliceRows } from '../train/batches.ts';

/** A model's amortized posterior family, as the study sees it: E holds q's parameters, one row per image. */
export interface AmortizedPosterior<E extends Record<string, tf.Tensor2D>> {
  inputDim: number;
  latentDim: number;
  /** The encoder's parameters of q for each image of x [n, inputDim]. */
  encode(x: tf.Tensor2D): E;
  /** The same q moved so that it starts from z [n, latentDim] (for a Gaussian: its mean set to z). */
  recentre(encoding: E, z: tf.Tensor2D): E;
  /**
   * log p(x, z) − log q(z) at z drawn from q through eps [k·n, latentDim]; `encoding` has k·n
   * rows, row r for image r mod n (the layout of repeatRows) → [k·n].
   */
  logWeights(x: tf.Tensor2D, encoding: E, eps: tf.Tensor2D): tf.Tensor1D;
  /** z [m, latentDim] → Bernoulli logits [m, inputDim]. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D;
}

export interface InferenceGapConfig {
  /** Adam steps per image, posterior samples per image and step, and the learning rate. */
  steps: number;
  samples: number;
  learningRate: number;
  /** Samples per image for the final ELBO of each q (the same draws for both). */
  evalSamples: number;
  /** Images optimised together (each image's objective is its own: their gradients do not mix). */
  batchSize: number;
  /** The quadrature grid: side × side cells over [−extent, extent]². */
  grid: { side: number; extent: number };
  /** The optimiser's objective is recorded every this many steps. */
  traceEvery: number;
  seed: number;
}

export interface InferenceGaps {
  /** Per image, in order: log p(x) by quadrature, and the ELBO of the amortized and the optimised q. */
  logEvidence: Float64Array;
  amortizedElbo: Float64Array;
  optimizedElbo: Float64Array;
  /** The mean objective (ELBO per image) at steps 0, traceEvery, 2·traceEvery, …, steps, from each start. */
  trace: { step: number; elbo: number }[];
  restartTrace: { step: number; elbo: number }[];
  /** Images on which the start at the grid's mode ended better than the start at the encoder's q. */
  restartWins: number;
  /** The largest share of any image's posterior mass in the grid's outer ring (one twentieth of its half-width). */
  borderMass: number;
}

/** Cell centres of the grid, split into the interior and the outer ring. */
function gridPoints({ side, extent }: InferenceGapConfig['grid']) {
  const step = (2 * extent) / side;
  const ring = extent - extent / 20;
  const interior: number[] = [];
  const border: number[] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const z1 = -extent + (c + 0.5) * step;
      const z2 = -extent + (r + 0.5) * step;
      (Math.max(Math.abs(z1), Math.abs(z2)) > ring ? border : interior).push(z1, z2);
    }
  }
  return { interior: Float32Array.from(interior), border: Float32Array.from(border), logCellArea: 2 * Math.log(step) };
}

const logAddExp = (a: number, b: number) => {
  const m = Math.max(a, b);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};

/**
 * log Σ_cells p(x|z) p(z) for each image over the given cell centres [m·2], in chunks of `chunk`
 * cells (the decoder runs once per cell for all images), and each image's best cell.
 */
function logSumOverCells(
  decodeLogits: (z: tf.Tensor2D) => tf.Tensor2D,
  x: tf.Tensor2D,
  cells: Float32Array,
  chunk: number,
): { logSum: Float64Array; best: Float64Array; mode: Float32Array } {
  const n = x.shape[0];
  const logSum = new Float64Array(n).fill(-Infinity);
  const best = new Float64Array(n).fill(-Infinity);
  const mode = new Float32Array(2 * n);
  const m = cells.length / 2;
  for (let start = 0; start < m; start += chunk) {
    const end = Math.min(m, start + chunk);
    const [lse, top, at] = tf.tidy(() => {
      const z = tf.tensor2d(cells.subarray(2 * start, 2 * end), [end - start, 2]);
      const logits = decodeLogits(z);
      // log p(x|z) = x·l − Σ softplus(l) for every image × cell; log N(z; 0, I) per cell.
      const logLikelihood = tf.sub(tf.matMul(x, logits, false, true), tf.sum(tf.softplus(logits), 1));
      const logPrior = tf.mul(-0.5, tf.add(tf.sum(tf.square(z), 1), 2 * Math.log(2 * Math.PI)));
      const logJoint = tf.add(logLikelihood, logPrior);
      return [tf.logSumExp(logJoint, 1), tf.max(logJoint, 1), tf.argMax(logJoint, 1)].map((t) => t.dataSync());
    });
    for (let i = 0; i < n; i++) {
      logSum[i] = logAddExp(logSum[i]!, lse![i]!);
      if (top![i]! > best[i]!) {
        best[i] = top![i]!;
        const cell = start + at![i]!;
        mode.set(cells.subarray(2 * cell, 2 * cell + 2), 2 * i);
      }
    }
  }
  return { logSum, best, mode };
}

/**
 * log p(x) of each image of x [n, inputDim] by quadrature on the grid, the share of its posterior
 * mass in the grid's outer ring, and the posterior's mode on the grid [n·2].
 */
export function gridLogEvidence(
  decodeLogits: (z: tf.Tensor2D) => tf.Tensor2D,
  x: tf.Tensor2D,
  grid: InferenceGapConfig['grid'],
): { logEvidence: Float64Array; borderMass: Float64Array; mode: Float32Array } {
  const { interior, border, logCellArea } = gridPoints(grid);
  const inside = logSumOverCells(decodeLogits, x, interior, 2048);
  const ring = logSumOverCells(decodeLogits, x, border, 2048);
  const total = inside.logSum.map((v, i) => logAddExp(v, ring.logSum[i]!));
  const mode = Float32Array.from(inside.mode);
  ring.best.forEach((v, i) => v > inside.best[i]! && mode.set(ring.mode.subarray(2 * i, 2 * i + 2), 2 * i));
  return {
    logEvidence: total.map((v) => v + logCellArea),
    borderMass: ring.logSum.map((v, i) => Math.exp(v - total[i]!)),
    mode,
  };
}

function tileEncoding<E extends Record<string, tf.Tensor2D>>(encoding: E, k: number): E {
  return Object.fromEntries(Object.entries(encoding).map(([key, t]) => [key, repeatRows(t, k)])) as E;
}

/** The mean over `samples` draws of log p(x, z) − log q(z), per image, drawing eps from `rng`. */
function elboEstimates<E extends Record<string, tf.Tensor2D>>(
  family: AmortizedPosterior<E>,
  x: tf.Tensor2D,
  encodings: E[],
  samples: number,
  rng: Rng,
): Float64Array[] {
  const n = x.shape[0];
  const sums = encodings.map(() => new Float64Array(n));
  for (let done = 0; done < samples; done += 100) {
    const k = Math.min(100, samples - done);
    const eps = rng.normals(k * n * family.latentDim);
    encodings.forEach((encoding, e) => {
      const values = tf.tidy(() => {
        const logW = family.logWeights(x, tileEncoding(encoding, k), tf.tensor2d(eps, [k * n, family.latentDim]));
        return tf.sum(tf.reshape(logW, [k, n]), 0).dataSync();
      });
      for (let i = 0; i < n; i++) sums[e]![i]! += values[i]!;
    });
  }
  return sums.map((s) => s.map((v) => v / samples));
}

/** q* for each image of x: the encoder's parameters, then `steps` of Adam on that image's ELBO. */
function optimizeEncoding<E extends Record<string, tf.Tensor2D>>(
  family: AmortizedPosterior<E>,
  x: tf.Tensor2D,
  start: E,
  config: InferenceGapConfig,
  rng: Rng,
): { encoding: E; trace: number[] } {
  const n = x.shape[0];
  const variables = Object.fromEntries(
    Object.entries(start).map(([key, t]) => [key, tf.variable(t, true)]),
  ) as unknown as E;
  const optimizer = adam(config.learningRate);
  const trace: number[] = [];
  for (let step = 0; step <= config.steps; step++) {
    const eps = rng.normals(config.samples * n * family.latentDim);
    const objective = () =>
      tf.tidy(() => {
        const logW = family.logWeights(
          x,
          tileEncoding(variables, config.samples),
          tf.tensor2d(eps, [config.samples * n, family.latentDim]),
        );
        // The sum over images of each image's mean ELBO: every image's gradient is its own.
        return tf.neg(tf.div(tf.sum(logW), config.samples)) as tf.Scalar;
      });
    const record = step % config.traceEvery === 0 || step === config.steps;
    if (step === config.steps) {
      trace.push(-tf.tidy(objective).dataSync()[0]! / n);
      break;
    }
    const loss = optimizer.minimize(objective, record, Object.values(variables) as tf.Variable[]);
    if (loss) {
      trace.push(-loss.dataSync()[0]! / n);
      loss.dispose();
    }
  }
  optimizer.dispose();
  return { encoding: variables, trace };
}

/** The study on every image of `data` [n, inputDim], `config.batchSize` images at a time. */
export function inferenceGaps<E extends Record<string, tf.Tensor2D>>(
  family: AmortizedPosterior<E>,
  data: Float32Array,
  config: InferenceGapConfig,
): InferenceGaps {
  if (family.latentDim !== 2) throw new Error(`inferenceGaps: the grid needs a 2-D latent, not ${family.latentDim}-D`);
  const dim = family.inputDim;
  const n = data.length / dim;
  const rng = new Rng(config.seed, 0x6a95);
  const logEvidence = new Float64Array(n);
  const amortizedElbo = new Float64Array(n);
  const optimizedElbo = new Float64Array(n);
  const borders = new Float64Array(n);
  const traceSums: number[][] = [[], []];
  let restartWins = 0;
  for (let start = 0; start < n; start += config.batchSize) {
    const end = Math.min(n, start + config.batchSize);
    const x = sliceRows(data, dim, start, end);
    const grid = gridLogEvidence((z) => family.decodeLogits(z), x, config.grid);
    const amortized = tf.tidy(() => family.encode(x));
    const atMode = tf.tidy(() => family.recentre(amortized, tf.tensor2d(grid.mode, [end - start, 2])));
    const fromEncoder = optimizeEncoding(family, x, amortized, config, rng);
    const fromMode = optimizeEncoding(family, x, atMode, config, rng);
    const [a, e, m] = elboEstimates(
      family,
      x,
      [amortized, fromEncoder.encoding, fromMode.encoding],
      config.evalSamples,
      rng,
    );
    amortizedElbo.set(a!, start);
    optimizedElbo.set(
      e!.map((v, i) => Math.max(v, m![i]!)),
      start,
    );
    restartWins += m!.filter((v, i) => v > e![i]!).length;
    logEvidence.set(grid.logEvidence, start);
    borders.set(grid.borderMass, start);
    const weight = end - start;
    [fromEncoder.trace, fromMode.trace].forEach((trace, t) => {
      traceSums[t] = trace.map((v, j) => (traceSums[t]![j] ?? 0) + v * weight);
    });
    tf.dispose(
      [x, amortized, atMode, fromEncoder.encoding, fromMode.encoding].flatMap((e) =>
        e instanceof tf.Tensor ? [e] : Object.values(e),
      ),
    );
  }
  const traced = (sums: number[]) =>
    sums.map((v, j) => ({ step: Math.min(j * config.traceEvery, config.steps), elbo: v / n }));
  return {
    logEvidence,
    amortizedElbo,
    optimizedElbo,
    trace: traced(traceSums[0]!),
    restartTrace: traced(traceSums[1]!),
    restartWins,
    borderMass: Math.max(...borders),
  };
}
