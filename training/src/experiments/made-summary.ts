/**
 * The tables and figures of the MADE post from its runs: for each architecture and mask mode, mean
 * ± sd over seeds of test and training NLL at every ensemble size; the comparisons the post draws,
 * with 95% intervals (Welch between configurations, paired t over seeds between ensemble sizes of
 * the same runs); test NLL against ensemble size and the validation curves, drawn.
 */
import { meanStd } from '@bounded-rationality/core/stats/summary.ts';
import { meanInterval, welchInterval } from '@bounded-rationality/core/stats/interval.ts';
import { linePlot, type Series } from '../figures/svg-plot.ts';
import type { Experiment } from './types.ts';
import type { MadeExperimentConfig } from './made.ts';
import { ARCHITECTURES, HOME, MASK_MODES, SEEDS, madeRunName, type Architecture } from './made-plan.ts';
import type { MaskMode } from '../made/fit.ts';

export interface MadeSummaryConfig {
  architectures: Architecture[];
  masks: MaskMode[];
  seeds: number[];
}

interface NllSe {
  nll: number;
  se: number;
}

interface RunResults {
  config: MadeExperimentConfig;
  epochs: { trained: number; best: number; stoppedEarly: boolean };
  seconds: { perEpochMean: number; training: number };
  ensembles: { masks: number; test: NllSe; train: NllSe }[];
  singleMaskTestNll: number[];
  naturalOrderTestNll: number;
  autoregressive: { masksChecked: number; largestForbiddenChange: number };
  history: { epoch: number; trainLoss: number; validation: number }[];
}

interface BaselineResults {
  alpha: number;
  test: NllSe;
  train: NllSe;
}

const label = (a: Architecture, m: MaskMode) =>
  `${a.replace('x', ' × ')}, ${m === 'fixed' ? 'one mask' : 'sampled masks'}`;

export const madeSummary: Experiment<MadeSummaryConfig> = {
  name: 'made-summary',
  description: 'The MADE post’s table, comparisons with 95% intervals, NLL against ensemble size and validation curves',
  module: import.meta.url,
  home: HOME,
  after: [
    'made-baseline',
    ...(Object.keys(ARCHITECTURES) as Architecture[]).flatMap((a) =>
      MASK_MODES.flatMap((m) => SEEDS.map((s) => madeRunName(a, m, s))),
    ),
  ],
  profiles: {
    smoke: { architectures: Object.keys(ARCHITECTURES) as Architecture[], masks: [...MASK_MODES], seeds: SEEDS },
    full: { architectures: Object.keys(ARCHITECTURES) as Architecture[], masks: [...MASK_MODES], seeds: SEEDS },
  },
  async run(ctx) {
    const { config, out } = ctx;
    const baselineRun = ctx.upstream('made-baseline');
    const baseline = baselineRun.readJson<BaselineResults>(baselineRun.results);
    const read = (a: Architecture, m: MaskMode, s: number) => {
      const run = ctx.upstream(madeRunName(a, m, s));
      return run.readJson<RunResults>(run.results);
    };
    const configurations = config.architectures.flatMap((architecture) =>
      config.masks.map((masks) => ({
        architecture,
        masks,
        runs: config.seeds.map((s) => read(architecture, masks, s)),
      })),
    );
    const at = (runs: RunResults[], k: number, split: 'test' | 'train') =>
      runs.map((r) => {
        const e = r.ensembles.find((x) => x.masks === k);
        if (!e) throw new Error(`made-summary: a run has no ensemble of ${k} masks`);
        return e[split].nll;
      });
    const largest = (runs: RunResults[]) => Math.max(...runs[0]!.ensembles.map((e) => e.masks));

    const rows = configurations.map(({ architecture, masks, runs }) => {
      const sizes = runs[0]!.ensembles.map((e) => e.masks);
      const k = largest(runs);
      return {
        architecture,
        masks,
        hidden: runs[0]!.config.hidden,
        seeds: config.seeds,
        ensembles: sizes.map((size) => ({
          masks: size,
          test: meanStd(at(runs, size, 'test')),
          train: meanStd(at(runs, size, 'train')),
        })),
        // How much worse each model explains test images than training images, at its largest ensemble.
        generalizationGap: meanStd(runs.map((r) => at([r], k, 'test')[0]! - at([r], k, 'train')[0]!)),
        // The spread of single masks' test NLL within a run (sd over the pool), averaged over seeds.
        singleMaskSpread: masks === 'sampled' ? meanStd(runs.map((r) => meanStd(r.singleMaskTestNll).std)) : undefined,
        naturalOrderTestNll: meanStd(runs.map((r) => r.naturalOrderTestNll)),
        bestEpoch: meanStd(runs.map((r) => r.epochs.best)),
        epochsTrained: meanStd(runs.map((r) => r.epochs.trained)),
        /** Runs that trained to the epoch cap without early stopping. */
        reachedCap: runs.filter((r) => r.epochs.trained === r.config.maxEpochs && !r.epochs.stoppedEarly).length,
        maxEpochs: runs[0]!.config.maxEpochs,
        patience: runs[0]!.config.patience,
        validationMasks: runs[0]!.config.validationMasks,
        secondsPerEpoch: meanStd(runs.map((r) => r.seconds.perEpochMean)),
        masksChecked: Math.min(...runs.map((r) => r.autoregressive.masksChecked)),
        largestForbiddenChange: Math.max(...runs.map((r) => r.autoregressive.largestForbiddenChange)),
      };
    });

    const runsOf = (a: Architecture, m: MaskMode) =>
      configurations.find((c) => c.architecture === a && c.masks === m)?.runs;
    const comparisons: Record<string, unknown>[] = [];
    // Each under a stable id, which the post reads, and a name, which says what it is.
    const welch = (id: string, name: string, a: number[], b: number[]) =>
      comparisons.push({ id, name, kind: 'welch', ...welchInterval(a, b) });
    const paired = (id: string, name: string, a: number[], b: number[]) =>
      comparisons.push({ id, name, kind: 'paired', ...meanInterval(a.map((v, i) => v - b[i]!)) });
    const sampledK = (runs: RunResults[]) => at(runs, largest(runs), 'test');
    const one = runsOf('1x500', 'fixed');
    const two = runsOf('2x500', 'fixed');
    const oneS = runsOf('1x500', 'sampled');
    const twoS = runsOf('2x500', 'sampled');
    if (one && two) welch('depth-fixed', 'depth, one mask: 2 × 500 − 1 × 500', at(two, 1, 'test'), at(one, 1, 'test'));
    if (oneS && twoS)
      welch(
        'depth-sampled',
        'depth, sampled masks at the largest ensemble: 2 × 500 − 1 × 500',
        sampledK(twoS),
        sampledK(oneS),
      );
    for (const [a, fixed, sampled] of [
      ['1x500', one, oneS],
      ['2x500', two, twoS],
    ] as const) {
      if (!fixed || !sampled) continue;
      welch(
        `masks-${a}`,
        `masks, ${a}: sampled (largest ensemble) − one mask`,
        sampledK(sampled),
        at(fixed, 1, 'test'),
      );
      welch(`single-${a}`, `masks, ${a}: sampled (one mask) − one mask`, at(sampled, 1, 'test'), at(fixed, 1, 'test'));
      const sizes = sampled[0]!.ensembles.map((e) => e.masks);
      for (const k of sizes.slice(1)) {
        paired(
          `ensemble-${a}-${k}`,
          `ensemble, ${a}: ${k} masks − 1 mask`,
          at(sampled, k, 'test'),
          at(sampled, 1, 'test'),
        );
      }
      const k = largest(sampled);
      const half = sizes[sizes.length - 2]!;
      paired(
        `ensemble-${a}-${k}-${half}`,
        `ensemble, ${a}: ${k} masks − ${half} masks`,
        at(sampled, k, 'test'),
        at(sampled, half, 'test'),
      );
      paired(
        `ordering-${a}`,
        `ordering, ${a}: natural ordering − pool mask 0 (sampled model, one mask)`,
        sampled.map((r) => r.naturalOrderTestNll),
        sampled.map((r) => r.singleMaskTestNll[0]!),
      );
    }

    const table = await out.writeJson(out.results, {
      ...ctx.metadata,
      baseline: { alpha: baseline.alpha, test: baseline.test, train: baseline.train },
      rows,
      comparisons,
      validationCurves: configurations.map(({ architecture, masks, runs }) => ({
        architecture,
        masks,
        // Mean validation NLL per epoch over seeds, while every seed still trains.
        nll: Array.from(
          { length: Math.min(...runs.map((r) => r.history.length)) },
          (_, e) => meanStd(runs.map((r) => -r.history[e]!.validation)).mean,
        ),
      })),
    });

    // Test NLL against the ensemble's size (log₂ K), mean ± sd over seeds; one-mask models flat.
    const sampledRows = rows.filter((r) => r.masks === 'sampled');
    const xs = sampledRows[0]?.ensembles.map((e) => Math.log2(e.masks)) ?? [0];
    const ensembleSeries: Series[] = rows.map((row) => {
      const points = row.masks === 'sampled' ? row.ensembles : xs.map(() => row.ensembles[0]!);
      return {
        name: label(row.architecture, row.masks),
        points: points.map((e, i) => [xs[i]!, e.test.mean] as const),
        band: points.map((e, i) => [xs[i]!, e.test.mean - e.test.std, e.test.mean + e.test.std] as const),
        dashed: row.masks === 'fixed',
      };
    });
    const ensembleFigure = await out.write(
      out.figure('ensembles', 'svg'),
      linePlot({
        title: 'Test NLL against the number of masks averaged',
        description: `Test NLL (nats) for ensembles of ${sampledRows[0]?.ensembles.map((e) => e.masks).join(', ')} masks of the models trained with sampled masks, mean over ${config.seeds.length} seeds with a band of one standard deviation; the one-mask models as flat dashed lines.`,
        xLabel: 'log₂ of the number of masks K',
        yLabel: 'test NLL (nats per image)',
        series: ensembleSeries,
      }),
    );

    const curveSeries: Series[] = configurations.map(({ architecture, masks, runs }) => {
      const epochs = Math.min(...runs.map((r) => r.history.length));
      const points = Array.from({ length: epochs }, (_, e) => {
        const s = meanStd(runs.map((r) => -r.history[e]!.validation));
        return [e + 1, s.mean, s.std] as const;
      });
      return {
        name: label(architecture, masks),
        points: points.map(([e, m]) => [e, m] as const),
        band: points.map(([e, m, sd]) => [e, m - sd, m + sd] as const),
        dashed: masks === 'fixed',
      };
    });
    // The first epochs sit far above the rest: frame the y axis on what follows the first tenth.
    const settled = curveSeries.flatMap((s) => s.band!.slice(Math.ceil(s.band!.length / 10)));
    const curveFigure = await out.write(
      out.figure('validation-curves', 'svg'),
      linePlot({
        title: 'Validation NLL during training',
        description: `Validation NLL (nats) per epoch for each configuration, mean over ${config.seeds.length} seeds with a band of one standard deviation, drawn while every seed still trains. The models with sampled masks are scored by an ensemble of their validation masks.`,
        xLabel: 'epoch',
        yLabel: 'validation NLL (nats per image)',
        yDomain: [
          Math.floor(Math.min(...settled.map(([, low]) => low)) - 1),
          Math.ceil(Math.max(...settled.map(([, , high]) => high)) + 1),
        ],
        series: curveSeries,
      }),
    );
    return [table, ensembleFigure, curveFigure];
  },
};
