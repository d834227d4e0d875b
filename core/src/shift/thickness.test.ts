import { describe, expect, it } from 'vitest';
import { diskOffsets, strokeThickness } from './thickness.ts';

/** One image with columns c0 … c0 + width − 1 set to 1 on rows 4 … 23: a vertical stroke. */
function bar(c0: number, width: number): Float32Array {
  const out = new Float32Array(784);
  for (let r = 4; r < 24; r++) for (let c = c0; c < c0 + width; c++) out[r * 28 + c] = 1;
  return out;
}

/** The values of row r, columns 8 … 20. */
const across = (x: Float32Array, r = 14) => Array.from(x.subarray(r * 28 + 8, r * 28 + 21));

/** The pixels of one image that are not 0, as [row, column]. */
const lit = (x: Float32Array) =>
  Array.from(x.keys())
    .filter((i) => x[i] !== 0)
    .map((i) => [Math.floor(i / 28), i % 28]);

describe('strokeThickness', () => {
  it('dilates a one-pixel line by a whole radius r to 2r + 1 pixels, and lengthens it by r', () => {
    for (const r of [1, 2, 3]) {
      const out = strokeThickness(bar(14, 1), 1, r);
      const wide = across(out).flatMap((v, j) => (v === 1 ? [8 + j] : []));
      expect(wide).toEqual(Array.from({ length: 2 * r + 1 }, (_, j) => 14 - r + j));
      expect(across(out).every((v) => v === 0 || v === 1)).toBe(true);
      // The ends grow by r rows, along the line only: the disk is round, not square.
      expect(lit(out.subarray(0, 4 * 28)).filter(([row]) => row === 4 - r)).toEqual([[4 - r, 14]]);
    }
  });

  it('grows a dot into a disk: 5 pixels at radius 1, 13 at radius 2, counted by hand', () => {
    const x = new Float32Array(784);
    x[14 * 28 + 14] = 1;
    expect(lit(strokeThickness(x, 1, 1))).toEqual([
      [13, 14],
      [14, 13],
      [14, 14],
      [14, 15],
      [15, 14],
    ]);
    // Radius 2: the 3 × 3 square and the four pixels two away along the axes.
    expect(lit(strokeThickness(x, 1, 2))).toHaveLength(13);
    expect(diskOffsets(2)).toHaveLength(13);
    expect(diskOffsets(0)).toEqual([[0, 0]]);
  });

  it('erodes a one-pixel line away, and a 5-pixel bar to 3 at radius 1 and to 1 at radius 2', () => {
    expect(strokeThickness(bar(14, 1), 1, -1).every((v) => v === 0)).toBe(true);
    expect(across(strokeThickness(bar(12, 5), 1, -1))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(across(strokeThickness(bar(12, 5), 1, -2))).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(strokeThickness(bar(12, 5), 1, -3).every((v) => v === 0)).toBe(true);
  });

  it('blends the whole radii around a fractional one', () => {
    // 0.5: half the identity, half the radius-1 dilation or erosion.
    expect(across(strokeThickness(bar(14, 1), 1, 0.5))).toEqual([0, 0, 0, 0, 0, 0.5, 1, 0.5, 0, 0, 0, 0, 0]);
    expect(across(strokeThickness(bar(12, 5), 1, -0.25))).toEqual([0, 0, 0, 0, 0.75, 1, 1, 1, 0.75, 0, 0, 0, 0]);
    // 1.5: half radius 1 (3 wide), half radius 2 (5 wide).
    expect(across(strokeThickness(bar(14, 1), 1, 1.5))).toEqual([0, 0, 0, 0, 0.5, 1, 1, 1, 0.5, 0, 0, 0, 0]);
  });

  it('takes the largest grey value under the disk when thickening, the smallest when thinning', () => {
    const x = new Float32Array(784);
    x[14 * 28 + 13] = 0.25;
    x[14 * 28 + 14] = 0.75;
    x[14 * 28 + 15] = 0.5;
    expect(across(strokeThickness(x, 1, 1))).toEqual([0, 0, 0, 0, 0.25, 0.75, 0.75, 0.75, 0.5, 0, 0, 0, 0]);
    const y = new Float32Array(784).fill(1);
    y[14 * 28 + 14] = 0.5;
    expect(across(strokeThickness(y, 1, -1))).toEqual([1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1]);
    // The frame counts as 0: thinning a full image clears its border.
    expect(strokeThickness(y, 1, -1)[0]).toBe(0);
  });

  it('is the identity at radius 0 and rejects a radius that is not finite', () => {
    const x = new Float32Array(784).map((_, i) => (i % 13) / 12);
    expect(strokeThickness(x, 1, 0)).toEqual(x);
    expect(() => strokeThickness(x, 1, Number.NaN)).toThrow(/radius \(pixels\) must be a finite number, got NaN/);
    expect(() => diskOffsets(1.5)).toThrow(/whole number ≥ 0, got 1.5/);
  });
});
