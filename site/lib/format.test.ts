import { describe, it, expect } from 'vitest';
import { formatMeanStd, formatNumber, formatSigned } from './format.ts';

describe('formatting numbers for posts', () => {
  it('uses a real minus sign and never prints −0.00', () => {
    expect(formatNumber(-94.756, 2)).toBe('−94.76');
    expect(formatNumber(3.14159, 1)).toBe('3.1');
    expect(formatNumber(-0.001, 2)).toBe('0.00');
  });

  it('signs a difference: + before a positive one, − before a negative one, neither on zero', () => {
    expect(formatSigned(1.404)).toBe('+1.40');
    expect(formatSigned(-0.449)).toBe('−0.45');
    expect(formatSigned(0.004)).toBe('0.00');
    expect(formatSigned(0)).toBe('0.00');
    expect(formatSigned(2.26, 1)).toBe('+2.3');
  });

  it('prints mean ± standard deviation', () => {
    expect(formatMeanStd({ mean: -84.791, std: 0.123 })).toBe('−84.79 ± 0.12');
  });

  it('refuses values that are not numbers rather than printing NaN', () => {
    expect(() => formatNumber(NaN)).toThrow(/cannot print NaN/);
  });
});
