import { describe, expect, it } from 'vitest';
import { linearTicks } from './ticks.ts';

describe('linearTicks', () => {
  it('covers [0, 1] in steps of 0.2', () => {
    expect(linearTicks(0, 1, 5)).toEqual({
      domain: [0, 1],
      values: [0, 0.2, 0.4, 0.6, 0.8, 1],
      labels: ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0'],
    });
  });

  it('rounds the step to 1, 2 or 5 × 10^k', () => {
    expect(linearTicks(0, 1, 10).values).toHaveLength(11); // 0.1
    expect(linearTicks(0, 100, 4).values).toEqual([0, 20, 40, 60, 80, 100]); // raw 25 → 20
    expect(linearTicks(0, 0.3, 5).labels).toEqual(['0.00', '0.05', '0.10', '0.15', '0.20', '0.25', '0.30']); // raw 0.06 → 0.05
    expect(linearTicks(0, 1000, 1).values).toEqual([0, 1000]);
  });

  it('widens [-93.2, -87.1] to whole steps and prints minus signs', () => {
    const ticks = linearTicks(-93.2, -87.1, 5);
    expect(ticks.domain).toEqual([-94, -87]);
    expect(ticks.values).toEqual([-94, -93, -92, -91, -90, -89, -88, -87]);
    expect(ticks.labels[0]).toBe('\u221294');
  });

  it('widens [1, 100] to [0, 100]', () => {
    expect(linearTicks(1, 100, 5).domain).toEqual([0, 100]);
    expect(linearTicks(1, 100, 5).values).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('widens again when widening changes the step', () => {
    // [0.9, 10.1] at 2 intervals: step 5 gives [0, 15], whose own step is 10, giving [0, 20].
    expect(linearTicks(0.9, 10.1, 2)).toMatchObject({ domain: [0, 20], values: [0, 10, 20] });
  });

  it('gives a range across zero two intervals when asked for one', () => {
    expect(linearTicks(-0.4, 3.4, 1)).toMatchObject({ domain: [-2, 4], values: [-2, 0, 2, 4] });
  });

  it('lands on the decimal values, with no floating-point residue', () => {
    const { values, labels } = linearTicks(0.1, 0.7, 6, true);
    expect(values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(labels).toEqual(['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
    expect(values.map(String)).not.toContain('0.30000000000000004');
  });

  it('prints as many decimals as the step needs and no float noise', () => {
    const { labels } = linearTicks(0, 3e-5, 3);
    expect(labels).toEqual(['0.00000', '0.00001', '0.00002', '0.00003']);
    expect(linearTicks(0.1, 0.3, 2, true).labels).toEqual(['0.1', '0.2', '0.3']);
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
    expect(linearTicks(-0.04, 0.96, 5, true).labels[0]).toBe('0.0');
  });

  it('groups thousands from 10,000 up', () => {
    expect(linearTicks(0, 10000, 2).labels).toEqual(['0', '5,000', '10,000']);
    expect(linearTicks(-20000, 0, 2).labels).toEqual(['\u221220,000', '\u221210,000', '0']);
    expect(linearTicks(1000, 2000, 1).labels).toEqual(['1000', '2000']);
  });
});
