/**
 * The M2 runs of the post "Semi-supervised Learning with Variational Autoencoders"
 * (content/posts/semi-supervised-vae), on mnist-10k: `m2-l<labels>-s<seed>`, M2 trained with
 * `labels` class-balanced labelled training images drawn by the seed and the rest of the training
 * split unlabelled, the epoch chosen by validation accuracy. Each writes its results (test error,
 * per-image correctness for paired comparisons, the confusion matrix, the bounds, the validation
 * curve); the demo's run also exports its three networks and the style directions of its sliders
 * (m2/style.ts). α, the weight of the classification term, is chosen on validation by a sweep
 * (`m2-alpha-<α>`) at the smallest budget, on a seed of its own.
 */
import { spread } from '../data/index.ts';
import { trainAndEvaluateM2, type M2TrainingConfig } from '../m2/fit.ts';
import { exportM2 } from '../export/m2.ts';
import { m2Record } from '../m2/record.ts';
import { styleDirections } from '../m2/style.ts';
import { disposeM2 } from '../models/m2.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { DEMO_RUN, HOME, m2AlphaRunName, m2RunName } from './m2-plan.ts';

export interface M2ExperimentConfig extends M2TrainingConfig {
  /** Export the classifier, encoder and decoder for the demo. */
  exportModels: boolean;
}

/** Style sliders in the demo. */
const STYLE_SLIDERS = 4;

async function run(name: string, ctx: ExperimentContext<M2ExperimentConfig>): Promise<string[]> {
  const { config, out } = ctx;
  const splits = ctx.data();
  const trained = await trainAndEvaluateM2({ name, ...ctx }, config, splits);
  const written: string[] = [];
  let parity: number | undefined;
  if (config.exportModels) {
    const exported = await exportM2(trained.model, spread(splits.test, 20).images, {
      ...ctx.metadata,
      labels: String(config.labels),
      best_epoch: String(trained.result.bestEpoch),
      test_error: trained.testError.toFixed(4),
    });
    parity = exported.parity;
    written.push(await out.write(out.model('classifier'), exported.classifier));
    written.push(await out.write(out.model('encoder'), exported.encoder));
    written.push(await out.write(out.model('decoder'), exported.decoder));
    const { inputDim, latentDim, classes } = trained.model.config;
    const images = config.evalLimit === undefined ? splits.test.images : spread(splits.test, config.evalLimit).images;
    written.push(
      await out.writeJson(out.data, {
        experiment: ctx.metadata.experiment,
        inputDim,
        latentDim,
        classes,
        style: styleDirections(trained.model, images, STYLE_SLIDERS),
      }),
    );
  }
  written.push(
    await out.writeJson(out.results, {
      ...ctx.metadata,
      config,
      ...(parity === undefined ? {} : { onnxParityMaxDiff: parity }),
      ...m2Record(trained),
    }),
  );
  disposeM2(trained.model);
  return written;
}

const shared = { latentDim: 50, hidden: [500], batchSize: 100, labelledBatch: 100, learningRate: 1e-3 };
const smoke = { hidden: [64], latentDim: 8, maxEpochs: 2, patience: 2, trainLimit: 2000, evalLimit: 100 };
const full = { maxEpochs: 100, patience: 20 };

/**
 * α chosen on validation: the sweep run with the highest validation accuracy (the smaller α on a
 * tie). `sweeps` are the sweep runs' results.
 */
export function chooseAlpha(sweeps: readonly { config: { alphaScale: number }; validationAccuracy: number }[]): number {
  if (sweeps.length === 0) throw new Error('chooseAlpha: no sweep runs');
  const best = [...sweeps].sort(
    (a, b) => b.validationAccuracy - a.validationAccuracy || a.config.alphaScale - b.config.alphaScale,
  )[0]!;
  return best.config.alphaScale;
}

/**
 * One run of the α sweep (`m2-alpha-<α>`): the budget and seed of `plan`, this α. The sweep's seed
 * draws its own labelled subset, so that no reported run is also the one its α was chosen on.
 */
export function m2AlphaRun(alphaScale: number, plan: { labels: number; seed: number }): Experiment<M2ExperimentConfig> {
  const name = m2AlphaRunName(alphaScale);
  const config = { ...shared, seed: plan.seed, labels: plan.labels, alphaScale, exportModels: false };
  return {
    name,
    description: `M2 with α = ${alphaScale} N, ${plan.labels} labels (seed ${plan.seed}): the sweep that chooses α on validation`,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    run: (ctx) => run(name, ctx),
  };
}

/** One reported run: `labels` labels, one seed, α chosen on validation by the `sweep` runs. */
export function m2Run(labels: number, seed: number, sweep: readonly string[]): Experiment<M2ExperimentConfig> {
  const name = m2RunName(labels, seed);
  const exportModels = labels === DEMO_RUN.labels && seed === DEMO_RUN.seed;
  // alphaScale is a placeholder: the run takes the sweep's choice (the sweep's outputs key its cache).
  const config = { ...shared, seed, labels, alphaScale: Number.NaN, exportModels };
  return {
    name,
    description: `M2 with ${labels} labelled training images (seed ${seed}), the rest unlabelled, on mnist-10k`,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    after: sweep,
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    run: (ctx) => {
      const alphaScale = chooseAlpha(
        sweep.map((n) => {
          const upstream = ctx.upstream(n);
          return upstream.readJson<{ config: { alphaScale: number }; validationAccuracy: number }>(upstream.results);
        }),
      );
      return run(name, { ...ctx, config: { ...ctx.config, alphaScale } });
    },
  };
}
