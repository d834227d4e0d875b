import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isGzip, parseIdx, readIdxFile, readIdxImageSet } from './idx.ts';

/** An IDX file: magic 0x0000 <type> <rank>, big-endian dimension sizes, then the bytes. */
function idx(dims: number[], values: number[], type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, (type << 8) | dims.length);
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size));
  return Uint8Array.from([...header, ...values]);
}

/** Three 2×2 images with labels 7, 0, 9. */
const pixels = [0, 51, 102, 255, 255, 0, 0, 0, 1, 2, 3, 4];
const images = idx([3, 2, 2], pixels);
const labels = idx([3], [7, 0, 9]);

const dir = mkdtempSync(join(tmpdir(), 'idx-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` to a fresh file in the temp folder and returns its path. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('parseIdx', () => {
  it('decodes 1-D and 3-D unsigned-byte arrays', () => {
    expect(parseIdx(labels, 'l')).toEqual({ dims: [3], data: Uint8Array.from([7, 0, 9]) });
    const decoded = parseIdx(images, 'i', 3);
    expect(decoded.dims).toEqual([3, 2, 2]);
    expect([...decoded.data]).toEqual(pixels);
  });

  it('recognises gzip by its magic bytes, not by the file name', () => {
    const gz = gzipSync(images);
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(images)).toBe(false);
    expect([...parseIdx(gz, 'no-extension', 3).data]).toEqual(pixels);
  });

  it('accepts an empty array', () => {
    expect(parseIdx(idx([0], []), 'empty', 1)).toEqual({ dims: [0], data: new Uint8Array(0) });
  });
});

describe('readIdxImageSet', () => {
  it('reads raw and gzipped files, whatever their names, scaling pixels to [0, 1]', () => {
    const raw = readIdxImageSet(file('raw-images', images), file('raw-labels', labels), 'raw');
    const gz = readIdxImageSet(file('gz-images.idx', gzipSync(images)), file('gz-labels.gz', gzipSync(labels)), 'gz');
    for (const set of [raw, gz]) {
      expect(set).toMatchObject({ n: 3, height: 2, width: 2 });
      expect([...set.labels]).toEqual([7, 0, 9]);
      expect([...set.images]).toEqual(pixels.map((p) => Math.fround(p / 255)));
    }
    expect(raw.images[3]).toBe(1);
    expect(raw.images[1]).toBeCloseTo(0.2, 7);
    // A raw file named .gz is read as raw.
    expect(readIdxFile(file('misnamed.gz', labels), 1).dims).toEqual([3]);
  });

  it('names both files when the image and label counts differ', () => {
    const imagesPath = file('three-images', images);
    const labelsPath = file('two-labels', idx([2], [1, 2]));
    expect(() => readIdxImageSet(imagesPath, labelsPath, 'x')).toThrow(
      `${imagesPath} holds 3 images but ${labelsPath} holds 2 labels`,
    );
  });

  it('rejects labels outside 0..9, naming the label file', () => {
    const labelsPath = file('label-ten', idx([3], [1, 10, 2]));
    expect(() => readIdxImageSet(file('ok-images', images), labelsPath, 'x')).toThrow(
      `${labelsPath}: label 10 at index 1 is outside 0..9`,
    );
  });

  it('checks that each file holds the rank it is read as', () => {
    const imagesPath = file('images-as-labels', images);
    expect(() => readIdxImageSet(file('labels-as-images', labels), imagesPath, 'x')).toThrow(
      /labels-as-images: not an unsigned-byte IDX file: magic number expected 0x00000803, found 0x00000801/,
    );
  });
});

describe('corrupt IDX files', () => {
  const corrupt: [string, Uint8Array, RegExp][] = [
    [
      'bad-magic',
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...images.subarray(4)]),
      /magic number expected 0x00000803, found 0x504b0304/,
    ],
    ['wrong-rank', idx([12], pixels), /magic number expected 0x00000803, found 0x00000801/],
    ['float-type', idx([3, 2, 2], pixels, 0x0d), /unsupported IDX data type 0x0d \(float32\); only 0x08/],
    ['short-header', images.subarray(0, 10), /truncated: a rank-3 IDX header needs 16 bytes, found 10/],
    ['no-magic', images.subarray(0, 2), /truncated: expected at least 4 bytes .*found 2/],
    [
      'truncated',
      images.subarray(0, images.length - 1),
      /truncated: shape \[3, 2, 2\] needs 28 bytes \(16 header \+ 12 data\), found 27/,
    ],
    [
      'trailing',
      Uint8Array.from([...images, 0, 0, 0]),
      /3 bytes of trailing data: shape \[3, 2, 2\] needs 28 bytes, found 31/,
    ],
    ['truncated.gz', gzipSync(images.subarray(0, 20)), /truncated: .* found 20 after gunzip/],
    ['cut-gzip.gz', gzipSync(images).subarray(0, 20), /corrupt gzip data/],
    ['garbled-gzip', Uint8Array.from(gzipSync(images), (b, i) => (i >= 10 ? b ^ 0x5a : b)), /corrupt gzip data/],
  ];

  for (const [name, bytes, message] of corrupt) {
    it(`${name}: says what is wrong and names the file`, () => {
      const path = file(name, bytes);
      expect(() => readIdxFile(path, 3)).toThrow(message);
      expect(() => readIdxFile(path, 3)).toThrow(path);
    });
  }

  it('without an expected rank, lists both accepted magic numbers', () => {
    expect(() => parseIdx(idx([2, 2], [0, 0, 0, 0]), 'matrix')).toThrow(
      'matrix: not an unsigned-byte IDX file: magic number expected 0x00000801 or 0x00000803, found 0x00000802',
    );
  });
});
