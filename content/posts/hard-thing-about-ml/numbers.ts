/**
 * The numbers the essay quotes, from its experiment's results (results/robust-predictions.json,
 * written by `npm run train`), and the sentences whose wording depends on them, so that a rerun
 * cannot make the prose false. Printing is @post-kit's.
 */
import { formatNumber } from '@post-kit';
import { meanInterval } from '@bounded-rationality/core/stats/interval.ts';
import results from './results/robust-predictions.json';

type Point = (typeof results.shifts)[number]['severities'][number];
type Variant = 'raw' | 'scaled';
type Metric = 'accuracy' | 'nll' | 'confidence' | 'ece' | 'brier';

export const { config, data, temperatures, unshifted, shifts } = results;
export const members = config.members;
export const pct = (v: number, digits = 1): string => `${formatNumber(v * 100, digits)}%`;

/** The shifts' points at one severity (1–5). */
export const at = (severity: number): Point[] => shifts.map((s) => s.severities[severity - 1]!);

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** A single network's metric (mean over members), averaged over the shifts at `severity` (0 = unshifted). */
export function single(metric: Metric, variant: Variant, severity: number): number {
  if (severity === 0) return unshifted.single[variant][metric].mean;
  return mean(at(severity).map((p) => p.single[variant][metric].mean));
}

/** The ensemble's metric, averaged over the shifts at `severity` (0 = unshifted). */
export function ensemble(metric: Metric, variant: Variant, severity: number): number {
  if (severity === 0) return unshifted.ensemble[variant][metric].value;
  return mean(at(severity).map((p) => p.ensemble[variant][metric].value));
}

/**
 * What temperature scaling does to a single network's ECE at `severity`, averaged over the
 * shifts: per member, raw − scaled, with the 95% t interval over members (paired: the same
 * network with and without its temperature).
 */
export function scalingGain(severity: number) {
  const perMember = Array.from({ length: members }, (_, m) => {
    const points = severity === 0 ? [unshifted] : at(severity);
    return mean(points.map((p) => p.single.raw.ece.values[m]! - p.single.scaled.ece.values[m]!));
  });
  return meanInterval(perMember);
}

export const bracket = (c: { low: number; high: number }): string => `[${pct(c.low)}, ${pct(c.high)}]`;
/** A difference of two shares, in percentage points. */
export const points = (v: number): string => `${formatNumber(v * 100, 1)} percentage points`;
/** An interval of a difference of shares, in percentage points. */
const pointsBracket = (low: number, high: number): string =>
  `[${formatNumber(low * 100, 1)}, ${formatNumber(high * 100, 1)}]`;

/** The scaling gain in words: helps, hurts or cannot tell, with its interval. */
export function scalingSentence(
  severity: number,
  g: { mean: number; low: number; high: number } = scalingGain(severity),
): string {
  const ci = (low: number, high: number) => `95% CI over the ${members} networks ${pointsBracket(low, high)}`;
  if (g.low > 0) return `lowered the expected calibration error by ${points(g.mean)} (${ci(g.low, g.high)})`;
  if (g.high < 0) return `raised the expected calibration error by ${points(-g.mean)} (${ci(-g.high, -g.low)})`;
  return `changed the expected calibration error by ${points(-g.mean)} (${ci(-g.high, -g.low)}, which includes zero): these networks cannot tell the sign`;
}

/** The shift that costs the most accuracy at `severity`. */
export function hardestShift(severity: number) {
  return at(severity)
    .map((p, i) => ({
      label: shifts[i]!.label,
      amount: p.amount,
      unit: shifts[i]!.unit,
      accuracy: p.single.raw.accuracy.mean,
    }))
    .sort((a, b) => a.accuracy - b.accuracy)[0]!;
}

/** The gap between mean confidence and accuracy (positive: overconfident) of one network, raw. */
export const overconfidence = (severity: number): number =>
  single('confidence', 'raw', severity) - single('accuracy', 'raw', severity);

/** How many times the unshifted ECE the scaled single network's ECE is at `severity`. */
export const eceGrowth = (severity: number): number => single('ece', 'scaled', severity) / single('ece', 'scaled', 0);

/** Whether the ensemble beats the single networks' whole interval on ECE at `severity` (raw). */
export function ensembleSentence(severity: number): string {
  const points = severity === 0 ? [unshifted] : at(severity);
  const singles = meanInterval(
    Array.from({ length: members }, (_, m) => mean(points.map((p) => p.single.raw.ece.values[m]!))),
  );
  const e = ensemble('ece', 'raw', severity);
  const where =
    e < singles.low
      ? 'below the whole 95% interval of the single networks'
      : e > singles.high
        ? 'above the whole 95% interval of the single networks'
        : 'inside the 95% interval of the single networks';
  return `the ensemble's was ${pct(e)}, against ${pct(singles.mean)} for one network (${bracket(singles)}): ${where}`;
}

/** The fitted temperatures' direction, in words. */
export function temperatureDirection(ts: readonly number[] = [...temperatures.members, temperatures.ensemble]): string {
  if (ts.every((t) => t > 1)) return 'all above 1, so they soften the confidences';
  if (ts.every((t) => t < 1)) return 'all below 1, so they sharpen the confidences';
  return 'some above 1 and some below, softening some networks and sharpening others';
}

/** What the unshifted test split says about a temperature fitted on validation. */
export function inDistributionVerdict(g = scalingGain(0)): string {
  if (g.high < 0)
    return `A fix fitted on ${data.validation} validation digits is a fix for those digits: here it does not even carry over to the test split of the same distribution.`;
  if (g.low > 0) return 'In distribution, the fix does what it is for.';
  return 'In distribution, these networks leave too little miscalibration for the fix to show.';
}

/** The answer to the essay's question at `severity`, from how far the scaled error grew. */
export function survivalVerdict(severity: number, growth = eceGrowth(severity)): string {
  if (growth >= 3)
    return `So the answer to the question is no: a calibration fitted in distribution does not survive the shift. At severity ${severity} the scaled error is ${formatNumber(growth, 0)} times what it was unshifted.`;
  if (growth >= 1.5)
    return `So a calibration fitted in distribution survives the shift only in part: at severity ${severity} the scaled error is ${formatNumber(growth, 1)} times what it was unshifted.`;
  return `So here a calibration fitted in distribution largely survives the shift: at severity ${severity} the scaled error is ${formatNumber(growth, 1)} times what it was unshifted.`;
}

/** Whether the ensemble's averaging closes the calibration gap of one network at `severity`. */
export function ensembleVerdict(severity: number): string {
  const e = ensemble('ece', 'raw', severity);
  const s = single('ece', 'raw', severity);
  if (e < s / 2) return "The ensemble's disagreement adds much of the missing doubt.";
  if (e < s) return "The ensemble's disagreement adds some of the missing doubt, but not most of it.";
  return "The ensemble's averaging does not add the missing doubt here.";
}

/** The temperature-scaled ensemble's overconfidence (confidence − accuracy) on one shift at one severity. */
export function ensembleGap(id: string, severity: number): { label: string; amount: number; gap: number } {
  const shift = shifts.find((s) => s.id === id);
  if (!shift) throw new Error(`The robustness results have no shift "${id}".`);
  const p = shift.severities[severity - 1]!;
  return {
    label: shift.label,
    amount: p.amount,
    gap: p.ensemble.scaled.confidence.value - p.ensemble.scaled.accuracy.value,
  };
}
