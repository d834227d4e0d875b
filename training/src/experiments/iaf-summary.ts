/**
 * The main table of the IAF post: for each number of flow steps, mean ± standard deviation over
 * seeds of the latent-32 runs' test metrics (and the same estimates on training images), and their
 * validation curves, drawn and as numbers.
 */
import { meanStd } from '@bounded-rationality/core/stats/summary.ts';
import { linePlot, type Series } from '../figures/svg-plot.ts';
import type { Experiment } from './types.ts';
import type { IafExperimentConfig } from './iaf.ts';
import { HOME, runName } from './iaf-names.ts';
import { STEPS, seedsFor } from './iaf-plan.ts';

export interface IafSummaryConfig {
  /** Each configuration's flow steps and seeds. */
  runs: { steps: number; seeds: number[] }[];
}

const plan = STEPS.map((steps) => ({ steps, seeds: seedsFor(steps) }));

interface RunResults {
  config: IafExperimentConfig;
  epochs: { best: number; trained: number };
  seconds: { perEpochMean: number };
  metrics: {
    testElbo: number;
    testNll: number;
    testKl: number;
    validationElbo: number;
    trainElbo: number;
    trainNll: number;
  };
  parameters: number;
  history: { epoch: number; validation: number }[];
}

export const iafSummary: Experiment<IafSummaryConfig> = {
  name: 'iaf-z32-summary',
  description: 'The main table (mean ± sd over seeds) and validation curves of the latent-32 runs',
  module: import.meta.url,
  home: HOME,
  after: plan.flatMap(({ steps, seeds }) => seeds.map((s) => runName(32, steps, s))),
  profiles: { smoke: { runs: plan }, full: { runs: plan } },
  async run(ctx) {
    const { config, out } = ctx;
    const read = (t: number, s: number) => {
      const run = ctx.upstream(runName(32, t, s));
      return run.readJson<RunResults>(run.results);
    };
    const rows = config.runs.map(({ steps, seeds }) => {
      const runs = seeds.map((s) => read(steps, s));
      return {
        steps,
        seeds,
        parameters: runs[0]!.parameters,
        testNll: meanStd(runs.map((r) => r.metrics.testNll)),
        testElbo: meanStd(runs.map((r) => r.metrics.testElbo)),
        testKl: meanStd(runs.map((r) => r.metrics.testKl)),
        gap: meanStd(runs.map((r) => -r.metrics.testElbo - r.metrics.testNll)),
        trainNll: meanStd(runs.map((r) => r.metrics.trainNll)),
        trainElbo: meanStd(runs.map((r) => r.metrics.trainElbo)),
        // How much worse each model explains test images than training images it has seen.
        generalizationGap: meanStd(runs.map((r) => r.metrics.testNll - r.metrics.trainNll)),
        secondsPerEpoch: meanStd(runs.map((r) => r.seconds.perEpochMean)),
        bestEpoch: meanStd(runs.map((r) => r.epochs.best)),
        runs,
      };
    });
    // Validation ELBO per epoch: mean over seeds (while every seed is still training), ± 1 sd.
    const series: Series[] = rows.map((row) => {
      const epochs = Math.min(...row.runs.map((r) => r.history.length));
      const points = Array.from({ length: epochs }, (_, e) => {
        const at = meanStd(row.runs.map((r) => r.history[e]!.validation));
        return [e + 1, at.mean, at.std] as const;
      });
      return {
        name: row.steps === 0 ? 'VAE (T = 0)' : `IAF, T = ${row.steps}`,
        points: points.map(([e, m]) => [e, m] as const),
        band: points.map(([e, m, sd]) => [e, m - sd, m + sd] as const),
        dashed: row.steps === 0,
      };
    });
    // The first epochs sit far below the rest: frame the y axis on the last two thirds of training,
    // where the configurations differ (earlier points run off the bottom, clipped).
    const settled = series.flatMap((line) => line.band!.slice(Math.floor(line.band!.length / 3)));
    const yDomain: [number, number] = [
      Math.floor(Math.min(...settled.map(([, low]) => low)) - 1),
      Math.ceil(Math.max(...settled.map(([, , high]) => high)) + 0.5),
    ];
    const table = await out.writeJson(out.results, {
      ...ctx.metadata,
      importanceSamples: rows[0]!.runs[0]!.config.importanceSamples,
      rows: rows.map(({ runs, ...row }, i) => ({
        ...row,
        maxEpochs: runs[0]!.config.maxEpochs,
        // The curve of the figure: mean validation ELBO per epoch while every seed still trains.
        validationCurve: series[i]!.points.map(([, m]) => m),
      })),
    });

    const curves = await out.write(
      out.figure('validation-curves', 'svg'),
      linePlot({
        title: 'Validation ELBO, latent dimension 32',
        description: `Validation ELBO per epoch for ${rows.map((r) => `${r.steps} flow steps`).join(', ')}: mean over ${rows[0]!.seeds.length} seeds each with a band of one standard deviation.`,
        xLabel: 'epoch',
        yLabel: 'validation ELBO (nats per image)',
        yDomain,
        series,
      }),
    );
    return [table, curves];
  },
};

/** Runs a model in onnxruntime-web (the browser's runtime) in batches; outputs by name, with their widths. */
