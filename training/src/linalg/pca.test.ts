import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng.ts';
import { fitPca, project } from './pca.ts';

/** Covariance (n − 1 denominator) by the textbook double loop over centred rows. */
function naiveCovariance(data: Float32Array, dim: number): { mean: number[]; cov: number[][] } {
  const n = data.length / dim;
  const mean = Array.from({ length: dim }, (_, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += data[r * dim + j]!;
    return s / n;
  });
  const cov = Array.from({ length: dim }, (_, i) =>
    Array.from({ length: dim }, (_, j) => {
      let s = 0;
      for (let r = 0; r < n; r++) s += (data[r * dim + i]! - mean[i]!) * (data[r * dim + j]! - mean[j]!);
      return s / (n - 1);
    }),
  );
  return { mean, cov };
}

const row = (v: Float64Array, c: number, dim: number) => Array.from(v.subarray(c * dim, (c + 1) * dim));
const dotArrays = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Three orthonormal directions in R^dim (Gram–Schmidt on fixed random vectors). */
function plantedDirections(dim: number): number[][] {
  const rng = new Rng(3);
  const out: number[][] = [];
  for (let c = 0; c < 3; c++) {
    const v = Array.from({ length: dim }, () => rng.normal());
    for (const u of out) {
      const d = dotArrays(u, v);
      for (let j = 0; j < dim; j++) v[j]! -= d * u[j]!;
    }
    const norm = Math.sqrt(dotArrays(v, v));
    out.push(v.map((x) => x / norm));
  }
  return out;
}

describe('fitPca', () => {
  const dim = 20;
  const n = 4000;
  const directions = plantedDirections(dim);
  const sds = [5, 3, 2];
  const noise = 0.1;
  const offset = Array.from({ length: dim }, (_, j) => 0.5 + j / dim);
  const rng = new Rng(7);
  const data = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const z = sds.map((s) => s * rng.normal());
    for (let j = 0; j < dim; j++) {
      let x = offset[j]! + noise * rng.normal();
      directions.forEach((u, c) => (x += z[c]! * u[j]!));
      data[r * dim + j] = x;
    }
  }
  const pca = fitPca(data, dim, 4);

  it('recovers planted directions and their variances, largest first', () => {
    directions.forEach((u, c) => expect(Math.abs(dotArrays(u, row(pca.components, c, dim)))).toBeGreaterThan(0.9999));
    sds.forEach((s, c) => expect(pca.variances[c]! / s ** 2).toBeCloseTo(1, 1));
    // The fourth direction is noise only.
    expect(pca.variances[3]! / noise ** 2).toBeCloseTo(1, 0);
    const expectedTotal = sds.reduce((a, s) => a + s * s, 0) + dim * noise ** 2;
    expect(pca.totalVariance / expectedTotal).toBeCloseTo(1, 1);
  });

  it('gives eigenpairs of the covariance computed independently', () => {
    const { mean, cov } = naiveCovariance(data, dim);
    mean.forEach((m, j) => expect(pca.mean[j]).toBeCloseTo(m, 6));
    for (let c = 0; c < 4; c++) {
      const v = row(pca.components, c, dim);
      // Converged to the default tolerance: ‖C v − λ v‖ below 1e-7 λ₁.
      const cv = cov.map((r) => dotArrays(r, v));
      cv.forEach((x, j) => expect(Math.abs(x - pca.variances[c]! * v[j]!)).toBeLessThan(1e-6 * pca.variances[0]!));
    }
  });

  it('returns orthonormal directions with their largest entry positive', () => {
    for (let a = 0; a < 4; a++) {
      const va = row(pca.components, a, dim);
      for (let b = 0; b < 4; b++) expect(dotArrays(va, row(pca.components, b, dim))).toBeCloseTo(a === b ? 1 : 0, 10);
      const largest = va.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it('projects the mean to zero and rows onto centred dot products, with the stated variances', () => {
    const zero = project(pca, Float32Array.from(pca.mean));
    zero.forEach((x) => expect(Math.abs(x)).toBeLessThan(1e-5));
    const coords = project(pca, data, 2);
    expect(coords.length).toBe(n * 2);
    for (const r of [0, 17, n - 1]) {
      for (let c = 0; c < 2; c++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += (data[r * dim + j]! - pca.mean[j]!) * pca.components[c * dim + j]!;
        expect(coords[r * 2 + c]).toBeCloseTo(s, 4);
      }
    }
    for (let c = 0; c < 2; c++) {
      let sq = 0;
      for (let r = 0; r < n; r++) sq += coords[r * 2 + c]! ** 2;
      expect(sq / (n - 1) / pca.variances[c]!).toBeCloseTo(1, 4);
    }
  });

  it('handles sparse 0/1 rows like binarized digits, and is deterministic', () => {
    const bits = new Rng(11);
    const d = 30;
    const rows = 600;
    const binary = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const type = r % 3; // three prototypes, each pixel flipped on with its own probability
      for (let j = 0; j < d; j++) binary[r * d + j] = bits.uniform() < (j % 3 === type ? 0.7 : 0.05) ? 1 : 0;
    }
    const fit = fitPca(binary, d, 5);
    const { cov } = naiveCovariance(binary, d);
    for (let c = 0; c < 5; c++) {
      const v = row(fit.components, c, d);
      const cv = cov.map((r) => dotArrays(r, v));
      cv.forEach((x, j) => expect(Math.abs(x - fit.variances[c]! * v[j]!)).toBeLessThan(1e-6 * fit.variances[0]!));
      if (c > 0) expect(fit.variances[c]!).toBeLessThanOrEqual(fit.variances[c - 1]!);
    }
    expect(fitPca(binary, d, 5).components).toEqual(fit.components);
  });

  it('rejects a k outside 1 … dim', () => {
    expect(() => fitPca(data, dim, 0)).toThrow(/k must be an integer in \[1, 20\], got 0/);
    expect(() => project(pca, data, 5)).toThrow(/k must be in \[1, 4\], got 5/);
  });
});
