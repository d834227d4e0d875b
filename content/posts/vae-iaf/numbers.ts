/**
 * The numbers the IAF post quotes, selected from its training results (results/*.json, written by
 * `npm run train`) so that the prose and the tables say what the runs measured. Printing them is
 * @post-kit's.
 */
import { welchInterval, type DifferenceInterval } from '@bounded-rationality/core/stats/interval.ts';
import { formatNumber } from '@post-kit';
import summary from './results/iaf-z32-summary.json';
import study from './results/iaf-z2-posteriors.json';

/** One configuration of the main experiment: its statistics over seeds. */
export type SummaryRow = (typeof summary.rows)[number];
type Metric = 'testNll' | 'testElbo' | 'testKl' | 'gap' | 'secondsPerEpoch' | 'bestEpoch';
type StudyDigit = (typeof study.digits)[number];

/** The configuration with `steps` flow steps; 0 is the plain VAE. */
export function row(steps: number): SummaryRow {
  const found = summary.rows.find((r) => r.steps === steps);
  if (!found) throw new Error(`The IAF summary has no configuration with ${steps} flow steps.`);
  return found;
}

/** The table's name for a configuration. */
export const label = (steps: number): string =>
  steps === 0 ? 'VAE (no flow)' : `IAF, ${steps} step${steps > 1 ? 's' : ''}`;

/** −ELBO over seeds, as the table prints it (the summary records the ELBO). */
export const negativeElbo = (r: SummaryRow) => ({ mean: -r.testElbo.mean, std: r.testElbo.std });

/**
 * A configuration against the plain VAE: the difference of the means, and its standard error from
 * the seed-to-seed spread of both (independent seeds, so the variances of the means add).
 */
export function diff(steps: number, key: Metric): { mean: number; se: number } {
  const a = row(steps)[key];
  const b = row(0)[key];
  return { mean: a.mean - b.mean, se: Math.sqrt(a.std ** 2 / a.values.length + b.std ** 2 / b.values.length) };
}

/** A configuration's mean over the plain VAE's. */
export const ratio = (steps: number, key: Metric): number => row(steps)[key].mean / row(0)[key].mean;

/** The smallest and the largest mean over the configurations with these flow steps (all by default). */
export function meanRange(key: Metric, steps?: readonly number[]): { min: number; max: number } {
  const means = (steps ? steps.map(row) : summary.rows).map((r) => r[key].mean);
  return { min: Math.min(...means), max: Math.max(...means) };
}

/** A study digit's gap, KL(q ‖ p(z|x)), under model `i`: 0 the plain VAE, 1 the IAF model. */
export const gapOf = (d: StudyDigit, i: number): number => d.models[i]!.gap;

/** The study digit on which the IAF model's q misses most. */
export const worst: StudyDigit = [...study.digits].sort((a, b) => gapOf(b, 1) - gapOf(a, 1))[0]!;

/** The reconstruction term E_q[log p(x|z)] of a configuration: its ELBO plus its KL term (means over seeds). */
export const reconstruction = (steps: number): number => row(steps).testElbo.mean + row(steps).testKl.mean;

/** The flow configurations whose reconstruction term is below the plain VAE's, worst first. */
export function worseReconstructions(flows: readonly number[]): { steps: number; by: number }[] {
  return flows
    .map((steps) => ({ steps, by: reconstruction(0) - reconstruction(steps) }))
    .filter((r) => r.by > 0)
    .sort((a, b) => b.by - a.by);
}

const counted = ['none', 'one', 'two', 'three'];

/** The sentence's verdict on the flows' reconstructions, from the numbers (so a rerun cannot falsify it). */
export function reconstructionVerdict(flows: readonly number[]): string {
  const worse = worseReconstructions(flows);
  if (worse.length === 0) return 'so every flow configuration reconstructs at least as well as the plain VAE';
  const verb = worse.length === 1 ? 'reconstructs' : 'reconstruct';
  return `so ${counted[worse.length] ?? worse.length} of the ${counted[flows.length] ?? flows.length} flow configurations ${verb} worse than the plain VAE, most of all T = ${worse[0]!.steps} (by ${formatNumber(worse[0]!.by)} nats)`;
}

/** At initialisation (s ≈ 0) each gate is sigmoid(b); T steps scale z₀ by sigmoid(b)^T. */
export const initialGate = (forgetBias: number): number => 1 / (1 + Math.exp(-forgetBias));

/** How many study digits have a larger gap under the IAF model (1) than under the plain VAE (0). */
export const digitsWithLargerFlowGap = (): number => study.digits.filter((d) => gapOf(d, 1) > gapOf(d, 0)).length;

/** The 95% Welch interval of a configuration's difference from the plain VAE, over seeds. */
export const interval = (steps: number, key: Metric): DifferenceInterval =>
  welchInterval(row(steps)[key].values, row(0)[key].values);

/** "[−3.1, 0.3]" */
export const bracket = (i: DifferenceInterval): string => `[${formatNumber(i.low)}, ${formatNumber(i.high)}]`;

const excludesZero = (i: DifferenceInterval) => i.low > 0 || i.high < 0;

/** "T = 2", "T = 2 and 4", "T = 1, 2 and 4" */
const configurations = (steps: readonly number[]): string =>
  `T = ${steps.length <= 1 ? String(steps[0]) : `${steps.slice(0, -1).join(', ')} and ${steps.at(-1)}`}`;

/**
 * What the 95% intervals of one metric's differences from the plain VAE allow, as sentences computed
 * from the numbers: which exclude zero, on which side, and the largest effect none rules out.
 */
export function intervalVerdict(
  key: Metric,
  flows: readonly number[],
  what: string,
  better: 'lower' | 'higher',
): string {
  const intervals = flows.map((steps) => ({ steps, i: interval(steps, key) }));
  const decided = intervals.filter(({ i }) => excludesZero(i));
  const open = intervals.filter(({ i }) => !excludesZero(i));
  const largest = Math.max(...intervals.flatMap(({ i }) => [Math.abs(i.low), Math.abs(i.high)]));
  const limit = `effects of up to ${formatNumber(largest)} nats are not ruled out`;
  if (!decided.length) {
    return `Every interval includes zero: the data cannot tell whether the flow changes the ${what}, and ${limit}.`;
  }
  const better_ = ({ i }: { i: DifferenceInterval }) => (better === 'lower' ? i.high < 0 : i.low > 0);
  const side = decided.every(better_) ? 'better' : decided.some(better_) ? 'different' : 'worse';
  const one = (n: number, singular: string, plural: string) => (n === 1 ? singular : plural);
  const first = `The ${one(decided.length, 'interval', 'intervals')} for ${configurations(decided.map((d) => d.steps))} ${one(decided.length, 'excludes', 'exclude')} zero: there the ${what} is ${side} with the flow`;
  const second = open.length
    ? `; the ${one(open.length, 'one', 'ones')} for ${configurations(open.map((d) => d.steps))} ${one(open.length, 'includes', 'include')} zero`
    : '';
  return `${first}${second}. The intervals are wide: ${limit}.`;
}

/** The seeds per configuration, and the count as a word for prose. */
export const seedCount = summary.rows[0]!.seeds.length;
export const seedWord =
  ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][seedCount] ?? String(seedCount);

/** The seed-to-seed standard deviation of a metric, pooled over the configurations. */
export const pooledSeedSd = (key: Metric): number =>
  Math.sqrt(summary.rows.reduce((sum, r) => sum + r[key].std ** 2, 0) / summary.rows.length);

/**
 * Seeds per configuration for a two-sided 5% test to detect a difference of `delta` nats with 80%
 * power, at the pooled seed-to-seed spread: n = 2 (z₀.₉₇₅ + z₀.₈)² σ² / δ² (normal approximation).
 */
export const seedsForPower = (key: Metric, delta: number): number =>
  Math.ceil((2 * (1.959964 + 0.841621) ** 2 * pooledSeedSd(key) ** 2) / delta ** 2);
