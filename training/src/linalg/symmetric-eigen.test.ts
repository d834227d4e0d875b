import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

describe('symmetricEigen', () => {
  it('decomposes a 2 × 2 matrix as worked by hand', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 (along (1, 1)/√2) and 1 (along (1, −1)/√2).
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[2]!).toBeCloseTo(0.5, 12); // same sign: (1, 1)
  });

  it('reconstructs a random symmetric matrix as V Λ Vᵀ with V orthogonal, values descending', () => {
    const m = 12;
    const rng = new Rng(5);
    const a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = i; j < m; j++) {
        const x = rng.normal();
        a[i * m + j] = x;
        a[j * m + i] = x;
      }
    }
    const { values, vectors } = symmetricEigen(a, m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let t = 0; t < m; t++) {
          rebuilt += vectors[i * m + t]! * values[t]! * vectors[j * m + t]!;
          gram += vectors[t * m + i]! * vectors[t * m + j]!;
        }
        expect(rebuilt).toBeCloseTo(a[i * m + j]!, 10);
        expect(gram).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    for (let t = 1; t < m; t++) expect(values[t]!).toBeLessThanOrEqual(values[t - 1]!);
    let trace = 0;
    for (let i = 0; i < m; i++) trace += a[i * m + i]!;
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
  });
});
