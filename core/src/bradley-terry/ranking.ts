/**
 * A league table from results: fit (with the reader's prior, or without one when the maximum-
 * likelihood ranking exists), then one row per player with their strength, its 95% interval, their
 * record and their rank. What the ranking tool shows and exports, and what the post's figures use.
 */
import { existence, winCounts, type Existence, type Result } from './graph.ts';
import { fitBradleyTerry, type Fit, type GammaPrior } from './fit.ts';
import { logStrengthCovariance } from './uncertainty.ts';

export interface RankingRow {
  rank: number;
  player: number;
  name: string;
  /** Log-strength relative to the average player (mean log-strength 0). */
  rating: number;
  /** 95% interval of that relative log-strength. */
  low: number;
  high: number;
  wins: number;
  losses: number;
}

export interface Ranking {
  rows: RankingRow[];
  existence: Existence;
  fit: Fit;
  covariance: Float64Array;
}

const Z95 = 1.959963984540054;

/**
 * Ranks `names` by `results`. Without a prior the maximum-likelihood ranking must exist (the
 * existence report says why not, and fitBradleyTerry throws with it).
 */
export function rankPlayers(
  names: readonly string[],
  results: readonly Result[],
  prior?: GammaPrior,
  /** Strengths to start the fit from (fitBradleyTerry's `start`), e.g. the last ranking's. */
  start?: ArrayLike<number>,
): Ranking {
  const n = names.length;
  const wins = winCounts(n, results);
  const check = existence(n, wins, (i) => names[i]!);
  const fit = fitBradleyTerry(n, wins, {
    ...(prior ? { prior } : {}),
    ...(start ? { start } : {}),
    name: (i) => names[i]!,
  });
  const covariance = logStrengthCovariance(fit);
  const theta = Array.from(fit.strengths, Math.log);
  const mean = theta.reduce((s, v) => s + v, 0) / n;
  // Var(θ_i − mean θ) = Σ_ii − (2/n) Σ_j Σ_ij + (1/n²) Σ_jk Σ_jk.
  let total = 0;
  const rowSums = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += covariance[i * n + j]!;
    total += s;
    return s;
  });
  const record = (i: number) => {
    let w = 0;
    let l = 0;
    for (let j = 0; j < n; j++) {
      w += wins[i * n + j]!;
      l += wins[j * n + i]!;
    }
    return { wins: w, losses: l };
  };
  const rows = names.map((name, i) => {
    const rating = theta[i]! - mean;
    const variance = covariance[i * n + i]! - (2 * rowSums[i]!) / n + total / (n * n);
    const half = Z95 * Math.sqrt(Math.max(0, variance));
    return { rank: 0, player: i, name, rating, low: rating - half, high: rating + half, ...record(i) };
  });
  rows.sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name));
  rows.forEach((r, k) => (r.rank = k + 1));
  return { rows, existence: check, fit, covariance };
}

/** The table as CSV (rank, player, rating, interval, wins, losses), names quoted where needed. */
export function rankingCsv(rows: readonly RankingRow[]): string {
  const quote = (s: string) => (/[",\r\n]|^\s|\s$|^#/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = rows.map((r) =>
    [r.rank, quote(r.name), r.rating.toFixed(3), r.low.toFixed(3), r.high.toFixed(3), r.wins, r.losses].join(','),
  );
  return ['rank,player,rating,low,high,wins,losses', ...lines].join('\n') + '\n';
}
