/**
 * The numbers the ranking post quotes, selected from its training results
 * (results/table-tennis-league.json, written by `npm run train`), and the sentences whose wording
 * depends on them, so that a rerun cannot make the prose false. Printing is @post-kit's.
 */
import { formatNumber } from '@post-kit';
import results from './results/table-tennis-league.json';

export type Interval = { mean: number; low: number; high: number };
type Point = (typeof results.accumulation)[number];

export const { league, fit, config } = results;
export const accumulation: Point[] = results.accumulation;
export const prior = config.prior;
export const seasons = config.accumulation.seasons;
export const seasonLength = config.accumulation.league.matches;
export const seasonPlayers = config.accumulation.league.players;
export const newcomer = league.names[league.newcomer]!;
export const newcomerMatches = config.league.newcomerMatches;
if (!fit.mle) throw new Error('The ranking results have no fit without a prior (the regular players must have one).');
export const mle = fit.mle;

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const word = (n: number): string => WORDS[n] ?? String(n);

export const bracket = (c: { low: number; high: number }, digits = 2): string =>
  `[${formatNumber(c.low, digits)}, ${formatNumber(c.high, digits)}]`;

/** `value` as "1.7 × 10⁻¹³" (two significant digits). */
export function scientific(value: number): string {
  if (!Number.isFinite(value) || value === 0) return formatNumber(value, 0);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  const mantissa = value / 10 ** exponent;
  const SUP: Record<string, string> = {
    '-': '⁻',
    '0': '⁰',
    '1': '¹',
    '2': '²',
    '3': '³',
    '4': '⁴',
    '5': '⁵',
    '6': '⁶',
    '7': '⁷',
    '8': '⁸',
    '9': '⁹',
  };
  return `${formatNumber(mantissa, 1)} × 10${[...String(exponent)].map((ch) => SUP[ch]).join('')}`;
}

/**
 * Whether an MM trace ever fell, in words. In exact arithmetic it cannot; in floating point, once
 * converged, the objective moves at the level of rounding, taken here as 64 units in the last
 * place of its largest value. A drop beyond that would be a bug, and the sentence says so.
 */
export function monotoneSentence(objective: readonly number[]): string {
  const sweeps = objective.length - 1;
  let drop = 0;
  let at = -1;
  for (let i = 1; i < objective.length; i++) {
    if (objective[i - 1]! - objective[i]! > drop) {
      drop = objective[i - 1]! - objective[i]!;
      at = i;
    }
  }
  const rounding = 64 * Number.EPSILON * Math.max(...objective.map(Math.abs));
  if (at < 0) return `rose at every one of its ${sweeps} sweeps`;
  if (drop <= rounding)
    return `never fell by more than rounding error over its ${sweeps} sweeps (its largest drop, ${scientific(drop)} nats, is below ${scientific(rounding)}, 64 units in the last place)`;
  return `fell by ${scientific(drop)} nats at sweep ${at}, more than rounding explains, which MM should never do`;
}

export function at(matches: number): Point {
  const found = accumulation.find((c) => c.matches === matches);
  if (!found) throw new Error(`The accumulation study has no point at ${matches} matches.`);
  return found;
}
export const first = accumulation[0]!;
export const last = accumulation.at(-1)!;

/** Which side of zero a 95% interval lies on: 1 above, −1 below, 0 if it holds zero. */
export const side = (c: { low: number; high: number }): -1 | 0 | 1 => (c.low > 0 ? 1 : c.high < 0 ? -1 : 0);

/** Bradley-Terry against Elo, in words, from the paired differences in τ at every point. */
export function eloVerdict(points: readonly Point[]): string {
  const sides = points.map((c) => side(c.difference));
  if (sides.every((s) => s === 1))
    return `ranked closer to the truth than Elo at every one of the ${points.length} points`;
  if (sides.every((s) => s === -1))
    return `ranked further from the truth than Elo at every one of the ${points.length} points`;
  const better = sides.filter((s) => s === 1).length;
  const worse = sides.filter((s) => s === -1).length;
  return `ranked closer to the truth than Elo at ${better} of the ${points.length} points, further at ${worse}, and the rest could not be told apart`;
}

/** The Gamma prior against the phantom player, in words, from the paired RMSE differences (Gamma − phantom). */
export function priorVerdict(points: readonly Point[]): string {
  const ranges = (s: -1 | 0 | 1) => {
    const ks = points.filter((c) => side(c.rmse.difference) === s).map((c) => c.matches);
    if (ks.length === 0) return undefined;
    return ks.length === 1 ? `${ks[0]} matches` : `${ks.length} points from ${ks[0]} to ${ks.at(-1)} matches`;
  };
  const gamma = ranges(-1);
  const phantom = ranges(1);
  const tie = ranges(0);
  const parts = [
    gamma && `the Gamma prior was closer at ${gamma}`,
    phantom && `the phantom player at ${phantom}`,
    tie && `the intervals held zero at ${tie}`,
  ].filter(Boolean);
  return parts.join('; ');
}

/** The largest RMSE difference, either way, over the season: how much the choice mattered. */
export const largestRmseGap = Math.max(...accumulation.map((c) => Math.abs(c.rmse.difference.mean)));

/** Coverage of the nominal 95% intervals, lowest and highest over the season. */
export const coverage = {
  low: Math.min(...accumulation.map((c) => c.coverage)),
  high: Math.max(...accumulation.map((c) => c.coverage)),
};

/** Elo's best step sizes over the season, in order of first appearance. */
export const eloKs: number[] = [...new Set(accumulation.map((c) => c.elo.k))];
export const eloGrid: number[] = first.eloByK.map((e) => e.k);

/**
 * The trigamma function ψ′(x) for x > 0: the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 8, then
 * the asymptotic series 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹).
 */
export function trigamma(x: number): number {
  if (!(x > 0)) throw new Error(`trigamma: x must be positive, got ${x}`);
  let sum = 0;
  while (x < 8) {
    sum += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  return sum + inv + inv2 / 2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 / 30)));
}

/** Standard deviation of θ = log p when p ~ Gamma(a, b): √ψ′(a), whatever the rate. */
export const gammaLogSd = (shape: number): number => Math.sqrt(trigamma(shape));
/** Standard deviation of the standard logistic distribution, the phantom player's implied prior. */
export const LOGISTIC_SD = Math.PI / Math.sqrt(3);

/**
 * A single-elimination draw of 2^m players, the best always winning: the final is the only match
 * that can place the second-best player second, and they reach it only from the other half of the
 * draw: 2^(m−1) of the other 2^m − 1 places.
 */
export function knockout(players: number) {
  const m = Math.log2(players);
  if (!Number.isInteger(m) || m < 1) throw new Error(`knockout: a power of two players, not ${players}`);
  return {
    matches: players - 1,
    roundRobin: (players * (players - 1)) / 2,
    runnerUpIsSecond: players / 2 / (players - 1),
    firstRoundLosers: players / 2,
  };
}

/**
 * The least-squares slope of centred estimates on the centred truth over the players both cover:
 * 1 for no shrinkage, below 1 when a prior pulls the table toward its middle.
 */
export function shrinkageSlope(estimate: readonly number[], truth: readonly number[]): number {
  if (estimate.length !== truth.length || estimate.length < 2)
    throw new Error('shrinkageSlope: two equal lists of at least two');
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const me = mean(estimate);
  const mt = mean(truth);
  let cov = 0;
  let varT = 0;
  truth.forEach((t, i) => {
    cov += (t - mt) * (estimate[i]! - me);
    varT += (t - mt) ** 2;
  });
  return cov / varT;
}

const regularTruth = mle.players.map((i) => league.truth[i]!);
export const slopes = {
  gamma: shrinkageSlope(
    mle.players.map((i) => fit.map.logStrengths[i]!),
    regularTruth,
  ),
  phantom: shrinkageSlope(
    mle.players.map((i) => fit.phantom.logStrengths[i]!),
    regularTruth,
  ),
  none: shrinkageSlope(mle.logStrengths, regularTruth),
};

/** Which fit the slopes say shrinks the most, in words. */
export function shrinkageSentence(s: typeof slopes): string {
  const entries = [
    ['the Gamma prior', s.gamma],
    ['the phantom player', s.phantom],
    ['no prior', s.none],
  ] as const;
  const sorted = [...entries].sort((a, b) => a[1] - b[1]);
  return `${sorted[0]![0]} pulls the table toward its middle the most (slope ${formatNumber(sorted[0]![1])}), then ${sorted[1]![0]} (${formatNumber(sorted[1]![1])}), and ${sorted[2]![0]} the least (${formatNumber(sorted[2]![1])})`;
}

/** The newcomer's place in the Gamma-prior table. */
export const newcomerRank = 1 + fit.map.logStrengths.filter((v) => v > fit.map.logStrengths[league.newcomer]!).length;

/** Whether the Gamma prior is ahead early and the phantom player late, or something else, in words. */
export function priorTrend(points: readonly Point[]): string {
  const early = side(points[0]!.rmse.difference);
  const late = side(points.at(-1)!.rmse.difference);
  if (early === -1 && late === 1)
    return 'The narrower Gamma prior is ahead while there is little data and behind once there is more, which is what a stronger prior should do';
  if (early === -1 && late !== 1)
    return 'The narrower Gamma prior is ahead while there is little data, and the gap closes later';
  if (early !== -1 && late === 1) return 'The wider phantom prior is ahead once there is enough data';
  return 'Neither prior is ahead throughout';
}
