import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { packBits, readTestDigits, unpackBits } from './test-digits.ts';

describe('packBits / unpackBits', () => {
  it('round-trips binary images, including a length that is not a multiple of 8', () => {
    for (const length of [1, 7, 8, 9, 784]) {
      const pixels = Float32Array.from({ length }, (_, i) => ((i * 7919) % 5 < 2 ? 1 : 0));
      expect(unpackBits(packBits(pixels), length)).toEqual(pixels);
    }
  });

  it('packs the first pixel into the most significant bit', () => {
    expect(packBits(Float32Array.from([1, 0, 0, 0, 0, 0, 0, 1, 1]))).toBe('8180');
  });

  it('refuses grey pixels and bad hex', () => {
    expect(() => packBits(Float32Array.from([0, 0.5]))).toThrow(/pixel 1 is 0.5/);
    expect(() => unpackBits('zz', 8)).toThrow(/hex/);
    expect(() => unpackBits('ff', 9)).toThrow(/expected 4/);
  });
});

describe('readTestDigits', () => {
  it('reads the committed file: binarized 28 × 28 test digits covering every class', () => {
    const file = readTestDigits(JSON.parse(readFileSync('site/data/mnist-test-digits.json', 'utf8')));
    expect(file).toMatchObject({ source: 'mnist-10k/test', width: 28, height: 28 });
    expect(new Set(file.digits.map((d) => d.label))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    for (const d of file.digits) {
      const ink = d.pixels.reduce((s, v) => s + v, 0);
      expect(ink).toBeGreaterThan(20);
      expect(ink).toBeLessThan(400);
    }
  });

  it('says what is wrong with a malformed file', () => {
    expect(() => readTestDigits(null)).toThrow(/needs source/);
    expect(() =>
      readTestDigits({ source: 's', width: 2, height: 2, digits: [{ label: -1, index: 0, bits: '00' }] }),
    ).toThrow(/test digit 0 needs/);
    expect(() =>
      readTestDigits({ source: 's', width: 2, height: 2, digits: [{ label: 1, index: 0, bits: '0' }] }),
    ).toThrow(/test digit 0: expected 2/);
  });
});
