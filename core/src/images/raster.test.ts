import { describe, expect, it } from 'vitest';
import { probabilitiesToRgba, tileOrigin } from './raster.ts';

/** RGBA of output pixel (x, y). */
function pixel(image: { data: Uint8ClampedArray; width: number }, x: number, y: number): number[] {
  const at = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(at, at + 4));
}

describe('probabilitiesToRgba', () => {
  it('lays tile k out at row ⌊k / columns⌋, column k mod columns, with padding between', () => {
    const n = 5;
    const [h, w, columns, padding] = [2, 3, 3, 1];
    // Image k is all zero except its top-left pixel, which is 1.
    const images = new Float32Array(n * h * w);
    for (let k = 0; k < n; k++) images[k * h * w] = 1;
    const out = probabilitiesToRgba(images, n, h, w, columns, { padding });
    expect([out.width, out.height]).toEqual([3 * 3 + 2 * 1, 2 * 2 + 1 * 1]);
    expect(out.data.length).toBe(out.width * out.height * 4);
    for (let k = 0; k < n; k++) {
      const { x, y } = tileOrigin(k, h, w, columns, padding);
      expect([x, y]).toEqual([(k % 3) * 4, Math.floor(k / 3) * 3]);
      expect(pixel(out, x, y)).toEqual([255, 255, 255, 255]);
      expect(pixel(out, x + 1, y + 1)).toEqual([0, 0, 0, 255]);
    }
    // Tile 5 does not exist: the last cell of the second row stays transparent.
    expect(pixel(out, 8, 3)[3]).toBe(0);
  });

  it('blends paper to ink at p = 0, 0.5 and 1', () => {
    const ink: [number, number, number] = [200, 100, 0];
    const paper: [number, number, number] = [0, 50, 255];
    const out = probabilitiesToRgba(new Float32Array([0, 0.5, 1]), 1, 1, 3, 1, { ink, paper });
    expect(pixel(out, 0, 0)).toEqual([0, 50, 255, 255]);
    expect(pixel(out, 1, 0)).toEqual([100, 75, 128, 255]);
    expect(pixel(out, 2, 0)).toEqual([200, 100, 0, 255]);
  });

  it('draws white on black by default, as MNIST is', () => {
    const out = probabilitiesToRgba(new Float32Array([0, 1]), 2, 1, 1, 2);
    expect(pixel(out, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(out, 1, 0)).toEqual([255, 255, 255, 255]);
  });

  it('leaves the padding fully transparent', () => {
    const out = probabilitiesToRgba(new Float32Array(4).fill(1), 4, 1, 1, 2, { padding: 2 });
    expect([out.width, out.height]).toEqual([4, 4]);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const inTile = (x === 0 || x === 3) && (y === 0 || y === 3);
        expect(pixel(out, x, y)[3]).toBe(inTile ? 255 : 0);
      }
    }
  });

  it('names the image and pixel of a value that is not a probability', () => {
    const images = new Float32Array(2 * 2 * 2);
    images[4 + 3] = 1.25;
    expect(() => probabilitiesToRgba(images, 2, 2, 2, 2)).toThrow(/image 1, pixel \(row 1, column 1\) is 1\.25/);
    images[4 + 3] = -0.1;
    expect(() => probabilitiesToRgba(images, 2, 2, 2, 2)).toThrow(/image 1, pixel \(row 1, column 1\) is -0\.1/);
    images[4 + 3] = Number.NaN;
    expect(() => probabilitiesToRgba(images, 2, 2, 2, 2)).toThrow(/image 1, pixel \(row 1, column 1\) is NaN/);
    images[4 + 3] = Number.POSITIVE_INFINITY;
    expect(() => probabilitiesToRgba(images, 2, 2, 2, 2)).toThrow(/is Infinity/);
  });

  it('rejects bad sizes and colours, naming the values', () => {
    expect(() => probabilitiesToRgba(new Float32Array(5), 1, 2, 2, 1)).toThrow(/5 values.*1 × 2 × 2/);
    expect(() => probabilitiesToRgba(new Float32Array(4), 1, 2, 2, 0)).toThrow(/columns.*got 0/);
    expect(() => probabilitiesToRgba(new Float32Array(0), 0, 2, 2, 1)).toThrow(/n .*got 0/);
    expect(() => probabilitiesToRgba(new Float32Array(4), 1, 2, 2, 1, { padding: -1 })).toThrow(/padding.*got -1/);
    expect(() => probabilitiesToRgba(new Float32Array(4), 1, 2, 2, 1, { ink: [256, 0, 0] })).toThrow(
      /ink .*\[256, 0, 0\]/,
    );
  });
});
