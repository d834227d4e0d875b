/**
 * Elo ratings, the baseline the ranking post compares Bradley-Terry with. Each match moves the two
 * ratings by K · (outcome − expected), with expected = 1 / (1 + 10^((r_loser − r_winner) / 400)),
 * in the order the matches were played: unlike a Bradley-Terry fit, the result depends on that
 * order, and old matches count as much as their K left them.
 */
import type { Result } from './graph.ts';

export interface EloOptions {
  /** Step size (default 32). */
  k?: number;
  /** Everyone's starting rating (default 1500). */
  initial?: number;
}

/** The ratings of `n` players after `results`, applied in order. */
export function eloRatings(n: number, results: readonly Result[], options: EloOptions = {}): Float64Array {
  const { k = 32, initial = 1500 } = options;
  const ratings = new Float64Array(n).fill(initial);
  for (const { winner, loser, count = 1 } of results) {
    for (let c = 0; c < count; c++) {
      const expected = 1 / (1 + 10 ** ((ratings[loser]! - ratings[winner]!) / 400));
      const step = k * (1 - expected);
      ratings[winner]! += step;
      ratings[loser]! -= step;
    }
  }
  return ratings;
}
