/**
 * The M2 runs of the post "Semi-supervised Learning with Variational Autoencoders"
 * (content/posts/semi-supervised-vae), on mnist-10k: `m2-l<labels>-s<seed>`, M2 trained with
 * `labels` class-balanced labelled training images drawn by the seed and the rest of the training
 * split unlabelled, the epoch chosen by validation accuracy. Each writes its results (test error,
 * per-image correctness for paired comparisons, the confusion matrix, the bounds, the validation
 * curve); the demo's run also exports its three networks and the style directions of its sliders
 * (m2/style.ts).
 */
import { spread } from '../data/index.ts';
import { trainAndEvaluateM2, type M2TrainingConfig } from '../m2/fit.ts';
import { exportM2 } from '../export/m2.ts';
import { m2Record } from '../m2/record.ts';
import { styleDirections } from '../m2/style.ts';
import { disposeM2 } from '../models/m2.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { DEMO_RUN, HOME, m2RunName } from './m2-plan.ts';

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

const shared = { latentDim: 50, hidden: [500], alphaScale: 1, batchSize: 100, labelledBatch: 100, learningRate: 1e-3 };

export function m2Run(labels: number, seed: number): Experiment<M2ExperimentConfig> {
  const name = m2RunName(labels, seed);
  const exportModels = labels === DEMO_RUN.labels && seed === DEMO_RUN.seed;
  return {
    name,
    description: `M2 with ${labels} labelled training images (seed ${seed}), the rest unlabelled, on mnist-10k`,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: {
      smoke: {
        ...shared,
        seed,
        labels,
        hidden: [64],
        latentDim: 8,
        maxEpochs: 2,
        patience: 2,
        trainLimit: Math.max(500, 2 * labels),
        evalLimit: 100,
        exportModels,
      },
      full: { ...shared, seed, labels, maxEpochs: 100, patience: 20, exportModels },
    },
    run: (ctx) => run(name, ctx),
  };
}
