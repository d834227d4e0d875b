/**
 * The numbers the semi-supervised post quotes, selected from its training results (results/*.json,
 * written by `npm run train`), and the sentences whose wording depends on them, so that a rerun
 * cannot make the prose false. Printing is @post-kit's.
 */
import { formatNumber, formatSigned } from '@post-kit';
import summary from './results/m2-summary.json';
import demoRun from './results/m2-l100-s1.json';
import stylesRun from './results/m2-styles.json';

export type Budget = (typeof summary.budgets)[number];
export type MethodRow = Budget['methods'][number];
export type Comparison = Budget['comparisons'][number];
type Interval = { low: number; high: number };

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const word = (n: number): string => WORDS[n] ?? String(n);

export const seeds = summary.seeds;
export const seedWord = word(seeds.length);
export const labelCounts: number[] = summary.budgets.map((b) => b.labels);
/** The budgets with M2 on pixels. */
export const m2Budgets: number[] = summary.budgets
  .filter((b) => b.methods.some((m) => m.method === 'm2'))
  .map((b) => b.labels);

export const trainSize = demoRun.data.labelled + demoRun.data.unlabelled;
export const validationSize = demoRun.data.validation;
export const testSize = demoRun.data.test;
export const unlabelledAt = (labels: number): number => trainSize - labels;

/** The paper's unlabelled images (full MNIST's 60,000 training images less 100 labelled and a 10,000 validation split, about 50,000). */
export const PAPER_UNLABELLED = 50_000;
/** How many times our unlabelled images the paper had, rounded. */
export const paperUnlabelledRatio = PAPER_UNLABELLED / unlabelledAt(100);

/** Half-width of a 95% binomial interval for one run's test error (in points) at error rate `p` (a share). */
export const runNoise = (p: number): number => 100 * 1.959963984540054 * Math.sqrt((p * (1 - p)) / testSize);

/** The paper's α, as a multiple of N. */
export const paperAlpha = 0.1;
export const alphaSweep = summary.alphaSweep;
export const chosenAlpha = summary.chosenAlphaScale;

/** How validation error moved over the α sweep, in words. */
export function sweepRange(sweep: readonly { alphaScale: number; validationError: number }[] = alphaSweep): string {
  const errors = sweep.map((s) => `${formatNumber(s.validationError, 1)}%`);
  const falling = sweep.every((s, i) => i === 0 || s.validationError < sweep[i - 1]!.validationError);
  return `${falling ? 'down at every step, ' : ''}${errors.join(', ')} in that order`;
}

export function budget(labels: number): Budget {
  const found = summary.budgets.find((b) => b.labels === labels);
  if (!found) throw new Error(`The M2 summary has no budget of ${labels} labels.`);
  return found;
}

export function method(labels: number, id: string): MethodRow | undefined {
  return budget(labels).methods.find((m) => m.method === id);
}

/** A method's mean test error (%) at a budget; it must have run there. */
export function meanError(labels: number, id: string): number {
  const m = method(labels, id);
  if (!m) throw new Error(`The M2 summary has no ${id} at ${labels} labels.`);
  return m.testError.mean;
}

export const methodsIn = (labels: number): string[] => budget(labels).methods.map((m) => m.method);

/** A table cell: mean ± sd [95% interval of the mean], or a dash where the method did not run. */
export function errorCell(labels: number, id: string): string {
  const m = method(labels, id);
  if (!m) return '–';
  const { mean, std, interval } = m.testError;
  return `${formatNumber(mean, 1)} ± ${formatNumber(std, 1)} [${formatNumber(interval.low, 1)}, ${formatNumber(interval.high, 1)}]`;
}

export function comparison(labels: number, id: string): Comparison {
  const found = budget(labels).comparisons.find((c) => c.id === `${id}-${labels}`);
  if (!found) throw new Error(`The M2 summary has no comparison ${id} at ${labels} labels.`);
  return found;
}

const NAMES: Record<string, string> = Object.fromEntries(summary.methods.map((m) => [m.method, m.name]));
export const bestBaselineName = (labels: number): string => NAMES[budget(labels).bestBaseline]!;

export const bracket = (c: Interval, digits = 1): string =>
  `[${formatNumber(c.low, digits)}, ${formatNumber(c.high, digits)}]`;

/**
 * A paired difference in test error, a − b in percentage points, in words: which has the lower error
 * and by how much when the interval leaves zero out; otherwise that these seeds cannot tell, and the
 * largest difference they leave open.
 */
export function effect(c: Pick<Comparison, 'a' | 'b' | 'mean' | 'low' | 'high'>, names = NAMES): string {
  const a = names[c.a]!;
  const b = names[c.b]!;
  const ci = `95% CI ${bracket(c)}`;
  const size = formatNumber(Math.abs(c.mean), 1);
  if (c.high < 0) return `${a} has a lower error than ${b}, by ${size} points (${ci})`;
  if (c.low > 0)
    return `${b} has a lower error than ${a}, by ${size} points (${a} − ${b}: ${formatSigned(c.mean, 1)}, ${ci})`;
  const open = formatNumber(Math.max(Math.abs(c.low), Math.abs(c.high)), 1);
  return `${a} − ${b} is ${formatSigned(c.mean, 1)} points (${ci}, which includes zero): these seeds cannot tell which is better, and leave differences of up to ${open} points open`;
}

/** The post's comparisons at one budget, one sentence each. */
export function differenceSentence(labels: number): string {
  const b = budget(labels);
  // Where the best baseline is the MLP, "against the best baseline" repeats "against the MLP".
  const seen = new Set<string>();
  const wanted = b.comparisons.filter((c) => {
    const pair = `${c.a}/${c.b}`;
    if (seen.has(pair)) return false;
    seen.add(pair);
    return true;
  });
  const parts = wanted.map((c) => effect(c));
  return `${parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('. ')}. (The best baseline by validation error here is ${bestBaselineName(labels)}.)`;
}

/**
 * The goal set for this post: at most 20% test error at 100 labels, and clearly (beyond the seed
 * noise, i.e. by a paired interval that leaves zero out) below the labels-only MLP.
 */
export const GOAL = 20;
export function goalSentence(): string {
  const labels = 100;
  const clause = (id: 'm2' | 'm1m2') => {
    const m = method(labels, id);
    if (!m) return undefined;
    const c = comparison(labels, `${id}-mlp`);
    const err = formatNumber(m.testError.mean, 1);
    const goal = m.testError.mean <= GOAL ? `within the ${GOAL}% we aimed for` : `above the ${GOAL}% we aimed for`;
    const vsMlp =
      c.high < 0
        ? `below the labels-only MLP by more than the seed noise (${bracket(c)} points, paired)`
        : c.low > 0
          ? `above the labels-only MLP (${bracket(c)} points, paired)`
          : `not distinguishable from the labels-only MLP (${bracket(c)} points, paired, includes zero)`;
    return `${NAMES[id]} reaches ${err}% mean test error, ${goal}, and ${vsMlp}`;
  };
  const parts = [clause('m2'), clause('m1m2')].filter(Boolean);
  return `At 100 labels, ${parts.join('; ')}.`;
}

const c = stylesRun.classConditioning;
/** Whether the class input controls the renderings, in words, from the judge's verdicts. */
export function conditioningVerdict(followsY: number, keepsSource: number): string {
  if (followsY >= 0.8) return 'The class input y does control which digit is drawn, for most renderings.';
  if (keepsSource > followsY)
    return 'More renderings keep the source digit’s class than take the one asked for: in this model z carries much of the class, and y is only part of the story.';
  if (followsY >= 0.5)
    return 'The class input y controls the drawn digit more often than not, but far from always: part of the class still lives in z.';
  return 'Most renderings show neither the class asked for nor the source’s: the decoder’s class-conditional drawings are often not legible digits.';
}
export const conditioning = { ...c, verdict: conditioningVerdict(c.followsY, c.keepsSource) };

/** Where the paper's α landed in the sweep, in words. */
export function paperAlphaSentence(
  sweep: readonly { alphaScale: number; validationError: number }[] = alphaSweep,
): string {
  const ranked = [...sweep].sort((a, b) => a.validationError - b.validationError);
  const place = ranked.findIndex((s) => s.alphaScale === paperAlpha);
  if (place < 0) return `The paper's ${paperAlpha} N was not in the sweep.`;
  if (place === ranked.length - 1)
    return `The paper's ${paperAlpha} N was the worst of the ${word(ranked.length)} here.`;
  if (place === 0) return `The paper's ${paperAlpha} N was the best of the ${word(ranked.length)} here.`;
  return `The paper's ${paperAlpha} N came ${['first', 'second', 'third', 'fourth', 'fifth'][place]} of the ${word(ranked.length)} here.`;
}
