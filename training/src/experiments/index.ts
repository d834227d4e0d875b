/** Every experiment, by name. */
import type { Experiment } from './types.ts';
import { vaeZ2, vaeZ32, type VaeExperimentConfig } from './vae.ts';
import { testDigits, type TestDigitsConfig } from './test-digits.ts';
import { mainRun, type IafExperimentConfig } from './iaf.ts';
import { twoDimensionalRun, type IafTwoDimensionalConfig } from './iaf-2d.ts';
import { STEPS, TWO_D_STEPS, seedsFor } from './iaf-plan.ts';
import { iafSummary, type IafSummaryConfig } from './iaf-summary.ts';
import { iafPosteriors, type IafPosteriorsConfig } from './iaf-posteriors.ts';
import { madeRun, type MadeExperimentConfig } from './made.ts';
import { madeBaseline, type MadeBaselineConfig } from './made-baseline.ts';
import { madeMasks, type MadeMasksConfig } from './made-masks.ts';
import { madeSummary, type MadeSummaryConfig } from './made-summary.ts';
import { ARCHITECTURES, MASK_MODES, SEEDS as MADE_SEEDS, type Architecture } from './made-plan.ts';
import { m2AlphaRun, m2Run, type M2ExperimentConfig } from './m2.ts';
import { m1m2Run, type M1M2ExperimentConfig } from './m1m2.ts';
import { m2Baselines, type M2BaselinesConfig } from './m2-baselines.ts';
import { m2Summary, type M2SummaryConfig } from './m2-summary.ts';
import { m2Styles, type M2StylesConfig } from './m2-styles.ts';
import { tableTennisLeague, type TableTennisConfig } from './table-tennis.ts';
import { robustness, type RobustnessConfig } from './robustness.ts';
import { ALPHA_SWEEP, LABEL_COUNTS, SEEDS as M2_SEEDS, m2AlphaRunName } from './m2-plan.ts';

/** The config types of all experiments; extend the union when adding one. */
export type AnyExperiment =
  | Experiment<VaeExperimentConfig>
  | Experiment<TestDigitsConfig>
  | Experiment<IafExperimentConfig>
  | Experiment<IafTwoDimensionalConfig>
  | Experiment<IafSummaryConfig>
  | Experiment<IafPosteriorsConfig>
  | Experiment<MadeExperimentConfig>
  | Experiment<MadeBaselineConfig>
  | Experiment<MadeMasksConfig>
  | Experiment<MadeSummaryConfig>
  | Experiment<M2ExperimentConfig>
  | Experiment<M1M2ExperimentConfig>
  | Experiment<M2BaselinesConfig>
  | Experiment<M2SummaryConfig>
  | Experiment<M2StylesConfig>
  | Experiment<TableTennisConfig>
  | Experiment<RobustnessConfig>;

/** The IAF post's runs: the 2-D models, then every configuration × seed of the latent-32 comparison. */
const iafRuns = [...TWO_D_STEPS.map(twoDimensionalRun), ...STEPS.flatMap((t) => seedsFor(t).map((s) => mainRun(t, s)))];

/** The MADE post's runs: every architecture × mask mode × seed. */
const madeRuns = (Object.keys(ARCHITECTURES) as Architecture[]).flatMap((a) =>
  MASK_MODES.flatMap((m) => MADE_SEEDS.map((s) => madeRun(a, m, s))),
);

/** The semi-supervised post's runs: the α sweep, M2 at every label budget × seed, M1+M2 per seed over the budgets. */
const alphaSweep = ALPHA_SWEEP.alphaScales.map((a) => m2AlphaRun(a, ALPHA_SWEEP));
/**
 * M2 on pixels at the smallest budget only: each run takes 10 to 20 minutes here (ten decoder
 * passes per unlabelled image, up to 100 epochs), and the full run must stay near its two-hour
 * budget; M1+M2 and the baselines cover every budget. (Kept out of m2-plan.ts, which the runs
 * import: editing it would make them all stale.)
 */
const M2_LABEL_COUNTS = [LABEL_COUNTS[0]!];
const m2Runs = [
  ...alphaSweep,
  ...M2_LABEL_COUNTS.flatMap((labels) =>
    M2_SEEDS.map((s) => m2Run(labels, s, ALPHA_SWEEP.alphaScales.map(m2AlphaRunName))),
  ),
  ...M2_SEEDS.map((s) => m1m2Run(s, LABEL_COUNTS)),
  m2Baselines(LABEL_COUNTS, M2_SEEDS),
  m2Summary(LABEL_COUNTS, M2_LABEL_COUNTS, M2_SEEDS, [...ALPHA_SWEEP.alphaScales]),
  m2Styles(),
];

export const experiments: readonly AnyExperiment[] = [
  vaeZ32,
  vaeZ2,
  testDigits,
  ...iafRuns,
  iafPosteriors,
  iafSummary,
  madeBaseline,
  madeMasks,
  ...madeRuns,
  madeSummary,
  ...m2Runs,
  tableTennisLeague,
  robustness,
];

export function findExperiment(name: string): AnyExperiment {
  const found = experiments.find((e) => e.name === name);
  if (!found)
    throw new Error(`Unknown experiment "${name}": choose from ${experiments.map((e) => e.name).join(', ')}.`);
  return found;
}
