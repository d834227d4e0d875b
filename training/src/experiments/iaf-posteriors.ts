/**
 * The two-dimensional posterior study of the IAF post: for a few test digits, the true posterior of
 * each 2-D model on a grid beside samples from its q(z|x), and per digit log p(x), the ELBO and
 * their gap. Computed with the exported ONNX models in onnxruntime-web, the ones the demo runs.
 * Beside them, from each run's own study in TensorFlow.js, the split of that digit's gap into
 * approximation and amortization, and that study's log p(x) as a check on this one.
 */
import { analysePosterior, exportedPosteriorModel } from '@bounded-rationality/core/posterior/grid.ts';
import { mean } from '@bounded-rationality/core/stats/summary.ts';
import { spread, subset } from '../data/index.ts';
import { batchedRun, createSession } from '../onnx/run.ts';
import { Rng } from '../runtime/rng.ts';
import { posteriorFigure, type PosteriorRow } from '../figures/posterior-grid.ts';
import type { Experiment } from './types.ts';
import { HOME, runName } from './iaf-names.ts';
import { TWO_D_STEPS } from './iaf-plan.ts';

export interface IafPosteriorsConfig {
  /** Test digits shown, evenly spaced over the test images the runs evaluated. */
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

/** What the study reads of each 2-D run's results. */
interface RunResults {
  data: { test: number };
  inferenceGaps: Record<'logEvidence' | 'approximationGap' | 'amortizationGap', { values: number[] }>;
}

export const iafPosteriors: Experiment<IafPosteriorsConfig> = {
  name: 'iaf-z2-posteriors',
  description: 'True posteriors on a grid beside q(z|x) samples of the 2-D models, with per-digit gaps',
  module: import.meta.url,
  home: HOME,
  dataset: 'mnist-10k',
  after: TWO_D_STEPS.map((steps) => runName(2, steps)),
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
    const { config, out } = ctx;
    const { test } = ctx.data();
    const dim = test.height * test.width;
    const models = TWO_D_STEPS.map((steps) => {
      const run = ctx.upstream(runName(2, steps));
      const results = run.readJson<RunResults>(run.results);
      return { steps, label: steps === 0 ? 'VAE: Gaussian q' : `IAF, T = ${steps}`, run, results };
    });
    // The runs evaluated spread(test, n), all of it in the full profile; show evenly spaced ones.
    const evaluated = spread(test, models[0]!.results.data.test);
    const positions = Array.from({ length: config.digits }, (_, k) => Math.floor((k * evaluated.n) / config.digits));
    const digits = subset(evaluated, positions);
    const rng = new Rng(config.seed, 0x9057);
    const rows: PosteriorRow[] = [];
    const stats: { index: number; position: number; label: number; models: Record<string, unknown>[] }[] = [];
    const sessions = await Promise.all(
      models.map(async ({ run }) => ({
        decoder: await createSession(run.readBytes(run.model('decoder'))),
        posterior: await createSession(run.readBytes(run.model('posterior'))),
      })),
    );
    try {
      for (let k = 0; k < digits.n; k++) {
        const x = digits.images.subarray(k * dim, (k + 1) * dim);
        const row: PosteriorRow = { digit: x, panels: [] };
        const digitStats: Record<string, unknown>[] = [];
        for (const [i, m] of models.entries()) {
          const { decoder, posterior } = sessions[i]!;
          // The exported models, the ones the demo runs, in batches of 1024 rows.
          const model = exportedPosteriorModel(
            x,
            { decoder: batchedRun(decoder, 1024), posterior: batchedRun(posterior, 1024) },
            config.samplesForEstimates,
            (n) => rng.normals(n),
          );
          const { massArea, window, mass, z, logEvidence, elbo } = await analysePosterior(x, model, {
            extent: config.coarseExtent,
            coarseSide: config.coarseSide,
            fineSide: config.fineSide,
          });
          const at = positions[k]!;
          digitStats.push({
            model: m.label,
            steps: m.steps,
            window: massArea,
            logEvidence,
            elbo,
            gap: logEvidence - elbo,
            // The run's own study of this digit (TensorFlow.js, its grid and its samples).
            run: {
              logEvidence: m.results.inferenceGaps.logEvidence.values[at]!,
              approximationGap: m.results.inferenceGaps.approximationGap.values[at]!,
              amortizationGap: m.results.inferenceGaps.amortizationGap.values[at]!,
            },
          });
          row.panels.push({
            density: Float32Array.from(mass),
            side: config.fineSide,
            extent: window,
            samples: Array.from({ length: config.samplesShown }, (_, s) => [z[2 * s]!, z[2 * s + 1]!] as const),
          });
        }
        rows.push(row);
        stats.push({ index: k, position: positions[k]!, label: digits.labels[k]!, models: digitStats });
      }
    } finally {
      for (const s of sessions) await Promise.all([s.decoder.release(), s.posterior.release()]);
    }
    const figure = await out.write(
      out.figure('heat-maps', 'svg'),
      posteriorFigure({
        title: 'True posterior p(z|x) (heat map) and samples from q(z|x) (dots), latent dimension 2',
        heading: 'p(z|x) as heat map, q(z|x) samples as dots',
        description:
          'For each of several test digits, the true posterior of each 2-D model evaluated on a grid, with samples from that model’s approximate posterior drawn on top: a Gaussian for the VAE, a 4-step inverse autoregressive flow for the IAF model.',
        columnTitles: models.map((m) => m.label),
        rows,
      }),
    );
    const results = await out.writeJson(out.results, {
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
