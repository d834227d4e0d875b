import { describe, expect, it } from 'vitest';
import { formatLogTicks, formatTicks, linearTicks, logTicks, tickStep } from './ticks.ts';

describe('tickStep', () => {
  it('rounds the raw step to 1, 2 or 5 × 10^k', () => {
    expect(tickStep(0, 1, 5)).toEqual({ mantissa: 2, exponent: -1 });
    expect(tickStep(0, 1, 10)).toEqual({ mantissa: 1, exponent: -1 });
    expect(tickStep(0, 100, 4)).toEqual({ mantissa: 2, exponent: 1 }); // raw 25 → 20
    expect(tickStep(0, 0.3, 5)).toEqual({ mantissa: 5, exponent: -2 }); // raw 0.06 → 0.05
    expect(tickStep(0, 1000, 1)).toEqual({ mantissa: 1, exponent: 3 });
  });

  it('rejects an empty range', () => {
    expect(() => tickStep(1, 1, 5)).toThrow(/\[1, 1\]/);
  });
});

describe('linearTicks', () => {
  it('covers [0, 1] in steps of 0.2', () => {
    expect(linearTicks(0, 1, 5)).toEqual({
      domain: [0, 1],
      values: [0, 0.2, 0.4, 0.6, 0.8, 1],
      labels: ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0'],
    });
  });

  it('widens [-93.2, -87.1] to whole steps and prints minus signs', () => {
    const ticks = linearTicks(-93.2, -87.1, 5);
    expect(ticks.domain).toEqual([-94, -87]);
    expect(ticks.values).toEqual([-94, -93, -92, -91, -90, -89, -88, -87]);
    expect(ticks.labels[0]).toBe('\u221294');
  });

  it('widens [1, 100] to [0, 100]', () => {
    expect(linearTicks(1, 100, 5).values).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('lands on the decimal values, with no floating-point residue', () => {
    const { values, labels } = linearTicks(0.1, 0.7, 6, true);
    expect(values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(labels).toEqual(['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
    expect(values.map(String)).not.toContain('0.30000000000000004');
  });

  it('keeps a fixed domain and ticks only inside it', () => {
    const ticks = linearTicks(-0.05, 1.05, 5, true);
    expect(ticks.domain).toEqual([-0.05, 1.05]);
    expect(ticks.values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('gives a constant series a range around its value', () => {
    expect(linearTicks(5, 5, 5).domain).toEqual([4.4, 5.6]);
    expect(linearTicks(0, 0, 4).domain).toEqual([-1, 1]);
  });

  it('never prints -0', () => {
    expect(linearTicks(-1, 1, 4).labels).toEqual(['\u22121.0', '\u22120.5', '0.0', '0.5', '1.0']);
  });
});

describe('formatTicks', () => {
  it('groups thousands from 10,000 up', () => {
    expect(formatTicks([0, 5000, 10000], { mantissa: 5, exponent: 3 })).toEqual(['0', '5,000', '10,000']);
    expect(formatTicks([1000, 2000], { mantissa: 1, exponent: 3 })).toEqual(['1000', '2000']);
  });

  it('switches to m×10ᵏ for tiny and huge values', () => {
    expect(linearTicks(0, 1e-5, 5).labels).toEqual(['0', '2×10⁻⁶', '4×10⁻⁶', '6×10⁻⁶', '8×10⁻⁶', '1×10⁻⁵']);
    expect(formatTicks([-2e9, 0, 2e9], { mantissa: 2, exponent: 9 })).toEqual(['\u22122×10⁹', '0', '2×10⁹']);
    expect(formatTicks([1e9, 1e10], { mantissa: 1, exponent: 9 })).toEqual(['10⁹', '10¹⁰']);
  });
});

describe('logTicks', () => {
  it('ticks 1, 2, 5 per decade over at most two decades', () => {
    expect(logTicks(1, 100)).toEqual({
      domain: [1, 100],
      values: [1, 2, 5, 10, 20, 50, 100],
      labels: ['1', '2', '5', '10', '20', '50', '100'],
    });
  });

  it('widens to whole decades', () => {
    expect(logTicks(3, 50).domain).toEqual([1, 100]);
  });

  it('ticks decades over a wide range, thinned to the limit, in one label style', () => {
    expect(logTicks(1e-5, 0.1).labels).toEqual(['10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²', '10⁻¹']);
    expect(logTicks(1, 1e12, 7).values).toEqual([1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12]);
    expect(formatLogTicks([0.001, 0.01, 0.1, 1])).toEqual(['0.001', '0.01', '0.1', '1']);
  });

  it('drops the 2 and 5 ticks when there is no room', () => {
    expect(logTicks(1, 100, 4).values).toEqual([1, 10, 100]);
  });

  it('rejects a range that is not positive', () => {
    expect(() => logTicks(0, 10)).toThrow(/positive/);
  });
});
