/**
 * The numbers the IAF post quotes, selected from its training results (results/*.json, written by
 * `npm run train`) so that the prose and the tables say what the runs measured. Printing them is
 * @post-kit's.
 */
import {
  meanInterval,
  welchInterval,
  type DifferenceInterval,
  type MeanInterval,
} from '@bounded-rationality/core/stats/interval.ts';
import { formatNumber, formatSigned } from '@post-kit';
import summary from './results/iaf-z32-summary.json';
import study from './results/iaf-z2-posteriors.json';
import flat2d from './results/iaf-z2-t0.json';
import flow2d from './results/iaf-z2-t4.json';
import estimatorRun from './results/iaf-z32-t0-s1.json';

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
export const bracket = (i: Pick<DifferenceInterval, 'low' | 'high'>): string =>
  `[${formatNumber(i.low)}, ${formatNumber(i.high)}]`;

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

/** Validation curves: the configurations with and without a useful flow, and by how much they separate. */
export function separation(
  above: readonly number[],
  below: readonly number[],
  threshold: number,
): { from: number; to: number; min: number; max: number } | undefined {
  const curve = (steps: number) => row(steps).validationCurve;
  const epochs = Math.min(...[...above, ...below].map((s) => curve(s).length));
  const margin = (e: number) =>
    Math.min(...above.map((s) => curve(s)[e]!)) - Math.max(...below.map((s) => curve(s)[e]!));
  let start: number | undefined;
  for (let e = epochs - 1; e >= 0 && margin(e) >= threshold; e--) start = e;
  if (start === undefined) return undefined;
  const margins = Array.from({ length: epochs - start }, (_, k) => margin(start + k));
  return { from: start + 1, to: epochs, min: Math.min(...margins), max: Math.max(...margins) };
}

/** The per-image inference-gap study of a 2-D run (0: the plain VAE, 4: the IAF model). */
type GapKey = 'approximationGap' | 'amortizationGap' | 'importanceMinusGrid';
export function gapStudy(steps: number): typeof flat2d.inferenceGaps {
  if (steps === 0) return flat2d.inferenceGaps;
  if (steps === 4) return flow2d.inferenceGaps;
  throw new Error(`The 2-D study has no model with ${steps} flow steps.`);
}

/** The 95% interval of a 2-D model's mean gap over the test images. */
export const gapInterval = (steps: number, key: GapKey): MeanInterval => meanInterval(gapStudy(steps)[key].values);

/** The 95% interval of the IAF model's gap minus the plain VAE's, paired by test image. */
export const pairedGapInterval = (key: GapKey): MeanInterval => {
  const flat = gapStudy(0)[key].values;
  return meanInterval(gapStudy(4)[key].values.map((v, i) => v - flat[i]!));
};

/** The share of a 2-D model's mean gap that is amortization. */
export const amortizationShare = (steps: number): number => {
  const g = gapStudy(steps);
  return g.amortizationGap.mean / (g.amortizationGap.mean + g.approximationGap.mean);
};

/** How many test images a model's k-sample estimate puts above the quadrature's log p(x), and by how much at most. */
export const aboveGrid = (steps: number): { count: number; max: number; of: number } => {
  const v = gapStudy(steps).importanceMinusGrid.values;
  return { count: v.filter((d) => d > 0).length, max: Math.max(...v), of: v.length };
};

/** The largest disagreement between the study's two quadratures of log p(x) (ONNX in the figure, TensorFlow.js in the run). */
export const quadratureAgreement = (): number =>
  Math.max(...study.digits.flatMap((d) => d.models.map((m) => Math.abs(m.logEvidence - m.run.logEvidence))));

/** The NLL estimator study of the plain VAE's seed-1 run. */
export const estimator = estimatorRun.estimatorStudy;

/** The NLL at k samples in the estimator study. */
export const nllAt = (samples: number): number => {
  const found = estimator.bySamples.find((r) => r.samples === samples);
  if (!found) throw new Error(`The estimator study has no k = ${samples}.`);
  return found.nll;
};

/** The largest k of the estimator study. */
export const largestK = Math.max(...estimator.bySamples.map((r) => r.samples));

/** The estimator's own noise (sd over sampling seeds) as a share of the seed-to-seed sd of training. */
export const noiseShare = (): number => estimator.repeats.sd / row(0).testNll.std;

/** The seeds of each configuration, as the table's caption lists them. */
export const seedLists = (): string => {
  const lists = summary.rows.map((r) => ({ steps: r.steps, seeds: r.seeds.join(', ') }));
  const common = lists[0]!.seeds;
  const others = lists.filter((l) => l.seeds !== common);
  return others.length === 0
    ? `seeds ${common}`
    : `seeds ${common}; ${others.map((l) => `T = ${l.steps}: ${l.seeds}`).join('; ')}`;
};

/** The heads of the parameters a plain VAE carries but does not use: the context head (last hidden width × context + bias). */
export const unusedContextHead = (): number => {
  const c = flat2d.config;
  return c.hidden.at(-1)! * c.contextDim + c.contextDim;
};

/** Test NLL minus training NLL, smallest and largest over the configurations, against the largest flow effect on the test NLL. */
export function generalization(): { min: number; max: number; largestFlowEffect: number } {
  const gaps = summary.rows.map((r) => r.generalizationGap.mean);
  const largestFlowEffect = Math.max(...[1, 2, 4].map((s) => Math.abs(diff(s, 'testNll').mean)));
  return { min: Math.min(...gaps), max: Math.max(...gaps), largestFlowEffect };
}

/** The curves sentence, from the numbers: when the models with two and four steps pull ahead, and by how much. */
export function separationSentence(): string {
  const s = separation([2, 4], [0, 1], 0.5);
  if (!s) {
    return 'The mean curves of the models with two and four steps do not stay half a nat above those of the other two up to where the curves end.';
  }
  return `From epoch ${s.from} until epoch ${s.to}, where the shortest seed stopped, the mean curves of the models with two and four steps stay ${formatNumber(s.min)} to ${formatNumber(s.max)} nats above those of the other two on validation.`;
}

/** What the estimator's noise means for the table: is the seed-to-seed spread the models' or the estimator's? */
export function noiseVerdict(): string {
  return noiseShare() < 0.25
    ? 'so the spread over seeds in the table is the models’, not the estimator’s'
    : 'so a noticeable part of the spread over seeds in the table is the estimator’s own';
}

/** How the bound's tightening from k = 1000 to the largest k compares with the flows' effect on the NLL. */
export function tighteningVerdict(): string {
  const shift = nllAt(1000) - nllAt(largestK);
  const effect = Math.abs(diff(4, 'testNll').mean);
  const relation = shift < effect ? 'less than' : 'as much as or more than';
  return `That shift is ${relation} the ${formatNumber(effect)} nats between four steps and no flow in the table. Whether a flow's bound tightens by as much we could not measure here (the four-step study ran out of memory), so the comparison at k = 1,000 may favour whichever model's bound is tighter`;
}

/** "falls by 0.31" or "rises by 0.02": a change in nats, its direction from its sign. */
export const fallsBy = (drop: number): string => `${drop >= 0 ? 'falls' : 'rises'} by ${formatNumber(Math.abs(drop))}`;

/** The median of a list. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
};

/** "most" or "less than half", from a share. */
const mostOrLess = (share: number) => (share > 0.5 ? 'most' : 'less than half');

/** The sentence on how each 2-D model's gap splits, from the numbers. */
export function gapSplitSentence(): string {
  const [flat, flow] = [amortizationShare(0), amortizationShare(4)];
  const same = mostOrLess(flat) === mostOrLess(flow);
  return same
    ? `For both models ${mostOrLess(flat)} of the mean gap is amortization: ${formatNumber(100 * flat, 0)}% for the plain VAE and ${formatNumber(100 * flow, 0)}% for the IAF model`
    : `For the plain VAE ${mostOrLess(flat)} of the mean gap is amortization (${formatNumber(100 * flat, 0)}%), for the IAF model ${mostOrLess(flow)} (${formatNumber(100 * flow, 0)}%)`;
}

/** What a paired interval (IAF model minus plain VAE, per image) says, in words. */
export function pairedVerdict(key: 'approximationGap' | 'amortizationGap', what: string): string {
  const i = pairedGapInterval(key);
  const size = `${formatNumber(Math.abs(i.mean))} nats (IAF minus VAE, 95% interval ${bracket(i)})`;
  if (i.high < 0) return `the IAF model's ${what} gap is smaller, by ${size}`;
  if (i.low > 0) return `the IAF model's ${what} gap is larger, by ${size}`;
  return `the two ${what} gaps do not differ detectably (IAF minus VAE ${formatSigned(i.mean)} nats, 95% interval ${bracket(i)})`;
}

/** How much higher the gap study's search ends, on average, from the posterior's mode than from the encoder's q. */
export const restartGain = (steps: number): number =>
  gapStudy(steps).restartTrace.at(-1)!.elbo - gapStudy(steps).trace.at(-1)!.elbo;

/** What the second start of the search did for each model, whichever way it went. */
export function restartSentence(): string {
  const part = (steps: number, who: string) => {
    const gain = restartGain(steps);
    return `${formatNumber(Math.abs(gain))} nats ${gain >= 0 ? 'higher' : 'lower'} for ${who}`;
  };
  const lessForFlow =
    restartGain(4) < restartGain(0)
      ? "; recentring the flow's input does not recentre its output, which may be why the second start does less for the IAF model (we did not test that)"
      : '';
  return `On average over the images, the search from the posterior's mode ends ${part(0, 'the plain VAE')} and ${part(4, 'the IAF model')} than the search from the encoder's q${lessForFlow}`;
}

/** Whether the medians of the two models' gaps order them as the means do. */
export function medianContrast(key: 'approximationGap' | 'amortizationGap', what: string): string {
  const [m0, m4] = [median(gapStudy(0)[key].values), median(gapStudy(4)[key].values)];
  const [a0, a4] = [gapStudy(0)[key].mean, gapStudy(4)[key].mean];
  const largest = Math.max(...gapStudy(4)[key].values, ...gapStudy(0)[key].values);
  const sameOrder = m4 > m0 === a4 > a0;
  return sameOrder
    ? `The medians of the ${what} gaps (${formatNumber(m0)} and ${formatNumber(m4)} nats) order the models as the means do`
    : `The medians order the ${what} gaps the other way (${formatNumber(m0)} nats for the plain VAE, ${formatNumber(m4)} for the IAF model): the means are carried by a few images on which the search stays far from the posterior (the largest ${what} gap is ${formatNumber(largest)} nats), where the measured gap is only a loose upper bound`;
}

/** Whether some configuration ran other seeds than the first. */
export const seedsDiffer = (): boolean => summary.rows.some((r) => r.seeds.join() !== summary.rows[0]!.seeds.join());
