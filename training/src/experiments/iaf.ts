/**
 * The experiments of the post "Variational Autoencoders with Inverse Autoregressive Flows"
 * (content/posts/vae-iaf), all on mnist-10k with the same encoder/decoder (784-500-500, ReLU),
 * Adam 1e-3, batch 100, and the same budget (at most 100 epochs, early stopping after 15 without a
 * better validation ELBO):
 *
 * - `iaf-z32-t{0,1,2,4}-s{1,2,3}`: latent dimension 32 with T = 0 (the diagonal-Gaussian VAE), 1,
 *   2 or 4 IAF steps (each a MADE with one hidden layer of 500 conditioned on a 50-dimensional
 *   context from the encoder), three seeds each. Results only; the summary gathers them.
 * - `iaf-z32-summary`: the main table (mean ± standard deviation over seeds) and the validation
 *   curves, from those runs' results files.
 * - `iaf-z2-t0`, `iaf-z2-t4`: latent dimension 2, for the posterior study and the demos; each
 *   exports its decoder and its posterior sampler.
 * - `iaf-z2-posteriors`: for a few test digits, the true posterior on a grid beside samples from
 *   each 2-D model's q(z|x), computed with the exported models (the ones the demo runs), and the
 *   per-digit evidence, ELBO and gap.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../data/index.ts';
import {
  createIafVae,
  decodeLogits,
  disposeIafVae,
  elboTerms,
  logImportanceWeights,
  posteriorSample,
  type IafVae,
} from '../models/iaf.ts';
import { exportVaeDecoder } from '../export/vae-decoder.ts';
import { exportIafPosterior } from '../export/iaf-posterior.ts';
import { createSession, runModel } from '../onnx/run.ts';
import { mean } from '../train/evaluate.ts';
import { Rng } from '../runtime/rng.ts';
import { linePlot, type Series } from '../figures/svg-plot.ts';
import { posteriorFigure, type PosteriorRow } from '../figures/posterior-grid.ts';
import { writeFigure } from '../figures/write.ts';
import {
  latentGrid,
  logJoint,
  massWindow,
  normalizePosterior,
  type Extent,
} from '../../../site/lib/demo/posterior-grid.ts';
import type { Experiment, ExperimentContext } from './types.ts';
import {
  resultsRecord,
  spread,
  trainAndEvaluate,
  writeJson,
  type LatentModel,
  type LatentTrainingConfig,
} from './latent-model.ts';

export interface IafExperimentConfig extends LatentTrainingConfig {
  latentDim: number;
  hidden: number[];
  contextDim: number;
  steps: number;
  madeHidden: number[];
  forgetBias: number;
}

export interface IafSummaryConfig {
  steps: number[];
  seeds: number[];
}

export interface IafPosteriorsConfig {
  /** Test digits shown, spread evenly over the test split. */
  digits: number;
  /** Cells per side of the coarse search grid and of the fine grid. */
  coarseSide: number;
  fineSide: number;
  /** Half-width of the coarse grid, in prior standard deviations. */
  coarseExtent: number;
  /** Samples drawn from each q(z|x): dots in the figure, and the Monte Carlo estimates. */
  samplesShown: number;
  samplesForEstimates: number;
  seed: number;
}

const DIR = 'content/posts/vae-iaf';
const MODELS = `${DIR}/models`;
const FIGURES = `${DIR}/figures`;
const RESULTS = `${DIR}/results`;

const STEPS = [0, 1, 2, 4];
const SEEDS = [1, 2, 3];

const base = {
  hidden: [500, 500],
  contextDim: 50,
  madeHidden: [500],
  forgetBias: 1,
  batchSize: 100,
  learningRate: 1e-3,
};
const smoke = { maxEpochs: 2, patience: 2, trainLimit: 1000, evalLimit: 100, importanceSamples: 20 };
const full = { maxEpochs: 100, patience: 15, importanceSamples: 1000 };

function asLatentModel(model: IafVae): LatentModel {
  return {
    params: model.params,
    inputDim: model.config.inputDim,
    latentDim: model.config.latentDim,
    elboTerms: (x, eps) => elboTerms(model, x, eps),
    logImportanceWeights: (x, eps) => logImportanceWeights(model, x, eps),
    decodeLogits: (z) => decodeLogits(model, z),
    encodeTypical: (x) => posteriorSample(model, x, tf.zeros([x.shape[0], model.config.latentDim])).z,
  };
}

async function trainRun(name: string, ctx: ExperimentContext<IafExperimentConfig>) {
  const { config } = ctx;
  const splits = loadDataset('mnist-10k');
  const model = createIafVae(
    {
      inputDim: splits.train.height * splits.train.width,
      hidden: config.hidden,
      contextDim: config.contextDim,
      latentDim: config.latentDim,
      activation: 'relu',
      steps: config.steps,
      madeHidden: config.madeHidden,
      forgetBias: config.forgetBias,
    },
    config.seed,
  );
  const trained = await trainAndEvaluate(name, ctx, asLatentModel(model), splits);
  return { model, trained };
}

const runName = (latentDim: number, steps: number, seed?: number) =>
  `iaf-z${latentDim}-t${steps}${seed === undefined ? '' : `-s${seed}`}`;

function mainRun(steps: number, seed: number): Experiment<IafExperimentConfig> {
  const name = runName(32, steps, seed);
  const config = { ...base, seed, latentDim: 32, steps };
  return {
    name,
    description: `VAE with ${steps} IAF steps, latent dimension 32, seed ${seed}`,
    module: import.meta.url,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    async run(ctx) {
      const { model, trained } = await trainRun(name, ctx);
      const path = await writeJson(
        ctx.root,
        `${RESULTS}/${name}.json`,
        resultsRecord(ctx.metadata, ctx.config, trained, { parameters: model.params.count() }),
      );
      disposeIafVae(model);
      return [path];
    },
  };
}

function twoDimensionalRun(steps: number): Experiment<IafExperimentConfig> {
  const name = runName(2, steps);
  const config = { ...base, seed: 1, latentDim: 2, steps };
  return {
    name,
    description: `VAE with ${steps} IAF steps, latent dimension 2 (posterior study, demos)`,
    module: import.meta.url,
    dataset: 'mnist-10k',
    profiles: { smoke: { ...config, ...smoke }, full: { ...config, ...full } },
    async run(ctx) {
      const { model, trained } = await trainRun(name, ctx);
      const metadata = {
        ...ctx.metadata,
        latent_dim: '2',
        flow_steps: String(steps),
        best_epoch: String(trained.result.bestEpoch),
        test_nll_nats: trained.metrics.testNll.toFixed(3),
        test_elbo_nats: trained.metrics.testElbo.toFixed(3),
      };
      const decoder = `${MODELS}/${name}.decoder.onnx`;
      const posterior = `${MODELS}/${name}.posterior.onnx`;
      const decoderParity = await exportVaeDecoder(model, join(ctx.root, decoder), { ...metadata, role: 'decoder' });
      const posteriorParity = await exportIafPosterior(model, join(ctx.root, posterior), {
        ...metadata,
        role: 'posterior sampler',
      });
      const results = await writeJson(
        ctx.root,
        `${RESULTS}/${name}.json`,
        resultsRecord(ctx.metadata, ctx.config, trained, {
          parameters: model.params.count(),
          onnxParityMaxAbsDiff: { decoder: decoderParity, posterior: posteriorParity },
        }),
      );
      disposeIafVae(model);
      return [decoder, posterior, results];
    },
  };
}

interface RunResults {
  config: IafExperimentConfig;
  epochs: { best: number; trained: number };
  seconds: { perEpochMean: number };
  metrics: { testElbo: number; testNll: number; testKl: number; validationElbo: number };
  parameters: number;
  history: { epoch: number; validation: number }[];
}

function meanStd(values: number[]) {
  const m = mean(values);
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : 0;
  return { mean: m, std: sd, values };
}

const summary: Experiment<IafSummaryConfig> = {
  name: 'iaf-z32-summary',
  description: 'The main table (mean ± sd over seeds) and validation curves of the latent-32 runs',
  module: import.meta.url,
  dataset: 'mnist-10k',
  after: STEPS.flatMap((t) => SEEDS.map((s) => runName(32, t, s))),
  profiles: { smoke: { steps: STEPS, seeds: SEEDS }, full: { steps: STEPS, seeds: SEEDS } },
  async run(ctx) {
    const { root, config } = ctx;
    const read = (t: number, s: number): RunResults =>
      JSON.parse(readFileSync(join(root, `${RESULTS}/${runName(32, t, s)}.json`), 'utf8')) as RunResults;
    const rows = config.steps.map((steps) => {
      const runs = config.seeds.map((s) => read(steps, s));
      return {
        steps,
        seeds: config.seeds,
        parameters: runs[0]!.parameters,
        testNll: meanStd(runs.map((r) => r.metrics.testNll)),
        testElbo: meanStd(runs.map((r) => r.metrics.testElbo)),
        testKl: meanStd(runs.map((r) => r.metrics.testKl)),
        gap: meanStd(runs.map((r) => -r.metrics.testElbo - r.metrics.testNll)),
        secondsPerEpoch: meanStd(runs.map((r) => r.seconds.perEpochMean)),
        bestEpoch: meanStd(runs.map((r) => r.epochs.best)),
        runs,
      };
    });
    const table = await writeJson(root, `${RESULTS}/iaf-z32-summary.json`, {
      ...ctx.metadata,
      importanceSamples: rows[0]!.runs[0]!.config.importanceSamples,
      rows: rows.map(({ runs, ...row }) => ({ ...row, maxEpochs: runs[0]!.config.maxEpochs })),
    });

    // Validation ELBO per epoch: mean over seeds (while every seed is still training), ± 1 sd.
    const series: Series[] = rows.map((row) => {
      const epochs = Math.min(...row.runs.map((r) => r.history.length));
      const all = Array.from({ length: epochs }, (_, e) => {
        const at = meanStd(row.runs.map((r) => r.history[e]!.validation));
        return [e + 1, at.mean, at.std] as const;
      });
      // The first epochs sit far below the rest; start the plot where it is worth reading.
      const points = all.length > 5 ? all.slice(2) : all;
      return {
        name: row.steps === 0 ? 'VAE (T = 0)' : `IAF, T = ${row.steps}`,
        points: points.map(([e, m]) => [e, m] as const),
        band: points.map(([e, m, sd]) => [e, m - sd, m + sd] as const),
        dashed: row.steps === 0,
      };
    });
    const curves = await writeFigure(
      root,
      `${FIGURES}/validation-curves.svg`,
      linePlot({
        title: 'Validation ELBO during training, latent dimension 32 (mean ± sd over 3 seeds)',
        xLabel: 'epoch',
        yLabel: 'validation ELBO (nats per image)',
        series,
      }),
    );
    return [table, curves];
  },
};

/** Runs a model in onnxruntime-web (the browser's runtime) in batches; outputs by name, with their widths. */
async function runBatched(
  session: Awaited<ReturnType<typeof createSession>>,
  feeds: (start: number, end: number) => Record<string, { data: Float32Array; dims: number[] }>,
  n: number,
  outputs: Record<string, number>,
  batch = 1024,
): Promise<Record<string, Float32Array>> {
  const out = Object.fromEntries(Object.entries(outputs).map(([name, width]) => [name, new Float32Array(n * width)]));
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const result = await runModel(session, feeds(start, end));
    for (const [name, width] of Object.entries(outputs)) out[name]!.set(result[name]!.data, start * width);
  }
  return out;
}

const posteriors: Experiment<IafPosteriorsConfig> = {
  name: 'iaf-z2-posteriors',
  description: 'True posteriors on a grid beside q(z|x) samples of the 2-D models, with per-digit gaps',
  module: import.meta.url,
  dataset: 'mnist-10k',
  after: [runName(2, 0), runName(2, 4)],
  profiles: {
    smoke: {
      digits: 2,
      coarseSide: 24,
      fineSide: 24,
      coarseExtent: 5,
      samplesShown: 50,
      samplesForEstimates: 100,
      seed: 1,
    },
    full: {
      digits: 5,
      coarseSide: 80,
      fineSide: 72,
      coarseExtent: 5,
      samplesShown: 300,
      samplesForEstimates: 4000,
      seed: 1,
    },
  },
  async run(ctx) {
    const { root, config } = ctx;
    const { test } = loadDataset('mnist-10k');
    const digits = spread(test, config.digits);
    const dim = test.height * test.width;
    const models = [0, 4].map((steps) => ({
      steps,
      label: steps === 0 ? 'VAE: Gaussian q' : `IAF, T = ${steps}`,
      decoder: join(root, `${MODELS}/${runName(2, steps)}.decoder.onnx`),
      posterior: join(root, `${MODELS}/${runName(2, steps)}.posterior.onnx`),
    }));
    const rng = new Rng(config.seed, 0x9057);
    const rows: PosteriorRow[] = [];
    const stats: { index: number; label: number; models: Record<string, unknown>[] }[] = [];
    const sessions = await Promise.all(
      models.map(async (m) => ({
        decoder: await createSession(new Uint8Array(readFileSync(m.decoder))),
        posterior: await createSession(new Uint8Array(readFileSync(m.posterior))),
      })),
    );
    try {
      for (let k = 0; k < digits.n; k++) {
        const x = digits.images.subarray(k * dim, (k + 1) * dim);
        const row: PosteriorRow = { digit: x, panels: [] };
        const digitStats: Record<string, unknown>[] = [];
        for (const [i, m] of models.entries()) {
          const { decoder, posterior } = sessions[i]!;
          const evaluate = async (extent: Extent, side: number) => {
            const z = latentGrid(extent, side);
            const { probabilities } = await runBatched(
              decoder,
              (s, e) => ({ z: { data: z.subarray(2 * s, 2 * e), dims: [e - s, 2] } }),
              side * side,
              { probabilities: dim },
            );
            const joints = logJoint(x, probabilities!, z);
            return { joints, ...normalizePosterior(joints, extent, side) };
          };
          // Find where the mass is on a wide grid, then look closely there.
          const wide = config.coarseExtent;
          const coarseExtent: Extent = { x: [-wide, wide], y: [-wide, wide] };
          const coarse = await evaluate(coarseExtent, config.coarseSide);
          const window = massWindow(coarse.mass, coarseExtent, config.coarseSide);
          const fine = await evaluate(window, config.fineSide);

          // Samples from q(z|x), with log q, through the exported sampler.
          const n = config.samplesForEstimates;
          const tiled = new Float32Array(n * dim);
          for (let s = 0; s < n; s++) tiled.set(x, s * dim);
          const eps = rng.normals(n * 2);
          const sampled = await runBatched(
            posterior,
            (s, e) => ({
              x: { data: tiled.subarray(s * dim, e * dim), dims: [e - s, dim] },
              eps: { data: eps.subarray(2 * s, 2 * e), dims: [e - s, 2] },
            }),
            n,
            { z: 2, log_q: 1 },
          );
          const z = sampled.z!;
          const logQ = sampled.log_q!;
          const { probabilities } = await runBatched(
            decoder,
            (s, e) => ({ z: { data: z.subarray(2 * s, 2 * e), dims: [e - s, 2] } }),
            n,
            { probabilities: dim },
          );
          const joints = logJoint(x, probabilities!, z);
          // ELBO = E_q[log p(x, z) − log q(z|x)]; its gap to log p(x) is KL(q ‖ p(z|x)).
          const elbo = mean(Array.from(joints, (v, s) => v - logQ[s]!));
          digitStats.push({
            model: m.label,
            steps: m.steps,
            window,
            logEvidence: fine.logEvidence,
            elbo,
            gap: fine.logEvidence - elbo,
          });
          row.panels.push({
            density: Float32Array.from(fine.mass),
            side: config.fineSide,
            extent: window,
            samples: Array.from({ length: config.samplesShown }, (_, s) => [z[2 * s]!, z[2 * s + 1]!] as const),
          });
        }
        rows.push(row);
        stats.push({ index: k, label: digits.labels[k]!, models: digitStats });
      }
    } finally {
      for (const s of sessions) await Promise.all([s.decoder.release(), s.posterior.release()]);
    }
    const figure = await writeFigure(
      root,
      `${FIGURES}/posteriors.svg`,
      posteriorFigure({
        title: 'True posterior p(z|x) (heat map) and samples from q(z|x) (dots), latent dimension 2',
        heading: 'p(z|x) as heat map, q(z|x) samples as dots',
        description:
          'For each of several test digits, the true posterior of each 2-D model evaluated on a grid, with samples from that model’s approximate posterior drawn on top: a Gaussian for the VAE, a 4-step inverse autoregressive flow for the IAF model.',
        columnTitles: models.map((m) => m.label),
        rows,
      }),
    );
    const results = await writeJson(root, `${RESULTS}/iaf-z2-posteriors.json`, {
      ...ctx.metadata,
      config,
      digits: stats,
      meanGap: Object.fromEntries(
        models.map((m, i) => [m.label, mean(stats.map((d) => (d.models[i] as { gap: number }).gap))]),
      ),
    });
    return [figure, results];
  },
};

export const iafExperiments = [
  twoDimensionalRun(0),
  twoDimensionalRun(4),
  posteriors,
  ...STEPS.flatMap((t) => SEEDS.map((s) => mainRun(t, s))),
  summary,
];
