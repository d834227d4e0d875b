/**
 * The supervised baselines of the semi-supervised post (`m2-baselines`), on the same labelled
 * subsets as the M2 runs (labelledSplit draws them from the seed alone): an MLP on the labelled
 * pixels, and PCA features (fitted on every training image, labels unused) with k-nearest
 * neighbours or logistic regression. Each one's hyperparameters are chosen on the validation split
 * from a small grid (baselines/tune.ts); the test split scores the choice once.
 */
import type { ImageSet } from '../data/index.ts';
import { spread } from '../data/index.ts';
import { labelledSplit } from '../data/labelled-subset.ts';
import { fitPca } from '../linalg/pca.ts';
import { tuneKnn, tuneLogistic, tuneMlp, type KnnGrid, type LogisticGrid, type MlpGrid } from '../baselines/tune.ts';
import type { MlpTraining } from '../baselines/mlp-classifier.ts';
import type { Experiment } from './types.ts';
import { HOME } from './m2-plan.ts';

export interface M2BaselinesConfig {
  labelCounts: number[];
  seeds: number[];
  knn: KnnGrid;
  logistic: LogisticGrid;
  mlp: MlpGrid & Omit<MlpTraining, 'weightDecay' | 'seed'>;
  /** Use n training images spread over the split (smoke runs); undefined for all. */
  trainLimit?: number;
  /** Evaluate on n validation/test images spread over each split (smoke runs); undefined for all. */
  evalLimit?: number;
}

const limited = (set: ImageSet, limit: number | undefined) => (limit === undefined ? set : spread(set, limit));

/** The tuned result without the typed array, for JSON. */
const plain = <T extends { testCorrect: Uint8Array }>(tuned: T) => ({
  ...tuned,
  testCorrect: Array.from(tuned.testCorrect),
});

/** The experiment over `labelCounts` × `seeds` (the plan's, passed in so that the module does not read it). */
export function m2Baselines(labelCounts: number[], seeds: number[]): Experiment<M2BaselinesConfig> {
  const grids = {
    knn: { dims: [10, 20, 30, 50], ks: [1, 3, 5, 10] },
    logistic: { dims: [10, 20, 30, 50, 100], lambdas: [1, 0.1, 0.01, 0.001, 1e-4] },
  };
  const mlp = { batchSize: 100, learningRate: 1e-3 };
  return {
    name: 'm2-baselines',
    description: 'Supervised baselines on the labelled subsets: MLP, PCA + kNN, PCA + logistic regression',
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: {
      smoke: {
        labelCounts,
        seeds,
        knn: { dims: [5, 10], ks: [1, 3] },
        logistic: { dims: [5, 10], lambdas: [0.1] },
        mlp: { hidden: [32], weightDecays: [0], ...mlp, maxEpochs: 3, patience: 2 },
        trainLimit: 2000,
        evalLimit: 100,
      },
      full: {
        labelCounts,
        seeds,
        ...grids,
        mlp: { hidden: [100, 500], weightDecays: [1e-3, 0], ...mlp, maxEpochs: 300, patience: 30 },
      },
    },
    async run(ctx) {
      const { config, out } = ctx;
      const splits = ctx.data();
      const train = limited(splits.train, config.trainLimit);
      const validation = limited(splits.validation, config.evalLimit);
      const test = limited(splits.test, config.evalLimit);
      const dim = train.height * train.width;
      const started = performance.now();
      const pca = fitPca(train.images, dim, Math.max(...config.knn.dims, ...config.logistic.dims));
      const pcaSeconds = (performance.now() - started) / 1000;
      const { hidden, weightDecays, ...training } = config.mlp;
      const runs = [];
      for (const labels of config.labelCounts) {
        for (const seed of config.seeds) {
          const { labelled, indices } = labelledSplit(train, labels, seed);
          const sets = { labelled, validation, test };
          const label = `m2-baselines-l${labels}-s${seed}`;
          const mlpRun = await tuneMlp(
            sets,
            { hidden, weightDecays },
            { ...training, seed },
            { label, checkpointDir: ctx.checkpointDir, runKey: ctx.runKey, progress: ctx.progress },
          );
          const knn = tuneKnn(pca, sets, config.knn);
          const logistic = tuneLogistic(pca, sets, config.logistic);
          ctx.progress.log(
            `${label}: test error MLP ${mlpRun.testError.toFixed(1)}%, kNN ${knn.testError.toFixed(1)}%, logistic ${logistic.testError.toFixed(1)}%`,
          );
          runs.push({
            labels,
            seed,
            labelledIndices: indices,
            mlp: plain(mlpRun),
            knn: plain(knn),
            logistic: plain(logistic),
          });
        }
      }
      const path = await out.writeJson(out.results, {
        ...ctx.metadata,
        config,
        data: { train: train.n, validation: validation.n, test: test.n },
        pca: { explainedVariance: Array.from(pca.variances, (v) => v / pca.totalVariance), seconds: pcaSeconds },
        seconds: (performance.now() - started) / 1000,
        runs,
      });
      return [path];
    },
  };
}
