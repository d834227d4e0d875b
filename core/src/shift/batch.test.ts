import { describe, expect, it } from 'vitest';
import { CENTRE, PIXELS, checkFinite, checkImages } from './batch.ts';

describe('checkImages', () => {
  it('accepts n whole 28 × 28 images with values in [0, 1], and none at all', () => {
    expect([PIXELS, CENTRE]).toEqual([784, 13.5]);
    expect(() => checkImages(new Float32Array(2 * 784).fill(1), 2)).not.toThrow();
    expect(() => checkImages(new Float32Array(0), 0)).not.toThrow();
  });

  it('rejects a length that is not a multiple of 784, or that disagrees with n', () => {
    expect(() => checkImages(new Float32Array(783), 1)).toThrow(/783 values, not a multiple of 28 × 28 = 784/);
    expect(() => checkImages(new Float32Array(784 * 3), 2)).toThrow(/2352 values \(3 images\), but n is 2/);
    expect(() => checkImages(new Float32Array(784), 1.5)).toThrow(/n must be an integer ≥ 0, got 1.5/);
  });

  it('names the image and pixel of a value outside [0, 1] or not a number', () => {
    const x = new Float32Array(2 * 784);
    x[784 + 2 * 28 + 5] = 1.5;
    expect(() => checkImages(x, 2)).toThrow(/image 1, pixel \(row 2, column 5\) is 1.5, not in \[0, 1\]/);
    x[784 + 2 * 28 + 5] = Number.NaN;
    expect(() => checkImages(x, 2)).toThrow(/is NaN/);
    x[784 + 2 * 28 + 5] = -0.25;
    expect(() => checkImages(x, 2)).toThrow(/is -0.25/);
  });
});

describe('checkFinite', () => {
  it('passes numbers and names the parameter of NaN or an infinity', () => {
    expect(() => checkFinite('sigma', -3)).not.toThrow();
    expect(() => checkFinite('sigma', Number.NaN)).toThrow(/sigma must be a finite number, got NaN/);
    expect(() => checkFinite('sigma', Number.POSITIVE_INFINITY)).toThrow(/got Infinity/);
  });
});
