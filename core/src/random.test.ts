import { describe, it, expect } from 'vitest';
import { standardNormals } from './random.ts';

describe('standardNormals', () => {
  it('has mean 0 and variance 1 and the normal tails, for odd and even counts', () => {
    const x = standardNormals(200_001);
    expect(x).toHaveLength(200_001);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1);
    const beyond2 = x.filter((v) => Math.abs(v) > 2).length / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    // P(|Z| > 2) = 0.0455.
    expect(Math.abs(beyond2 - 0.0455)).toBeLessThan(0.003);
  });

  it('is finite even when the uniform source returns 0', () => {
    expect([...standardNormals(4, () => 0)].every(Number.isFinite)).toBe(true);
  });
});
