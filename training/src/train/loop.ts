/**
 * The training loop: Adam on mini-batches, validation after every epoch, early stopping on the
 * validation score (never the test set), and a checkpoint after every epoch so that an
 * interrupted run resumes where it stopped and ends exactly as an uninterrupted one would.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../runtime/rng.ts';
import type { Params, ParamArray } from '../nn/params.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { gatherRows } from './batches.ts';
import { adam } from './adam.ts';
import { silentProgress, type Progress } from './progress.ts';

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  /** Validation score after the epoch; higher is better. */
  validation: number;
  seconds: number;
}

export interface TrainOptions {
  label: string;
  params: Params;
  /** Mean loss of one batch x [batch, dim]; `rng` supplies the batch's noise. Runs inside tf.tidy. */
  loss: (x: tf.Tensor2D, rng: Rng) => tf.Scalar;
  /** Validation score of the current parameters, higher is better (e.g. mean ELBO). */
  validate: () => number;
  /** Training rows, row-major [n, dim]. */
  data: Float32Array;
  dim: number;
  batchSize: number;
  maxEpochs: number;
  /** Stop after this many epochs without a better validation score. */
  patience: number;
  learningRate: number;
  seed: number;
  /** Where to keep the checkpoint; none for throwaway runs. */
  checkpointPath?: string | undefined;
  /** Identifies the run's configuration and data: a checkpoint made under another key is ignored. */
  runKey: string;
  progress?: Progress;
  /** Stop after this epoch (tests use it to simulate an interruption). */
  stopAfterEpoch?: number;
}

export interface TrainResult {
  history: EpochRecord[];
  bestEpoch: number;
  bestValidation: number;
  /** Epochs already done when this process started (0 for a fresh run). */
  resumedFrom: number;
  /** Whether the run ended early for lack of improvement. */
  stoppedEarly: boolean;
}

interface LoopState {
  runKey: string;
  epoch: number;
  history: EpochRecord[];
  bestEpoch: number;
  bestValidation: number;
}

const prefixed = (prefix: string, arrays: Record<string, ParamArray>) =>
  Object.fromEntries(Object.entries(arrays).map(([k, v]) => [`${prefix}${k}`, v]));
const unprefixed = (prefix: string, arrays: Record<string, ParamArray>) =>
  Object.fromEntries(
    Object.entries(arrays)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );

/** Adam's state (step count, then moments) keyed by position: it restores them by order, not name. */
async function optimizerArrays(optimizer: tf.Optimizer): Promise<Record<string, ParamArray>> {
  const out: Record<string, ParamArray> = {};
  (await optimizer.getWeights()).forEach(({ tensor }, i) => {
    out[String(i).padStart(5, '0')] = { shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync()) };
  });
  return out;
}

/**
 * Train `params` in place. On return they hold the best parameters found (by validation score).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { params, data, dim, batchSize, maxEpochs, patience, progress = silentProgress } = options;
  const n = data.length / dim;
  if (!Number.isInteger(n) || n === 0) throw new Error(`Training data of ${data.length} values is not rows of ${dim}`);
  const batches = Math.ceil(n / batchSize);
  const optimizer = adam(options.learningRate);

  let state: LoopState = { runKey: options.runKey, epoch: 0, history: [], bestEpoch: 0, bestValidation: -Infinity };
  let best = params.toArrays();
  const saved = options.checkpointPath ? await loadCheckpoint<LoopState>(options.checkpointPath) : undefined;
  if (saved && saved.state.runKey === options.runKey) {
    state = saved.state;
    params.assign(unprefixed('param/', saved.tensors));
    best = unprefixed('best/', saved.tensors);
    const adam = unprefixed('adam/', saved.tensors);
    await optimizer.setWeights(
      Object.keys(adam)
        .sort()
        .map((key) => ({ name: key, tensor: tf.tensor(adam[key]!.data, adam[key]!.shape) })),
    );
    progress.log(`${options.label}: resuming after epoch ${state.epoch} from ${options.checkpointPath}`);
  } else if (saved) {
    progress.log(`${options.label}: the checkpoint is from another configuration; starting over`);
  }
  const resumedFrom = state.epoch;

  let stoppedEarly = false;
  for (let epoch = state.epoch + 1; epoch <= maxEpochs; epoch++) {
    if (epoch - state.bestEpoch > patience && state.bestEpoch > 0) {
      stoppedEarly = true;
      break;
    }
    // One generator per epoch: a resumed run draws exactly what an uninterrupted one would.
    const rng = new Rng(options.seed, epoch);
    const order = rng.permutation(n);
    const started = performance.now();
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const rows = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
      const cost = tf.tidy(() => {
        const x = gatherRows(data, dim, rows);
        return optimizer.minimize(() => options.loss(x, rng), true, params.list())!;
      });
      lossSum += (await cost.data())[0]!;
      cost.dispose();
      progress.step({
        label: options.label,
        epoch,
        maxEpochs,
        batch: b + 1,
        batches,
        loss: lossSum / (b + 1),
        elapsed: (performance.now() - started) / 1000,
      });
    }
    const validation = options.validate();
    const record = { epoch, trainLoss: lossSum / batches, validation, seconds: (performance.now() - started) / 1000 };
    state.history.push(record);
    state.epoch = epoch;
    if (validation > state.bestValidation) {
      state.bestValidation = validation;
      state.bestEpoch = epoch;
      best = params.toArrays();
    }
    progress.log(
      `${options.label} epoch ${epoch}: train loss ${record.trainLoss.toFixed(3)}, validation ${validation.toFixed(3)}` +
        `${state.bestEpoch === epoch ? ' (best)' : ''}, ${record.seconds.toFixed(1)} s`,
    );
    if (options.checkpointPath) {
      await saveCheckpoint(options.checkpointPath, {
        state,
        tensors: {
          ...prefixed('param/', params.toArrays()),
          ...prefixed('best/', best),
          ...prefixed('adam/', await optimizerArrays(optimizer)),
        },
      });
    }
    if (options.stopAfterEpoch === epoch) break;
  }
  optimizer.dispose();
  params.assign(best);
  return {
    history: state.history,
    bestEpoch: state.bestEpoch,
    bestValidation: state.bestValidation,
    resumedFrom,
    stoppedEarly,
  };
}
