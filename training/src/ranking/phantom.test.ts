import { describe, expect, it } from 'vitest';
import type { Result } from '@bounded-rationality/core/bradley-terry/graph.ts';
import { phantomFit } from './phantom.ts';

/**
 * The gradient in θ of Σ_matches [θ_w − log(e^θ_w + e^θ_l)] + Σ_i [θ_i − 2 log(1 + e^θ_i)], the
 * log-likelihood with a standard logistic prior on each log-strength, written out here on its own.
 */
function logisticPosteriorGradient(n: number, results: readonly Result[], theta: readonly number[]): number[] {
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const g = theta.map((t) => 1 - 2 * sigmoid(t));
  for (const { winner: w, loser: l } of results) {
    const pLoser = sigmoid(theta[l]! - theta[w]!);
    g[w]! += pLoser;
    g[l]! -= pLoser;
  }
  return g.slice(0, n);
}

const results: Result[] = [
  { winner: 0, loser: 1 },
  { winner: 0, loser: 1 },
  { winner: 1, loser: 2 },
  { winner: 0, loser: 2 },
  { winner: 2, loser: 1 },
  // Player 3 never loses: without the phantom there is no maximum-likelihood estimate.
  { winner: 3, loser: 0 },
  { winner: 3, loser: 2 },
];

describe('phantomFit', () => {
  it('is finite where the maximum-likelihood estimate does not exist', () => {
    const theta = phantomFit(4, results);
    expect(theta.every(Number.isFinite)).toBe(true);
    expect(theta[3]).toBeGreaterThan(Math.max(theta[0]!, theta[1]!, theta[2]!));
  });

  it('maximises the log-likelihood with a standard logistic prior centred on the phantom', () => {
    const theta = phantomFit(4, results);
    for (const g of logisticPosteriorGradient(4, results, theta)) expect(Math.abs(g)).toBeLessThan(1e-7);
  });

  it('puts players with no games at the phantom', () => {
    expect(phantomFit(3, [{ winner: 0, loser: 1 }])[2]).toBeCloseTo(0, 8);
  });
});
