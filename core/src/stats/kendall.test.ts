import { describe, expect, it } from 'vitest';
import { kendallTau } from './kendall.ts';

describe('kendallTau', () => {
  it('is 1 for the same order, −1 for the reverse, whatever the scale', () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 35, 100])).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('counts pairs by hand: one swap among four items', () => {
    // Pairs: 6; the swap of items 2 and 3 makes one discordant: (5 − 1) / 6.
    expect(kendallTau([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 12);
  });

  it('handles ties as τ_b', () => {
    // a ties (0, 1): pairs 6, ties in a 1; b has no ties; concordant 5, discordant 0: 5 / √(5 · 6).
    expect(kendallTau([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(5 / Math.sqrt(30), 12);
    expect(() => kendallTau([1, 1], [1, 2])).toThrow(/ties every pair/);
    expect(() => kendallTau([1], [1, 2])).toThrow(/1 scores against 2/);
  });
});
