import { describe, expect, it } from 'vitest';
import { eloRatings } from './elo.ts';

describe('eloRatings', () => {
  it('moves two equal players by K/2 in one match, and keeps the total', () => {
    const r = eloRatings(2, [{ winner: 0, loser: 1 }]);
    expect(Array.from(r)).toEqual([1516, 1484]);
  });

  it('uses the logistic expectation in base 10 over 400 points', () => {
    // After 1516 vs 1484 the favourite expects 1 / (1 + 10^(−32/400)); losing costs K times that.
    const r = eloRatings(2, [
      { winner: 0, loser: 1 },
      { winner: 1, loser: 0 },
    ]);
    const expected = 1 / (1 + 10 ** (-32 / 400));
    expect(r[0]).toBeCloseTo(1516 - 32 * expected, 10);
    expect(r[0]! + r[1]!).toBeCloseTo(3000, 10);
  });

  it('depends on the order of the matches, which a Bradley-Terry fit does not', () => {
    const a = eloRatings(3, [
      { winner: 0, loser: 1 },
      { winner: 1, loser: 2 },
    ]);
    const b = eloRatings(3, [
      { winner: 1, loser: 2 },
      { winner: 0, loser: 1 },
    ]);
    expect(a[1]).not.toBeCloseTo(b[1]!, 6);
    expect(eloRatings(2, [{ winner: 0, loser: 1, count: 2 }])[0]).toBeCloseTo(
      eloRatings(2, [
        { winner: 0, loser: 1 },
        { winner: 0, loser: 1 },
      ])[0]!,
      12,
    );
  });
});
