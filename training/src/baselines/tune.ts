/**
 * Each baseline's hyperparameters chosen on the validation split from a small grid, then scored
 * once on test. The baselines learn from the labelled images only (PCA's inputs aside: see pca.ts),
 * so they show what the unlabelled images add for M2.
 */
import { join } from 'node:path';
import type { ImageSet } from '../data/index.ts';
import type { Progress } from '../train/progress.ts';
import { nearestNeighbours, vote } from './knn.ts';
import { fitLogistic, logisticClassify } from './logistic.ts';
import { classifyImages, createMlpClassifier, trainMlpClassifier, type MlpTraining } from './mlp-classifier.ts';
import { project, type Pca } from '../linalg/pca.ts';
import { correctness, errorPercent } from '../train/scores.ts';

export interface GridPoint<S> {
  setting: S;
  /** Validation error, %. */
  validationError: number;
}

export interface TunedBaseline<S> {
  /** The setting with the lowest validation error. */
  chosen: S;
  validationError: number;
  /** The chosen setting's test error, %. */
  testError: number;
  /** 1 where the chosen setting classifies test image i rightly, in test order (for paired comparisons). */
  testCorrect: Uint8Array;
  /** Every setting tried, in grid order. */
  grid: GridPoint<S>[];
}

export interface BaselineSplits {
  /** The labelled training images, the only labels any baseline sees. */
  labelled: ImageSet;
  validation: ImageSet;
  test: ImageSet;
}

/** The lowest validation error; a tie goes to the earliest point, so grids list simpler settings first. */
export function chooseOnValidation<S>(grid: readonly GridPoint<S>[]): GridPoint<S> {
  if (grid.length === 0) throw new Error('chooseOnValidation: empty grid');
  return grid.reduce((best, point) => (point.validationError < best.validationError ? point : best));
}

/** PCA coordinates of every split, computed once for the largest dimension of a grid. */
function pcaFeatures(pca: Pca, splits: BaselineSplits, dims: readonly number[]) {
  const width = Math.max(...dims);
  const of = (set: ImageSet) => {
    const all = project(pca, set.images, width);
    return (d: number) => leadingColumns(all, width, d);
  };
  return { labelled: of(splits.labelled), validation: of(splits.validation), test: of(splits.test) };
}

/** The first d columns of rows [n, width]. */
function leadingColumns(rows: Float32Array, width: number, d: number): Float32Array {
  const n = rows.length / width;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) out.set(rows.subarray(i * width, i * width + d), i * d);
  return out;
}

export interface KnnGrid {
  /** PCA dimensions, smallest first. */
  dims: number[];
  /** Neighbour counts, smallest first. */
  ks: number[];
}

/** k-NN in PCA space over dims × ks. */
export function tuneKnn(pca: Pca, splits: BaselineSplits, grid: KnnGrid): TunedBaseline<{ dim: number; k: number }> {
  const features = pcaFeatures(pca, splits, grid.dims);
  const widest = Math.max(...grid.ks);
  const predict = (d: number, queries: Float32Array) => {
    const neighbours = nearestNeighbours(features.labelled(d), queries, d, widest);
    return (k: number) => vote(neighbours, widest, splits.labelled.labels, k);
  };
  const points = grid.dims.flatMap((dim) => {
    const byK = predict(dim, features.validation(dim));
    return grid.ks.map((k) => ({
      setting: { dim, k },
      validationError: errorPercent(correctness(byK(k), splits.validation.labels)),
    }));
  });
  const best = chooseOnValidation(points);
  const testCorrect = correctness(
    predict(best.setting.dim, features.test(best.setting.dim))(best.setting.k),
    splits.test.labels,
  );
  return {
    chosen: best.setting,
    validationError: best.validationError,
    testError: errorPercent(testCorrect),
    testCorrect,
    grid: points,
  };
}

export interface LogisticGrid {
  /** PCA dimensions, smallest first. */
  dims: number[];
  /** L2 penalties, largest (simplest model) first. */
  lambdas: number[];
}

/** Multinomial logistic regression on PCA coordinates over dims × λ. */
export function tuneLogistic(
  pca: Pca,
  splits: BaselineSplits,
  grid: LogisticGrid,
): TunedBaseline<{ dim: number; lambda: number }> {
  const features = pcaFeatures(pca, splits, grid.dims);
  const fit = (dim: number, lambda: number) =>
    fitLogistic(features.labelled(dim), splits.labelled.labels, dim, { lambda });
  const points = grid.dims.flatMap((dim) =>
    grid.lambdas.map((lambda) => ({
      setting: { dim, lambda },
      validationError: errorPercent(
        correctness(logisticClassify(fit(dim, lambda), features.validation(dim)), splits.validation.labels),
      ),
    })),
  );
  const best = chooseOnValidation(points);
  const { dim, lambda } = best.setting;
  const testCorrect = correctness(logisticClassify(fit(dim, lambda), features.test(dim)), splits.test.labels);
  return {
    chosen: best.setting,
    validationError: best.validationError,
    testError: errorPercent(testCorrect),
    testCorrect,
    grid: points,
  };
}

export interface MlpGrid {
  /** Hidden widths, smallest first. */
  hidden: number[];
  /** Weight decays, largest first. */
  weightDecays: number[];
}

export interface MlpRunOptions {
  /** Names the runs in progress lines and checkpoint files. */
  label: string;
  /** Where each setting's checkpoint goes (one file per setting); none for throwaway runs. */
  checkpointDir?: string | undefined;
  /** The experiment's run key; each setting's is derived from it. */
  runKey: string;
  progress?: Progress;
}

/**
 * MLP classifiers on pixels over hidden × weight decay, each trained with early stopping on
 * validation; `chosen` is scored on test with its best-validation weights.
 */
export async function tuneMlp(
  splits: BaselineSplits,
  grid: MlpGrid,
  training: Omit<MlpTraining, 'weightDecay'>,
  run: MlpRunOptions,
): Promise<TunedBaseline<{ hidden: number; weightDecay: number }> & { bestEpochs: number[] }> {
  const inputs = splits.labelled.height * splits.labelled.width;
  const points: GridPoint<{ hidden: number; weightDecay: number }>[] = [];
  const bestEpochs: number[] = [];
  let kept: { testCorrect: Uint8Array; validationError: number } | undefined;
  for (const hidden of grid.hidden) {
    for (const weightDecay of grid.weightDecays) {
      const name = `${run.label}-h${hidden}-wd${weightDecay}`;
      const model = createMlpClassifier(inputs, hidden, 10, training.seed);
      const result = await trainMlpClassifier(
        model,
        splits.labelled,
        splits.validation,
        { ...training, weightDecay },
        {
          label: name,
          checkpointPath: run.checkpointDir === undefined ? undefined : join(run.checkpointDir, `${name}.ckpt`),
          runKey: `${run.runKey}/${name}`,
          ...(run.progress ? { progress: run.progress } : {}),
        },
      );
      const validationError = errorPercent(
        correctness(classifyImages(model, splits.validation).predicted, splits.validation.labels),
      );
      points.push({ setting: { hidden, weightDecay }, validationError });
      bestEpochs.push(result.bestEpoch);
      // Only the best model so far is scored on test; the test error of the others is never looked at.
      if (kept === undefined || validationError < kept.validationError) {
        kept = {
          validationError,
          testCorrect: correctness(classifyImages(model, splits.test).predicted, splits.test.labels),
        };
      }
      model.params.dispose();
    }
  }
  const best = chooseOnValidation(points);
  return {
    chosen: best.setting,
    validationError: best.validationError,
    testError: errorPercent(kept!.testCorrect),
    testCorrect: kept!.testCorrect,
    grid: points,
    bestEpochs,
  };
}
