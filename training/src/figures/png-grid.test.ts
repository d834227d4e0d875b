import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { imageGridPng } from './png-grid.ts';

/** n images of h × w where image k's pixel (r, c) holds a value unique to (k, r, c). */
function numbered(n: number, h: number, w: number): Float32Array {
  const images = new Float32Array(n * h * w);
  for (let i = 0; i < images.length; i++) images[i] = (i + 1) / 255;
  return images;
}

/** The byte the grid should hold for image k's pixel (r, c) of `numbered`. */
const expected = (k: number, r: number, c: number, h: number, w: number) => k * h * w + r * w + c + 1;

describe('imageGridPng', () => {
  const [n, h, w] = [5, 3, 4];
  const images = numbered(n, h, w);

  it('places image k pixel (r, c) by the documented formula, scaled nearest-neighbour, on an opaque background', () => {
    const [scale, padding, columns] = [3, 2, 2];
    const png = PNG.sync.read(imageGridPng({ images, n, height: h, width: w, columns, scale, padding, background: 1 }));
    const cellW = w * scale + padding;
    const cellH = h * scale + padding;
    expect([png.width, png.height]).toEqual([2 * cellW - padding, 3 * cellH - padding]);
    expect(png.colorType).toBe(0);
    // pngjs decodes to RGBA; a greyscale pixel has r = g = b.
    const at = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    for (const [k, r, c] of [
      [0, 0, 0],
      [1, 2, 3],
      [2, 1, 2],
      [4, 2, 0],
    ] as const) {
      const [row, col] = [Math.floor(k / columns), k % columns];
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          expect(at(col * cellW + c * scale + dx, row * cellH + r * scale + dy)).toBe(expected(k, r, c, h, w));
        }
      }
    }
    // Padding between images, and the empty cell after the last image, are the background.
    expect(at(w * scale, 0)).toBe(255);
    expect(at(w * scale + padding - 1, h * scale - 1)).toBe(255);
    expect(at(0, h * scale)).toBe(255);
    expect(at(cellW + 1, 2 * cellH + 1)).toBe(255);
  });

  it('leaves padding transparent by default and images opaque', () => {
    const png = PNG.sync.read(imageGridPng({ images, n, height: h, width: w, columns: 5 }));
    expect(png.colorType).toBe(4);
    expect([png.width, png.height]).toEqual([5 * w + 4 * 2, h]);
    const alpha = (x: number, y: number) => png.data[(y * png.width + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(255);
    expect(alpha(w, 0)).toBe(0);
    expect(alpha(w + 1, 2)).toBe(0);
    expect(png.data[((2 * png.width + w + 2) * 4) as number]).toBe(expected(1, 2, 0, h, w));
  });

  it('inverts, rounds to the nearest byte and butts images together without padding', () => {
    const grey = new Float32Array([0, 1, 0.5, 0.25]);
    const png = PNG.sync.read(
      imageGridPng({ images: grey, n: 2, height: 1, width: 2, columns: 2, padding: 0, invert: true, background: 0 }),
    );
    expect(png.width).toBe(4);
    expect([0, 1, 2, 3].map((x) => png.data[x * 4])).toEqual([255, 0, 128, 191]);
  });

  it('is deterministic', () => {
    const options = { images, n, height: h, width: w, columns: 3, scale: 2 };
    expect(imageGridPng(options).equals(imageGridPng(options))).toBe(true);
  });

  describe('rejects bad input', () => {
    const base = { images: new Float32Array(2 * 2 * 2), n: 2, height: 2, width: 2, columns: 2 };
    it.each([
      ['a short buffer', { images: new Float32Array(7) }, /holds 7 values, but n × height × width = 2 × 2 × 2 = 8/],
      ['NaN', { images: new Float32Array([0, 0, 0, 0, 0, NaN, 0, 0]) }, /image 1, pixel \(row 0, column 1\) is NaN/],
      [
        'a value above 1',
        { images: new Float32Array([0, 0, 1.5, 0, 0, 0, 0, 0]) },
        /image 0, pixel \(row 1, column 0\) is 1.5/,
      ],
      ['a fractional scale', { scale: 1.5 }, /scale must be a positive integer; got 1.5/],
      ['zero columns', { columns: 0 }, /columns must be a positive integer/],
      ['negative padding', { padding: -1 }, /padding/],
      ['a background out of range', { background: 2 }, /background/],
    ] as const)('%s', (_case, override, message) => {
      expect(() => imageGridPng({ ...base, ...override })).toThrow(message);
    });
  });
});
