import { describe, expect, it } from 'vitest';
import { mean, meanStd, standardDeviation, standardError } from './summary.ts';

describe('sample summaries', () => {
  it('computes the mean, the sample standard deviation and the standard error of the mean', () => {
    // Worked by hand: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5.
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(standardDeviation([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(standardError([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(meanStd([2, 4])).toEqual({ mean: 3, std: Math.SQRT2, values: [2, 4] });
  });

  it('gives a single value no spread', () => {
    expect(standardDeviation([7])).toBe(0);
    expect(meanStd([7]).std).toBe(0);
  });
});
