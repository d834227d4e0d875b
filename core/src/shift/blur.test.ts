import { describe, expect, it } from 'vitest';
import { gaussianBlur } from './blur.ts';

/** One image, 0 except a 1 at (row r, column c). */
function dot(r: number, c: number): Float32Array {
  const out = new Float32Array(784);
  out[r * 28 + c] = 1;
  return out;
}

/** Total mass, centre of mass and second central moments (pixels²) of one image. */
function moments(x: Float32Array) {
  let [mass, sr, sc] = [0, 0, 0];
  x.forEach((v, i) => {
    mass += v;
    sr += v * Math.floor(i / 28);
    sc += v * (i % 28);
  });
  const [row, column] = [sr / mass, sc / mass];
  let [rr, cc, rc] = [0, 0, 0];
  x.forEach((v, i) => {
    const [dr, dc] = [Math.floor(i / 28) - row, (i % 28) - column];
    rr += v * dr * dr;
    cc += v * dc * dc;
    rc += v * dr * dc;
  });
  return { mass, row, column, rowVariance: rr / mass, columnVariance: cc / mass, covariance: rc / mass };
}

describe('gaussianBlur', () => {
  it('keeps the ink of a central dot and spreads it with variance σ² along rows and columns', () => {
    for (const sigma of [1, 1.5, 2]) {
      const m = moments(gaussianBlur(dot(14, 14), 1, sigma));
      expect(m.mass).toBeCloseTo(1, 5);
      expect(m.row).toBeCloseTo(14, 6);
      expect(m.column).toBeCloseTo(14, 6);
      expect(Math.abs(m.rowVariance / sigma ** 2 - 1)).toBeLessThan(0.005);
      expect(Math.abs(m.columnVariance / sigma ** 2 - 1)).toBeLessThan(0.005);
      expect(Math.abs(m.covariance)).toBeLessThan(1e-6);
    }
  });

  it('peaks at 1 / (2π σ²) for a dot, as the continuous Gaussian does', () => {
    expect(gaussianBlur(dot(14, 14), 1, 1)[14 * 28 + 14]).toBeCloseTo(1 / (2 * Math.PI), 5);
    expect(gaussianBlur(dot(14, 14), 1, 2)[14 * 28 + 14]).toBeCloseTo(1 / (8 * Math.PI), 5);
  });

  it('loses the ink that spreads out of the frame (zero padding): a corner dot keeps about half', () => {
    // σ = 1: taps e^(−k²/2) for k = −4 … 4. The corner keeps the k ≥ 0 share along each axis.
    const taps = [0, 1, 2, 3, 4].map((k) => Math.exp(-(k * k) / 2));
    const half = taps.reduce((s, w) => s + w, 0);
    const share = half / (2 * half - 1);
    expect(share).toBeCloseTo(0.6995, 4);
    expect(moments(gaussianBlur(dot(0, 0), 1, 1)).mass).toBeCloseTo(share * share, 5);
  });

  it('is the identity at σ = 0 and rejects a negative or non-finite σ', () => {
    const x = new Float32Array(784).map((_, i) => (i % 31) / 30);
    expect(gaussianBlur(x, 1, 0)).toEqual(x);
    expect(() => gaussianBlur(x, 1, -1)).toThrow(/sigma must be ≥ 0 pixels, got -1/);
    expect(() => gaussianBlur(x, 1, Number.NaN)).toThrow(/sigma must be a finite number, got NaN/);
  });
});
