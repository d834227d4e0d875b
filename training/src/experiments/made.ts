/**
 * The training runs of the post "Autoregressive Autoencoders" (content/posts/made), all on
 * mnist-10k with Adam 1e-3, batch 100, at most 200 epochs and early stopping after 20 without a
 * better validation log-likelihood:
 *
 * - `made-<1x500|2x500>-fixed-s<seed>`: one mask, the natural (raster) ordering;
 * - `made-<1x500|2x500>-sampled-s<seed>`: a fresh ordering and connectivity per mini-batch,
 *   evaluated with ensembles of 1, 2, 4, 8, 16 and 32 masks (validation: 8).
 *
 * Each writes its results; the seed-1 runs also draw samples, and the demo's run exports its model
 * (masks as inputs) with the degrees of its first masks for the page.
 */
import { masksFromDegrees } from '@bounded-rationality/core/made/masks.ts';
import { mean } from '@bounded-rationality/core/stats/summary.ts';
import { spread } from '../data/index.ts';
import { Rng } from '../runtime/rng.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { madeSample, maskTensors } from '../models/made.ts';
import { trainAndEvaluateMade, type MadeRun, type MadeTrainingConfig, type MaskMode } from '../made/fit.ts';
import { exportMade } from '../export/made.ts';
import type { Artifacts } from '../artifacts.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import { ARCHITECTURES, DEMO_RUN, ENSEMBLES, HOME, madeRunName, type Architecture } from './made-plan.ts';

export interface MadeExperimentConfig extends MadeTrainingConfig {
  /** Samples drawn for the figure; 0 for none. */
  samples: number;
  /** Export the model and the degrees of this many pool masks for the demos; 0 for none. */
  exportMasks: number;
}

/** figures/<run>.samples.png: samples under the pool's first mask, pixel by pixel in its ordering. */
async function samplesFigure(out: Artifacts, run: MadeRun, count: number, seed: number): Promise<string> {
  const { dim } = run.model.config;
  const degrees = run.pool[0]!;
  const order = Array.from({ length: dim }, (_, d) => d).sort((a, b) => degrees.inputs[a]! - degrees.inputs[b]!);
  const masks = maskTensors(run.model, masksFromDegrees(degrees));
  const rng = new Rng(seed, 0x5a3);
  const uniforms = Float32Array.from({ length: count * dim }, () => rng.uniform());
  const images = madeSample(run.model, masks, order, uniforms);
  for (const t of [...masks.hidden, masks.output, masks.direct]) t.dispose();
  const columns = Math.ceil(Math.sqrt(count));
  return out.write(
    out.figure('samples', 'png'),
    imageGridPng({ images, n: count, columns, height: 28, width: 28, scale: 2 }),
  );
}

async function run(name: string, ctx: ExperimentContext<MadeExperimentConfig>): Promise<string[]> {
  const { config, out } = ctx;
  const splits = ctx.data();
  const trained = await trainAndEvaluateMade({ name, ...ctx }, config, splits);
  const written: string[] = [];
  let parity: number | undefined;

  if (config.samples > 0) written.push(await samplesFigure(out, trained, config.samples, config.seed));

  if (config.exportMasks > 0) {
    const best = trained.ensembles[trained.ensembles.length - 1]!;
    const exported = await exportMade(
      trained.model,
      { images: spread(splits.test, 8).images, masks: masksFromDegrees(trained.pool[0]!) },
      {
        ...ctx.metadata,
        hidden: config.hidden.join('x'),
        best_epoch: String(trained.result.bestEpoch),
        test_nll_nats: best.test.nll.toFixed(3),
        ensemble_masks: String(best.masks),
      },
    );
    parity = exported.parity;
    written.push(await out.write(out.model('conditionals'), exported.bytes));
    written.push(
      await out.writeJson(out.data, {
        experiment: ctx.metadata.experiment,
        hidden: config.hidden,
        masks: trained.pool.slice(0, config.exportMasks),
      }),
    );
  }

  const { result } = trained;
  written.push(
    await out.writeJson(out.results, {
      ...ctx.metadata,
      config,
      data: trained.data,
      epochs: { trained: result.history.length, best: result.bestEpoch, stoppedEarly: result.stoppedEarly },
      seconds: {
        training: trained.trainSeconds,
        perEpochMean: mean(result.history.map((h) => h.seconds)),
        evaluation: trained.evalSeconds,
      },
      validationLogLikelihood: result.bestValidation,
      ensembles: trained.ensembles,
      singleMaskTestNll: trained.singleMaskTestNll,
      naturalOrderTestNll: trained.naturalOrderTestNll,
      autoregressive: trained.autoregressive,
      ...(parity === undefined ? {} : { onnxParityMaxRelDiff: parity }),
      testNllPerImage: trained.testNllPerImage,
      history: result.history,
    }),
  );
  trained.model.params.dispose();
  return written;
}

const optimiser = { batchSize: 100, learningRate: 1e-3 };

export function madeRun(architecture: Architecture, masks: MaskMode, seed: number): Experiment<MadeExperimentConfig> {
  const name = madeRunName(architecture, masks, seed);
  const hidden = [...ARCHITECTURES[architecture]];
  const sampled = masks === 'sampled';
  const isDemo = architecture === DEMO_RUN.architecture && masks === DEMO_RUN.masks && seed === DEMO_RUN.seed;
  const base = { ...optimiser, seed, masks };
  return {
    name,
    description: `MADE ${architecture}, ${sampled ? 'sampled orderings and connectivity' : 'one fixed mask'}, seed ${seed}, on mnist-10k`,
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    profiles: {
      smoke: {
        ...base,
        hidden: hidden.map(() => 64),
        maxEpochs: 2,
        patience: 2,
        ensembles: sampled ? [1, 2, 4] : [1],
        validationMasks: sampled ? 2 : 1,
        trainLimit: 500,
        evalLimit: 100,
        samples: seed === 1 ? 4 : 0,
        exportMasks: isDemo ? 2 : 0,
      },
      full: {
        ...base,
        hidden,
        maxEpochs: 200,
        patience: 20,
        ensembles: sampled ? ENSEMBLES : [1],
        validationMasks: sampled ? 8 : 1,
        samples: seed === 1 ? 25 : 0,
        exportMasks: isDemo ? 8 : 0,
      },
    },
    run: (ctx) => run(name, ctx),
  };
}
