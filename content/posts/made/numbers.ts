/**
 * The numbers the MADE post quotes, selected from its training results (results/*.json, written by
 * `npm run train`), and the sentences whose wording depends on them, so that a rerun cannot make
 * the prose false. Printing is @post-kit's.
 */
import { formatNumber, formatSigned } from '@post-kit';
import summary from './results/made-summary.json';
import baselineRun from './results/made-baseline.json';

export type Architecture = '1x500' | '2x500';
export type Masks = 'fixed' | 'sampled';
export type Row = (typeof summary.rows)[number];
export type Comparison = (typeof summary.comparisons)[number];
type Stat = { mean: number; std: number; values: number[] };

export const baseline = baselineRun;
export const seedCount = summary.rows[0]!.seeds.length;
const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const word = (n: number): string => WORDS[n] ?? String(n);

export function row(architecture: Architecture, masks: Masks): Row {
  const found = summary.rows.find((r) => r.architecture === architecture && r.masks === masks);
  if (!found) throw new Error(`The MADE summary has no ${architecture} ${masks} configuration.`);
  return found;
}

/** A configuration's test and training NLL with an ensemble of k masks (1 for a one-mask model). */
export function at(r: Row, k: number): { test: Stat; train: Stat } {
  const found = r.ensembles.find((e) => e.masks === k);
  if (!found) throw new Error(`The ${r.architecture} ${r.masks} runs have no ensemble of ${k} masks.`);
  return found;
}

/** The ensemble sizes evaluated, and the largest. */
export const sizes: number[] = row('1x500', 'sampled').ensembles.map((e) => e.masks);
export const largestK = Math.max(...sizes);

export function comparison(id: string): Comparison {
  const found = summary.comparisons.find((c) => c.id === id);
  if (!found) throw new Error(`The MADE summary has no comparison "${id}".`);
  return found;
}

/** The point estimate of a comparison (a difference of means, or a mean of paired differences). */
export const estimate = (c: Comparison): number => ('difference' in c ? c.difference : c.mean) as number;

export const bracket = (c: Pick<Comparison, 'low' | 'high'>, digits = 2): string =>
  `[${formatNumber(c.low, digits)}, ${formatNumber(c.high, digits)}]`;

/** Whether a 95% interval leaves zero out. */
export const decided = (c: Pick<Comparison, 'low' | 'high'>): boolean => c.low > 0 || c.high < 0;

/**
 * A test-NLL difference in words: which way it goes and by how much, with its interval; or, when
 * the interval includes zero, that the data cannot tell, and the largest effect it leaves open.
 */
export function effect(c: Comparison, digits = 2): string {
  const size = formatNumber(Math.abs(estimate(c)), digits);
  const ci = `95% CI ${bracket(c, digits)}`;
  if (c.high < 0) return `lowers the test NLL by ${size} nats (${ci})`;
  if (c.low > 0) return `raises the test NLL by ${size} nats (${ci})`;
  const open = formatNumber(Math.max(Math.abs(c.low), Math.abs(c.high)), digits);
  return `changes the test NLL by ${formatSigned(estimate(c), digits)} nats (${ci}, which includes zero): these runs cannot tell the sign of the effect, and leave effects of up to ${open} nats in either direction open`;
}

/** Whether the mean test NLL falls at every doubling of the ensemble. */
export function fallsWithEveryDoubling(architecture: Architecture): boolean {
  const means = row(architecture, 'sampled').ensembles.map((e) => e.test.mean);
  return means.every((m, i) => i === 0 || m < means[i - 1]!);
}

/** The ensembles whose paired gain over one mask has an interval that excludes zero. */
export const decidedGains = (architecture: Architecture): number[] =>
  sizes.slice(1).filter((k) => decided(comparison(`ensemble-${architecture}-${k}`)));

/** The doubling to the largest ensemble: its paired gain, for "is the curve flat at the end?". */
export const lastDoubling = (architecture: Architecture): Comparison =>
  comparison(`ensemble-${architecture}-${largestK}-${largestK / 2}`);

/** How the runs of each mask mode ended: at the epoch cap (still improving) or stopped early. */
export function capSummary(): string {
  const part = (masks: Masks) => {
    const rows = summary.rows.filter((r) => r.masks === masks);
    const runs = rows.reduce((n, r) => n + r.seeds.length, 0);
    const capped = rows.reduce((n, r) => n + r.reachedCap, 0);
    const what = masks === 'fixed' ? 'one-mask' : 'sampled-mask';
    if (capped === 0) return `every one of the ${runs} ${what} runs stopped early`;
    const of = capped === runs ? `all ${runs}` : `${capped} of the ${runs}`;
    return `${of} ${what} runs reached the cap of ${rows[0]!.maxEpochs} epochs without stopping early (each had improved on validation within its last ${rows[0]!.patience} epochs)`;
  };
  return `${part('sampled')}, and ${part('fixed')}.`;
}

/** The generalisation gap (test − train NLL) of a configuration at its largest ensemble. */
export const gap = (r: Row): Stat => r.generalizationGap;

/** Test NLL as a share of the independent-pixel baseline's. */
export const share = (nll: number): number => nll / baseline.test.nll;

/** A configuration's name in the table (with its ensemble size, for sampled masks). */
export const label = (architecture: string, masks: string, k?: number): string =>
  `${architecture.replace('x', ' × ')}, ${masks === 'fixed' ? 'one mask' : k === 1 ? 'sampled masks, 1 mask' : `sampled masks, ensemble of ${k}`}`;

/**
 * A plain PyTorch MADE of one hidden layer of 500 units with one mask, on this split (mnist-10k),
 * at its best validation epoch: the reference the project was asked to match. Not ours to compute.
 */
export const PYTORCH_REFERENCE = 92.4;

/** Ours against that reference: "lower by X nats" or "higher by X nats". */
export function againstReference(nll: number): string {
  const by = formatNumber(Math.abs(nll - PYTORCH_REFERENCE));
  return nll < PYTORCH_REFERENCE ? `${by} nats lower` : `${by} nats higher`;
}

/** The range of test − train NLL over the configurations (at each one's largest ensemble). */
export function gapRange(): { min: number; max: number } {
  const means = summary.rows.map((r) => r.generalizationGap.mean);
  return { min: Math.min(...means), max: Math.max(...means) };
}

/**
 * How the sampled-mask models' fit compares with the one-mask models' of the same size, on both
 * splits and in the gap between them, in words.
 */
export function regularisationSentence(architecture: Architecture): string {
  const fixed = row(architecture, 'fixed');
  const sampled = row(architecture, 'sampled');
  const k = largestK;
  const smallerGap = sampled.generalizationGap.mean < fixed.generalizationGap.mean;
  const worseTest = at(sampled, k).test.mean > at(fixed, 1).test.mean;
  const worseTrain = at(sampled, k).train.mean > at(fixed, 1).train.mean;
  const gapPart = smallerGap ? 'a smaller gap than the one-mask model' : 'no smaller a gap than the one-mask model';
  if (worseTest && worseTrain) return `${gapPart}, but a worse fit on both splits`;
  if (!worseTest && !worseTrain) return `${gapPart}, and a better fit on both splits`;
  return `${gapPart}, with a ${worseTest ? 'worse' : 'better'} test NLL and a ${worseTrain ? 'worse' : 'better'} training NLL`;
}

/** The verdict on one mask against many, from both architectures' intervals. */
export function masksVerdict(): string {
  const c = (['1x500', '2x500'] as const).map((a) => comparison(`masks-${a}`));
  if (c.every((x) => x.low > 0))
    return 'At both sizes the one-mask model is better, and the intervals leave no doubt about the sign.';
  if (c.every((x) => x.high < 0))
    return 'At both sizes the ensemble of sampled masks is better, and the intervals leave no doubt about the sign.';
  return 'The two sizes do not agree, or an interval includes zero: the runs do not settle which is better.';
}

/** Within a sampled-mask run, the sd of its single masks' test NLLs; mean over seeds. */
export function maskSpread(architecture: Architecture): number {
  const spread = row(architecture, 'sampled').singleMaskSpread;
  if (!spread) throw new Error(`The ${architecture} sampled-mask runs record no single-mask spread.`);
  return spread.mean;
}
