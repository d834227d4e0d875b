/**
 * The ranking post's computed sentences and helpers: each says what its numbers allow, whichever way
 * a rerun comes out. Checked on made-up numbers and known values, not only on the committed results.
 */
import { describe, expect, it } from 'vitest';
import {
  accumulation,
  at,
  eloVerdict,
  gammaLogSd,
  knockout,
  LOGISTIC_SD,
  monotoneSentence,
  newcomerRank,
  priorTrend,
  priorVerdict,
  shrinkageSentence,
  shrinkageSlope,
  side,
  scientific,
  trigamma,
} from './numbers.ts';

type Point = (typeof accumulation)[number];
const interval = (low: number, high: number) => ({ mean: (low + high) / 2, low, high });
/** A made-up accumulation point with these τ and RMSE differences. */
const point = (matches: number, tau: [number, number], rmse: [number, number]): Point => ({
  ...accumulation[0]!,
  matches,
  difference: { ...accumulation[0]!.difference, ...interval(...tau) },
  rmse: { ...accumulation[0]!.rmse, difference: { ...accumulation[0]!.rmse.difference, ...interval(...rmse) } },
});

describe('the ranking post’s helpers', () => {
  it('compute the trigamma function and the prior widths from known values', () => {
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 10);
    expect(trigamma(2)).toBeCloseTo(Math.PI ** 2 / 6 - 1, 10);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 10);
    // At an integer, ψ′(m) = π²/6 − Σ_{k<m} 1/k²; at 10 the asymptotic series alone does the work.
    const partial = Array.from({ length: 9 }, (_, k) => 1 / (k + 1) ** 2).reduce((a, b) => a + b, 0);
    expect(trigamma(10)).toBeCloseTo(Math.PI ** 2 / 6 - partial, 11);
    expect(gammaLogSd(2)).toBeCloseTo(Math.sqrt(Math.PI ** 2 / 6 - 1), 10);
    expect(LOGISTIC_SD).toBeCloseTo(1.813799364, 8);
    expect(() => trigamma(0)).toThrow(/positive/);
  });

  it('count a knockout of sixteen: fifteen matches, a runner-up who is second 8 times in 15', () => {
    expect(knockout(16)).toEqual({ matches: 15, roundRobin: 120, runnerUpIsSecond: 8 / 15, firstRoundLosers: 8 });
    expect(knockout(2).runnerUpIsSecond).toBe(1);
    expect(() => knockout(12)).toThrow(/power of two/);
  });

  it('say a trace fell, and where, when it did', () => {
    expect(monotoneSentence([-10, -8, -8, -7])).toBe('rose at every one of its 3 sweeps');
    expect(monotoneSentence([-10, -8, -8.5, -7])).toBe(
      'fell by 5.0 × 10⁻¹ nats at sweep 2, more than rounding explains, which MM should never do',
    );
    // A drop of a few units in the last place of 264 is rounding, not a failure of MM.
    const converged = [-300, -264.02697827211, -264.02697827211 - 2e-13, -264.02697827211];
    expect(monotoneSentence(converged)).toMatch(
      /^never fell by more than rounding error over its 3 sweeps \(its largest drop, [12]\.\d × 10⁻¹³ nats, is below 4\.3 × 10⁻¹²/,
    );
    expect(scientific(1.7053e-13)).toBe('1.7 × 10⁻¹³');
    expect(scientific(-0.025)).toBe('−2.5 × 10⁻²');
  });

  it('measure shrinkage as the slope of estimate on truth, and order the fits by it', () => {
    expect(shrinkageSlope([0.5, 1, 1.5], [1, 2, 3])).toBeCloseTo(0.5, 12);
    expect(shrinkageSlope([11, 12, 13], [1, 2, 3])).toBeCloseTo(1, 12);
    expect(shrinkageSentence({ gamma: 0.6, phantom: 0.8, none: 1.02 })).toBe(
      'the Gamma prior pulls the table toward its middle the most (slope 0.60), then the phantom player (0.80), and no prior the least (1.02)',
    );
    expect(shrinkageSentence({ gamma: 0.9, phantom: 0.8, none: 0.7 })).toMatch(
      /^no prior pulls .* the Gamma prior the least/,
    );
  });

  it('give Bradley-Terry against Elo a direction only where the paired interval leaves zero out', () => {
    expect(side(interval(0.1, 0.2))).toBe(1);
    expect(side(interval(-0.2, -0.1))).toBe(-1);
    expect(side(interval(-0.1, 0.2))).toBe(0);
    const better = [point(25, [0.01, 0.03], [0, 0]), point(50, [0.02, 0.05], [0, 0])];
    expect(eloVerdict(better)).toBe('ranked closer to the truth than Elo at every one of the 2 points');
    const mixed = [
      point(25, [-0.01, 0.03], [0, 0]),
      point(50, [0.02, 0.05], [0, 0]),
      point(75, [-0.05, -0.01], [0, 0]),
    ];
    expect(eloVerdict(mixed)).toBe(
      'ranked closer to the truth than Elo at 1 of the 3 points, further at 1, and the rest could not be told apart',
    );
  });

  it('say which prior was closer where, and the trend, from the RMSE differences (Gamma − phantom)', () => {
    const points = [
      point(25, [0, 0], [-0.05, -0.02]),
      point(50, [0, 0], [-0.01, 0.02]),
      point(75, [0, 0], [0.001, 0.02]),
      point(100, [0, 0], [0.002, 0.03]),
    ];
    expect(priorVerdict(points)).toBe(
      'the Gamma prior was closer at 25 matches; the phantom player at 2 points from 75 to 100 matches; the intervals held zero at 50 matches',
    );
    expect(priorTrend(points)).toMatch(/^The narrower Gamma prior is ahead while there is little data and behind/);
    expect(priorTrend(points.slice(0, 2))).toMatch(/the gap closes later$/);
    expect(priorTrend(points.slice(1))).toBe('The wider phantom prior is ahead once there is enough data');
    expect(priorTrend([points[1]!])).toBe('Neither prior is ahead throughout');
  });

  it('read every point the post quotes from the results', () => {
    expect(at(100).matches).toBe(100);
    expect(() => at(101)).toThrow(/no point at 101/);
    expect(newcomerRank).toBeGreaterThanOrEqual(1);
  });
});
