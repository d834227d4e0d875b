import { describe, expect, it } from 'vitest';
import { addNoise, gaussianNoise, noiseField } from './noise.ts';

/** n images of one grey level. */
const grey = (n: number, level: number) => new Float32Array(n * 784).fill(level);

describe('gaussianNoise', () => {
  it('adds noise of mean 0 and the requested sd to a mid-grey image, where clipping never bites', () => {
    // 100 images: 78,400 draws, so the mean is within 3 standard errors (0.0011) and the sd within
    // 1% (4 standard errors of an sd) of what was asked, and the tails are the normal's.
    const sd = 0.1;
    const out = gaussianNoise(grey(100, 0.5), 100, sd, 7);
    const added = Array.from(out, (v) => v - 0.5);
    const mean = added.reduce((s, v) => s + v, 0) / added.length;
    const spread = Math.sqrt(added.reduce((s, v) => s + (v - mean) ** 2, 0) / (added.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.0011);
    expect(Math.abs(spread / sd - 1)).toBeLessThan(0.01);
    // P(|Z| > 2) = 0.0455; its standard error here is 0.0007.
    expect(Math.abs(added.filter((v) => Math.abs(v) > 2 * sd).length / added.length - 0.0455)).toBeLessThan(0.003);
  });

  it('clips the result to [0, 1], so black and white pixels pile up at the ends', () => {
    const x = new Float32Array(2 * 784);
    for (let i = 0; i < x.length; i += 2) x[i] = 1;
    const out = gaussianNoise(x, 2, 0.5, 3);
    expect(out.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Half the noise on a 0 pixel is negative, and half on a 1 pixel is positive: about half of all
    // pixels end exactly at 0 or 1.
    const ends = out.filter((v) => v === 0 || v === 1).length / out.length;
    expect(ends).toBeGreaterThan(0.45);
    expect(ends).toBeLessThan(0.55);
  });

  it('gives the same noise for the same seed and different noise for another seed or image', () => {
    const x = grey(2, 0.5);
    const a = gaussianNoise(x, 2, 0.1, 42);
    expect(gaussianNoise(x, 2, 0.1, 42)).toEqual(a);
    const b = gaussianNoise(x, 2, 0.1, 43);
    expect(a.filter((v, i) => v === b[i]).length).toBeLessThan(10);
    const first = a.subarray(0, 784);
    const second = a.subarray(784);
    expect(first.filter((v, i) => v === second[i]).length).toBeLessThan(10);
  });

  it("draws an image's noise from the seed and its position, not from the other images", () => {
    const x = grey(2, 0.5);
    const y = grey(2, 0.5);
    y.fill(0.1, 0, 784);
    const a = gaussianNoise(x, 2, 0.2, 5);
    const b = gaussianNoise(y, 2, 0.2, 5);
    expect(b.subarray(784)).toEqual(a.subarray(784));
    expect(b.subarray(0, 784)).not.toEqual(a.subarray(0, 784));
  });

  it('leaves the images exactly as they are at sd 0, and does not change its input', () => {
    const x = new Float32Array(784).map((_, i) => (i % 29) / 28);
    const copy = x.slice();
    expect(gaussianNoise(x, 1, 0, 1)).toEqual(x);
    gaussianNoise(x, 1, 0.3, 1);
    expect(x).toEqual(copy);
  });

  it('rejects a negative or non-finite sd and a seed that is not a 32-bit unsigned integer', () => {
    const x = grey(1, 0.5);
    expect(() => gaussianNoise(x, 1, -0.1, 0)).toThrow(/standard deviation must be ≥ 0, got -0.1/);
    expect(() => gaussianNoise(x, 1, Number.NaN, 0)).toThrow(/standard deviation must be a finite number, got NaN/);
    expect(() => gaussianNoise(x, 1, 0.1, 1.5)).toThrow(/seed must be an integer in \[0, 2\^32\), got 1.5/);
    expect(() => gaussianNoise(x, 1, 0.1, -1)).toThrow(/got -1/);
    expect(() => gaussianNoise(x, 1, 0.1, 2 ** 32)).toThrow(/got 4294967296/);
  });
});

describe('noiseField and addNoise', () => {
  it('add sd × the field and clip, by hand', () => {
    const x = new Float32Array(784).fill(0.5);
    const field = new Float32Array(784);
    field.set([1, -2, 10, -10]);
    expect(Array.from(addNoise(x, 1, 0.1, field).subarray(0, 5))).toEqual([0.6, 0.3, 1, 0, 0.5].map(Math.fround));
  });

  it('are gaussianNoise in two steps, so a slider over sd can draw the field once', () => {
    const x = new Float32Array(3 * 784).fill(0.25);
    const field = noiseField(3, 11);
    expect(addNoise(x, 3, 0.2, field)).toEqual(gaussianNoise(x, 3, 0.2, 11));
    expect(noiseField(1, 11)).toEqual(field.subarray(0, 784));
  });

  it('reject a field of the wrong size', () => {
    expect(() => addNoise(new Float32Array(784), 1, 0.1, new Float32Array(10))).toThrow(/10 values for 784 pixels/);
    expect(() => noiseField(-1, 0)).toThrow(/n must be an integer ≥ 0, got -1/);
  });
});
