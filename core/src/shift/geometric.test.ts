import { describe, expect, it } from 'vitest';
import { rotate, scale, shear, translate } from './geometric.ts';

/** One 28 × 28 image, 0 except the listed pixels ([row, column, value]). */
function image(...pixels: [number, number, number][]): Float32Array {
  const out = new Float32Array(784);
  for (const [r, c, v] of pixels) out[r * 28 + c] = v;
  return out;
}

/** The pixels above `floor`, as [row, column, value]. */
function lit(x: Float32Array, floor = 0): [number, number, number][] {
  const out: [number, number, number][] = [];
  x.forEach((v, i) => {
    if (v > floor) out.push([Math.floor(i / 28), i % 28, v]);
  });
  return out;
}

/** Centre of mass (x = column, y = row) of one image, relative to the image centre (13.5, 13.5). */
function centroid(x: Float32Array): { x: number; y: number; mass: number } {
  let [mass, sx, sy] = [0, 0, 0];
  x.forEach((v, i) => {
    mass += v;
    sx += v * ((i % 28) - 13.5);
    sy += v * (Math.floor(i / 28) - 13.5);
  });
  return { x: sx / mass, y: sy / mass, mass };
}

/** A smooth image with every value in [0, 1] and no symmetry (a tilted ramp times a bump). */
function smooth(): Float32Array {
  const out = new Float32Array(784);
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const bump = Math.exp(-((r - 11) ** 2 + (c - 16) ** 2) / 40);
      out[r * 28 + c] = bump * (0.3 + (0.7 * (r + 2 * c)) / 81);
    }
  }
  return out;
}

describe('translate', () => {
  it('moves a bright pixel by (2, −1) exactly two columns right and one row up', () => {
    const out = translate(image([10, 12, 1]), 1, 2, -1);
    expect(lit(out)).toEqual([[9, 14, 1]]);
  });

  it('splits a pixel between its neighbours for a fraction of a pixel, as bilinear sampling does', () => {
    expect(lit(translate(image([10, 12, 1]), 1, 0.25, 0))).toEqual([
      [10, 12, 0.75],
      [10, 13, 0.25],
    ]);
    expect(lit(translate(image([10, 12, 1]), 1, 0, 0.5))).toEqual([
      [10, 12, 0.5],
      [11, 12, 0.5],
    ]);
    expect(lit(translate(image([10, 12, 1]), 1, -0.25, -0.5))).toEqual([
      [9, 11, 0.125],
      [9, 12, 0.375],
      [10, 11, 0.125],
      [10, 12, 0.375],
    ]);
  });

  it('loses what leaves the frame and brings in zeros', () => {
    expect(lit(translate(image([3, 27, 1], [5, 5, 1]), 1, 1, 0))).toEqual([[5, 6, 1]]);
    expect(lit(translate(new Float32Array(784).fill(1), 1, 0, 3))).toHaveLength(25 * 28);
  });

  it('is the identity, value for value, at (0, 0)', () => {
    const x = smooth();
    expect(translate(x, 1, 0, 0)).toEqual(x);
  });
});

describe('rotate', () => {
  it('turns 90° counter-clockwise about (13.5, 13.5): (row r, column c) goes to (27 − c, r)', () => {
    // (5, 20) is 6.5 right of and 8.5 above the centre; a quarter turn to the left puts it 8.5
    // left of and 6.5 above: column 13.5 − 8.5 = 5, row 13.5 − 6.5 = 7.
    const out = rotate(image([5, 20, 1], [3, 10, 0.5]), 1, 90);
    // (3, 10): 3.5 left of and 10.5 above → 10.5 left of and 3.5 below: column 3, row 17.
    const bright = lit(out, 1e-6);
    expect(bright.map(([r, c]) => [r, c])).toEqual([
      [7, 5],
      [17, 3],
    ]);
    expect(bright[0]![2]).toBeCloseTo(1, 6);
    expect(bright[1]![2]).toBeCloseTo(0.5, 6);
  });

  it('turns clockwise for a negative angle, and half a turn maps (r, c) to (27 − r, 27 − c)', () => {
    expect(lit(rotate(image([5, 20, 1]), 1, -90), 1e-6).map(([r, c]) => [r, c])).toEqual([[20, 22]]);
    expect(lit(rotate(image([5, 20, 1]), 1, 180), 1e-6).map(([r, c]) => [r, c])).toEqual([[22, 7]]);
  });

  it('comes back to the image after a whole turn, and is the identity at 0°', () => {
    const x = smooth();
    const turned = rotate(x, 1, 360);
    for (let i = 0; i < 784; i++) expect(Math.abs(turned[i]! - x[i]!)).toBeLessThan(1e-6);
    expect(rotate(x, 1, 0)).toEqual(x);
  });

  it('keeps the mass of a digit well inside the frame at an angle between pixels', () => {
    // Bilinear sampling smooths but roughly conserves ink away from the border; the centre of
    // mass of an off-centre blob turns with it: (2.5, −2.5) by 45° goes to (0, −2.5√2).
    const x = new Float32Array(784);
    for (let r = 9; r <= 13; r++) for (let c = 14; c <= 18; c++) x[r * 28 + c] = 1;
    const before = centroid(x);
    expect([before.x, before.y]).toEqual([2.5, -2.5]);
    const after = centroid(rotate(x, 1, 45));
    expect(after.mass / before.mass).toBeGreaterThan(0.95);
    expect(after.mass / before.mass).toBeLessThan(1.05);
    expect(after.x).toBeCloseTo(0, 1);
    expect(after.y).toBeCloseTo(-2.5 * Math.SQRT2, 1);
  });
});

describe('scale', () => {
  it('at 2 moves a pixel at offset (4.5, −0.5) from the centre to (9, −1): twice the distance', () => {
    // Pixel (row 13, column 18). Magnified, it becomes a 4 × 4 bilinear tent whose centre of mass
    // is its new position.
    const out = centroid(scale(image([13, 18, 1]), 1, 2));
    expect(out.x).toBeCloseTo(9, 9);
    expect(out.y).toBeCloseTo(-1, 9);
    expect(Math.hypot(out.x, out.y) / Math.hypot(4.5, -0.5)).toBeCloseTo(2, 9);
  });

  it('at 0.5 shrinks a centred 16 × 16 square to 8 × 8', () => {
    const x = new Float32Array(784);
    for (let r = 6; r < 22; r++) for (let c = 6; c < 22; c++) x[r * 28 + c] = 1;
    const out = lit(scale(x, 1, 0.5));
    expect(out).toHaveLength(64);
    expect(out.every(([r, c, v]) => r >= 10 && r < 18 && c >= 10 && c < 18 && v === 1)).toBe(true);
  });

  it('is the identity at 1 and rejects a factor that is not positive', () => {
    const x = smooth();
    expect(scale(x, 1, 1)).toEqual(x);
    expect(() => scale(x, 1, 0)).toThrow(/positive, got 0/);
    expect(() => scale(x, 1, -2)).toThrow(/positive, got -2/);
  });
});

describe('shear', () => {
  it('moves each row sideways by factor × its distance from the centre row, the top to the right', () => {
    const x = new Float32Array(784);
    for (let r = 0; r < 28; r++) x[r * 28 + 14] = 1;
    const out = shear(x, 1, 0.4);
    for (let r = 0; r < 28; r++) {
      const row = out.subarray(r * 28, (r + 1) * 28);
      let [mass, sum] = [0, 0];
      row.forEach((v, c) => {
        mass += v;
        sum += v * c;
      });
      // Row r is r − 13.5 below the centre row: it moves 0.4 (13.5 − r) to the right.
      expect(mass).toBeCloseTo(1, 6);
      expect(sum / mass).toBeCloseTo(14 + 0.4 * (13.5 - r), 6);
    }
  });

  it('is the identity at 0', () => {
    const x = smooth();
    expect(shear(x, 1, 0)).toEqual(x);
  });
});

describe('bad amounts', () => {
  it('names the parameter that is not finite', () => {
    const x = new Float32Array(784);
    expect(() => rotate(x, 1, Number.NaN)).toThrow(/rotation \(degrees\) must be a finite number, got NaN/);
    expect(() => translate(x, 1, 1, Number.POSITIVE_INFINITY)).toThrow(/dy .*got Infinity/);
    expect(() => scale(x, 1, Number.NaN)).toThrow(/scale factor must be a finite number/);
    expect(() => shear(x, 1, Number.NEGATIVE_INFINITY)).toThrow(/shear factor .*-Infinity/);
  });
});
