import { describe, expect, it } from 'vitest';
import { meanInterval, studentTCdf, studentTQuantile, welchInterval } from './interval.ts';

describe('Student t', () => {
  it('gives the tabulated 97.5% quantiles', () => {
    // Standard tables (e.g. any statistics textbook): t_{0.975, df}.
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [4, 2.776],
      [10, 2.228],
      [30, 2.042],
      [1000, 1.962],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('has the closed-form CDF at one and two degrees of freedom', () => {
    // df = 1 is the Cauchy distribution; df = 2 has F(t) = 1/2 + t / (2 √(2 + t²)).
    for (const t of [-3, -0.5, 0, 0.7, 4]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 10);
    }
  });

  it('is symmetric, and its quantile inverts its CDF at a fractional df', () => {
    expect(studentTQuantile(0.025, 3.7)).toBeCloseTo(-studentTQuantile(0.975, 3.7), 9);
    expect(studentTCdf(studentTQuantile(0.9, 3.7), 3.7)).toBeCloseTo(0.9, 10);
  });
});

describe('welchInterval', () => {
  it('matches a worked example', () => {
    // a: mean 2, s² = 1 (n = 3); b: mean 0, s² = 4 (n = 3). SE² = 1/3 + 4/3 = 5/3;
    // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = (25/9) / (17/18) = 50/17.
    const r = welchInterval([1, 2, 3], [-2, 0, 2]);
    expect(r.difference).toBeCloseTo(2, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r.df).toBeCloseTo(50 / 17, 12);
    const half = studentTQuantile(0.975, 50 / 17) * Math.sqrt(5 / 3);
    expect(r.low).toBeCloseTo(2 - half, 12);
    expect(r.high).toBeCloseTo(2 + half, 12);
    // The t quantile at ~2.94 df is larger than the normal 1.96: a small-sample interval is wider.
    expect(half / r.se).toBeGreaterThan(3);
  });

  it('refuses a sample of one', () => {
    expect(() => welchInterval([1], [1, 2])).toThrow(/at least two/);
  });
});

describe('meanInterval', () => {
  it('matches a worked example', () => {
    // 1…5: mean 3, s = √2.5, s/√5 = 0.70711, t(0.975, 4) = 2.776445, half-width 1.963243.
    const i = meanInterval([1, 2, 3, 4, 5]);
    expect(i.mean).toBe(3);
    expect(i.se).toBeCloseTo(0.707107, 6);
    expect(i.df).toBe(4);
    expect(i.low).toBeCloseTo(3 - 1.963243, 5);
    expect(i.high).toBeCloseTo(3 + 1.963243, 5);
    // At 90%: t(0.95, 4) = 2.131847.
    expect(meanInterval([1, 2, 3, 4, 5], 0.9).high).toBeCloseTo(3 + 2.131847 * 0.707107, 5);
  });

  it('refuses a single value', () => {
    expect(() => meanInterval([1])).toThrow(/at least two/);
  });
});
