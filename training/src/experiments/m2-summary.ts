/**
 * The semi-supervised post's table and figures from its runs: test error (%) of every method at
 * every label budget (M2 on pixels at the budgets it ran), mean ± sd over seeds with the 95% t interval of the mean; the comparisons the
 * post draws, paired over seeds (each seed's methods share one labelled subset, which this checks);
 * and the validation-error curves of M2 and M1+M2.
 */
import { meanStd } from '@bounded-rationality/core/stats/summary.ts';
import { meanInterval } from '@bounded-rationality/core/stats/interval.ts';
import { linePlot, type Series } from '../figures/svg-plot.ts';
import type { M2Record } from '../m2/record.ts';
import type { Experiment } from './types.ts';
import { HOME, m1m2RunName, m2AlphaRunName, m2RunName } from './m2-plan.ts';

export interface M2SummaryConfig {
  labelCounts: number[];
  /** The budgets with M2 runs on pixels (a subset of labelCounts: each run costs about 20 minutes). */
  m2LabelCounts: number[];
  seeds: number[];
  /** The α sweep's values. */
  alphaScales: number[];
}

/** The methods of the table, in its order. */
export const METHODS = ['knn', 'logistic', 'mlp', 'm2', 'm1m2'] as const;
export type Method = (typeof METHODS)[number];
const NAMES: Record<Method, string> = {
  knn: 'PCA + k-NN',
  logistic: 'PCA + logistic regression',
  mlp: 'MLP (labels only)',
  m2: 'M2',
  m1m2: 'M1 + M2',
};

interface Tuned {
  chosen: Record<string, number>;
  validationError: number;
  testError: number;
  testCorrect: number[];
}
interface BaselineResults {
  runs: ({ labels: number; seed: number; labelledIndices: number[] } & Record<'mlp' | 'knn' | 'logistic', Tuned>)[];
}
interface M1M2Results {
  budgets: M2Record[];
  m1: { metrics: { testNll: number; testElbo: number } };
}

/** One method's outcome on one (budget, seed): test error in % and the labelled subset it saw. */
interface Outcome {
  testError: number;
  validationError: number;
  labelledIndices: number[];
  chosen?: Record<string, number>;
  curve?: number[];
}

const fromRecord = (r: M2Record): Outcome => ({
  testError: 100 * r.testError,
  validationError: 100 * (1 - r.validationAccuracy),
  labelledIndices: r.labelledIndices,
  curve: r.history.map((h) => 100 * (1 - h.validation)),
});

export function m2Summary(
  labelCounts: number[],
  m2LabelCounts: number[],
  seeds: number[],
  alphaScales: number[],
): Experiment<M2SummaryConfig> {
  return {
    name: 'm2-summary',
    description: 'The semi-supervised post’s error table with 95% intervals, paired comparisons and learning curves',
    module: import.meta.url,
    home: HOME,
    after: [
      'm2-baselines',
      ...m2LabelCounts.flatMap((l) => seeds.map((s) => m2RunName(l, s))),
      ...seeds.map(m1m2RunName),
      ...alphaScales.map(m2AlphaRunName),
    ],
    profiles: {
      smoke: { labelCounts, m2LabelCounts, seeds, alphaScales },
      full: { labelCounts, m2LabelCounts, seeds, alphaScales },
    },
    async run(ctx) {
      const { config, out } = ctx;
      const baselinesRun = ctx.upstream('m2-baselines');
      const baselines = baselinesRun.readJson<BaselineResults>(baselinesRun.results);
      const m1m2 = new Map(
        config.seeds.map((s) => {
          const run = ctx.upstream(m1m2RunName(s));
          return [s, run.readJson<M1M2Results>(run.results)] as const;
        }),
      );
      const outcome = (method: Method, labels: number, seed: number): Outcome => {
        if (method === 'm2') {
          const run = ctx.upstream(m2RunName(labels, seed));
          return fromRecord(run.readJson<M2Record>(run.results));
        }
        if (method === 'm1m2') {
          const budget = m1m2.get(seed)!.budgets.find((b) => b.data.labelled === labels);
          if (!budget) throw new Error(`m2-summary: ${m1m2RunName(seed)} has no budget of ${labels} labels`);
          return fromRecord(budget);
        }
        const run = baselines.runs.find((r) => r.labels === labels && r.seed === seed);
        if (!run) throw new Error(`m2-summary: m2-baselines has no run with ${labels} labels, seed ${seed}`);
        const tuned = run[method];
        return {
          testError: tuned.testError,
          validationError: tuned.validationError,
          labelledIndices: run.labelledIndices,
          chosen: tuned.chosen,
        };
      };

      const budgets = config.labelCounts.map((labels) => {
        const present = METHODS.filter((m) => m !== 'm2' || config.m2LabelCounts.includes(labels));
        const bySeed = config.seeds.map((seed) => {
          const outcomes = Object.fromEntries(present.map((m) => [m, outcome(m, labels, seed)])) as Record<
            Method,
            Outcome
          >;
          // Paired comparisons need one labelled subset per seed.
          const subset = outcomes.mlp.labelledIndices.join();
          for (const m of present) {
            if (outcomes[m].labelledIndices.join() !== subset) {
              throw new Error(
                `m2-summary: ${m} saw another labelled subset than the MLP (${labels} labels, seed ${seed})`,
              );
            }
          }
          return outcomes;
        });
        const errors = (m: Method) => bySeed.map((o) => o[m].testError);
        const methods = present.map((m) => ({
          method: m,
          name: NAMES[m],
          testError: { ...meanStd(errors(m)), interval: meanInterval(errors(m)) },
          validationError: meanStd(bySeed.map((o) => o[m].validationError)),
          chosen: bySeed.map((o) => o[m].chosen ?? null),
        }));
        // The best baseline by mean validation error, as a reader choosing one would.
        const baselineMethods: Method[] = ['knn', 'logistic', 'mlp'];
        const best = baselineMethods.reduce((a, b) =>
          meanStd(bySeed.map((o) => o[b].validationError)).mean < meanStd(bySeed.map((o) => o[a].validationError)).mean
            ? b
            : a,
        );
        const paired = (id: string, a: Method, b: Method) => ({
          id: `${id}-${labels}`,
          name: `${NAMES[a]} − ${NAMES[b]}, ${labels} labels (test error, percentage points)`,
          a,
          b,
          ...meanInterval(bySeed.map((o) => o[a].testError - o[b].testError)),
        });
        return {
          labels,
          methods,
          bestBaseline: best,
          comparisons: [
            ...(present.includes('m2')
              ? [paired('m2-mlp', 'm2', 'mlp'), paired('m2-best', 'm2', best), paired('m1m2-m2', 'm1m2', 'm2')]
              : []),
            paired('m1m2-mlp', 'm1m2', 'mlp'),
            paired('m1m2-best', 'm1m2', best),
          ],
          curves: (['m2', 'm1m2'] as const)
            .filter((m) => present.includes(m))
            .map((m) => {
              const curves = bySeed.map((o) => o[m].curve!);
              const epochs = Math.min(...curves.map((c) => c.length));
              return {
                method: m,
                // Mean validation error per epoch over seeds, while every seed still trains.
                validationError: Array.from({ length: epochs }, (_, e) => meanStd(curves.map((c) => c[e]!)).mean),
              };
            }),
        };
      });

      const sweep = config.alphaScales.map((alphaScale) => {
        const run = ctx.upstream(m2AlphaRunName(alphaScale));
        const r = run.readJson<M2Record & { config: { alphaScale: number; labels: number; seed: number } }>(
          run.results,
        );
        return {
          alphaScale,
          labels: r.config.labels,
          seed: r.config.seed,
          validationError: 100 * (1 - r.validationAccuracy),
          bestEpoch: r.epochs.best,
          curve: r.history.map((h) => 100 * (1 - h.validation)),
        };
      });
      const chosenAlpha = ctx.upstream(m2RunName(config.m2LabelCounts[0]!, config.seeds[0]!));
      const table = await out.writeJson(out.results, {
        ...ctx.metadata,
        seeds: config.seeds,
        alphaSweep: sweep,
        chosenAlphaScale: chosenAlpha.readJson<{ config: { alphaScale: number } }>(chosenAlpha.results).config
          .alphaScale,
        methods: METHODS.map((m) => ({ method: m, name: NAMES[m] })),
        m1: meanStd(config.seeds.map((s) => m1m2.get(s)!.m1.metrics.testNll)),
        budgets,
      });

      const series: Series[] = budgets.flatMap((b) =>
        b.curves.map((c) => ({
          name: `${NAMES[c.method]}, ${b.labels} labels`,
          points: c.validationError.map((v, e) => [e + 1, v] as const),
          dashed: c.method === 'm1m2',
        })),
      );
      const figure = await out.write(
        out.figure('learning-curves', 'svg'),
        linePlot({
          title: 'Validation error during training',
          description: `Validation error (%) of q(y | x) per epoch for M2 and M1 + M2 at ${config.labelCounts.join(', ')} labels, mean over ${config.seeds.length} seeds, drawn while every seed still trains.`,
          xLabel: 'epoch',
          yLabel: 'validation error (%)',
          series,
        }),
      );
      return [table, figure];
    },
  };
}
