import { describe, expect, it } from 'vitest';
import {
  binarize,
  centerByMass,
  centerOfMass,
  inkBoundingBox,
  MNIST_SIDE,
  preprocessDigit,
  resampleToFit,
  type GreyImage,
} from './preprocess.ts';

const CANVAS = 280;

function blank(width = CANVAS, height = CANVAS): Float32Array {
  return new Float32Array(width * height);
}

/** Inks columns x0 … x1 − 1 of rows y0 … y1 − 1. */
function fillRect(ink: Float32Array, width: number, x0: number, y0: number, x1: number, y1: number, value = 1): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * width + x] = value;
}

/** An L: a vertical bar with a foot to the right, off-centre in the top-left of the canvas. */
function drawL(): Float32Array {
  const ink = blank();
  fillRect(ink, CANVAS, 30, 20, 60, 190); // stem, 30 × 170
  fillRect(ink, CANVAS, 30, 160, 150, 190); // foot, 120 × 30
  return ink;
}

function frameBox(frame: Float32Array) {
  return inkBoundingBox(frame, MNIST_SIDE, MNIST_SIDE, 0.5);
}

describe('inkBoundingBox', () => {
  it('finds the inked rectangle, ignoring faint pixels', () => {
    const ink = blank(10, 8);
    fillRect(ink, 10, 2, 3, 7, 5);
    ink[0] = 0.04; // below the threshold
    expect(inkBoundingBox(ink, 10, 8)).toEqual({ x: 2, y: 3, width: 5, height: 2 });
  });

  it('returns null when nothing is drawn', () => {
    expect(inkBoundingBox(blank(), CANVAS, CANVAS)).toBeNull();
  });
});

describe('resampleToFit', () => {
  it('scales the longer side to 20 and keeps the aspect ratio', () => {
    const ink = blank();
    fillRect(ink, CANVAS, 10, 10, 110, 60); // 100 × 50
    const out = resampleToFit(ink, CANVAS, CANVAS, { x: 10, y: 10, width: 100, height: 50 });
    expect([out.width, out.height]).toEqual([20, 10]);
    expect(Array.from(out.data).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });

  it('averages areas: a 1-pixel line over 2-pixel footprints turns half grey', () => {
    const ink = blank(4, 4);
    fillRect(ink, 4, 0, 0, 1, 4); // the left column
    const out = resampleToFit(ink, 4, 4, { x: 0, y: 0, width: 4, height: 4 }, 2);
    expect(Array.from(out.data)).toEqual([0.5, 0, 0.5, 0]);
  });

  it('preserves the mean for a non-integer ratio', () => {
    const ink = blank(7, 7);
    for (let i = 0; i < ink.length; i++) ink[i] = ((i * 37) % 11) / 10;
    const out = resampleToFit(ink, 7, 7, { x: 0, y: 0, width: 7, height: 7 }, 3);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.data)).toBeCloseTo(mean(ink), 5);
  });

  it('upscales a small box', () => {
    const ink = blank(5, 5);
    fillRect(ink, 5, 1, 1, 3, 2); // 2 × 1
    const out = resampleToFit(ink, 5, 5, { x: 1, y: 1, width: 2, height: 1 });
    expect([out.width, out.height]).toEqual([20, 10]);
    expect(Array.from(out.data).every((v) => v === 1)).toBe(true);
  });

  it('rejects a box outside the image, naming it', () => {
    expect(() => resampleToFit(blank(5, 5), 5, 5, { x: 3, y: 0, width: 3, height: 1 })).toThrow(
      /box \{x: 3, y: 0, width: 3, height: 1\}.*5 × 5/,
    );
  });
});

describe('centerByMass', () => {
  it('puts the centre of mass within half a pixel of (14, 14)', () => {
    const image: GreyImage = { data: new Float32Array(20 * 20), width: 20, height: 20 };
    fillRect(image.data, 20, 0, 0, 4, 20); // a bar on the left edge
    const frame = centerByMass(image);
    expect(frame.length).toBe(784);
    const c = centerOfMass({ data: frame, width: MNIST_SIDE, height: MNIST_SIDE })!;
    expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('clips what is shifted past the edge', () => {
    const image: GreyImage = { data: new Float32Array(20), width: 20, height: 1 };
    image.data[0] = 1;
    image.data[19] = 0.01; // mass centre ≈ 0.19 → shift 14 → this pixel would land at column 33
    const frame = centerByMass(image);
    expect(frame[14 * MNIST_SIDE + 14]).toBe(1);
    expect(frame.reduce((s, v) => s + v, 0)).toBe(1);
  });
});

describe('binarize', () => {
  it('maps > 0.5 to 1 and the rest, 0.5 included, to 0', () => {
    expect(Array.from(binarize(new Float32Array([0, 0.5, 0.51, 1])))).toEqual([0, 0, 1, 1]);
  });
});

describe('preprocessDigit', () => {
  it.each([
    [0, 0],
    [170, 20],
    [40, 200],
  ])('centres a filled rectangle drawn at (%i, %i) with its longer side 20 px', (x0, y0) => {
    const ink = blank();
    fillRect(ink, CANVAS, x0, y0, x0 + 100, y0 + 60); // 100 × 60 → 20 × 12
    const out = preprocessDigit(ink, CANVAS, CANVAS)!;
    const box = frameBox(out)!;
    expect([box.width, box.height]).toEqual([20, 12]);
    expect(Math.abs(box.x + (box.width - 1) / 2 - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(box.y + (box.height - 1) / 2 - 14)).toBeLessThanOrEqual(0.5);
    expect(out.reduce((s, v) => s + v, 0)).toBe(20 * 12);
  });

  it("lands an off-centre L's centre of mass within 0.5 px of (14, 14) before binarization", () => {
    const ink = drawL();
    const box = inkBoundingBox(ink, CANVAS, CANVAS)!;
    expect(box).toEqual({ x: 30, y: 20, width: 120, height: 170 });
    const fitted = resampleToFit(ink, CANVAS, CANVAS, box);
    expect(Math.max(fitted.width, fitted.height)).toBe(20);
    const frame = centerByMass(fitted);
    // Nothing was clipped: the frame holds all the mass.
    expect(frame.reduce((s, v) => s + v, 0)).toBeCloseTo(
      fitted.data.reduce((s, v) => s + v, 0),
      4,
    );
    const c = centerOfMass({ data: frame, width: MNIST_SIDE, height: MNIST_SIDE })!;
    expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('returns null for an empty canvas', () => {
    expect(preprocessDigit(blank(), CANVAS, CANVAS)).toBeNull();
  });

  it('returns 784 values, each exactly 0 or 1', () => {
    const out = preprocessDigit(drawL(), CANVAS, CANVAS)!;
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(784);
    expect(out.every((v) => v === 0 || v === 1)).toBe(true);
    expect(out.some((v) => v === 1)).toBe(true);
  });

  it('keeps a thin diagonal stroke (8 px wide on a 280 canvas)', () => {
    const ink = blank();
    // Pixels within 4 px (perpendicular) of the line y = x, from corner to corner.
    for (let y = 0; y < CANVAS; y++) {
      for (let x = 0; x < CANVAS; x++) if (Math.abs(x - y) / Math.SQRT2 <= 4) ink[y * CANVAS + x] = 1;
    }
    const out = preprocessDigit(ink, CANVAS, CANVAS)!;
    const inked = out.reduce((s, v) => s + v, 0);
    expect(inked).toBeGreaterThanOrEqual(20); // about one pixel per row survives
  });

  it('rejects bad sizes, naming the values', () => {
    expect(() => preprocessDigit(new Float32Array(10), 3, 3)).toThrow(/10 values.*3 × 3/);
    expect(() => preprocessDigit(new Float32Array(0), 0, 5)).toThrow(/width must be an integer ≥ 1, got 0/);
    expect(() => preprocessDigit(new Float32Array(10), 2.5, 4)).toThrow(/got 2\.5/);
    expect(() => preprocessDigit(new Float32Array(10), 5, -2)).toThrow(/height.*got -2/);
  });

  it('rejects values outside [0, 1], naming the pixel', () => {
    const ink = blank(4, 3);
    ink[2 * 4 + 1] = Number.NaN;
    expect(() => preprocessDigit(ink, 4, 3)).toThrow(/pixel \(x 1, y 2\) is NaN/);
    ink[2 * 4 + 1] = 1.5;
    expect(() => preprocessDigit(ink, 4, 3)).toThrow(/is 1\.5/);
  });
});
