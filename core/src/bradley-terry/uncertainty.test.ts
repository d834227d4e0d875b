import { describe, expect, it } from 'vitest';
import { inverse } from './uncertainty.ts';

/** A seeded symmetric positive-definite n × n matrix BᵀB + I. */
function spd(n: number, seed: number): Float64Array {
  let s = seed;
  const r = () => (s = (s * 48271) % 2147483647) / 2147483647 - 0.5;
  const b = Array.from({ length: n * n }, r);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) v += b[k * n + i]! * b[k * n + j]!;
      a[i * n + j] = v;
    }
  return a;
}

describe('inverse', () => {
  it('inverts symmetric positive-definite matrices: A · A⁻¹ = I, and A⁻¹ is symmetric', () => {
    for (const n of [1, 2, 3, 7, 40]) {
      const a = spd(n, n + 11);
      const inv = inverse(a, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let v = 0;
          for (let k = 0; k < n; k++) v += a[i * n + k]! * inv[k * n + j]!;
          expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(1e-10);
          expect(inv[i * n + j]).toBe(inv[j * n + i]);
        }
    }
  });

  it('gives the inverse of a 2 × 2 matrix by the formula', () => {
    const inv = inverse(Float64Array.from([4, 1, 1, 3]), 2);
    expect(Array.from(inv).map((v) => v * 11)).toEqual([3, -1, -1, 4].map((v) => expect.closeTo(v, 12)));
  });

  it('refuses a matrix with no curvature in some direction', () => {
    expect(() => inverse(Float64Array.from([1, 1, 1, 1]), 2)).toThrow(/no curvature/);
  });
});
