import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { labelCounts } from './dataset.ts';
import {
  debianFashionMnistDir,
  fashionMnistFingerprint,
  fashionMnistFiles,
  loadFashionMnist,
  loadFashionMnistBinarized,
  splitFashionMnistValidation,
} from './fashion-mnist.ts';

const root = mkdtempSync(join(tmpdir(), 'fashion-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An unsigned-byte IDX file of the given shape; value k is k mod 10 for labels (rank 1), k mod 256 for images. */
function idx(dims: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x800 | dims.length);
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size));
  const count = dims.reduce((a, b) => a * b, 1);
  const modulus = dims.length === 1 ? 10 : 256;
  return Uint8Array.from([...header, ...Array.from({ length: count }, (_, k) => k % modulus)]);
}

/** A miniature Fashion-MNIST folder: 12 train and 4 test images of 2×3 pixels, gzipped or not. */
function miniature(name: string, gzip: boolean): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', idx([12, 2, 3])],
    ['train-labels-idx1-ubyte', idx([12])],
    ['t10k-images-idx3-ubyte', idx([4, 2, 3])],
    ['t10k-labels-idx1-ubyte', idx([4])],
  ];
  for (const [base, bytes] of files)
    writeFileSync(join(dir, gzip ? `${base}.gz` : base), gzip ? gzipSync(bytes) : bytes);
  return dir;
}

describe('fashion-mnist files', () => {
  it('says how to get the data when the files are missing', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'train-images-idx3-ubyte.gz'), gzipSync(idx([1, 1, 1])));
    const attempt = () => fashionMnistFiles(empty);
    expect(attempt).toThrow(`Fashion-MNIST not found: ${empty} lacks train-labels-idx1-ubyte[.gz]`);
    expect(attempt).toThrow('apt-get install dataset-fashion-mnist');
    expect(attempt).toThrow('FASHION_MNIST_DIR');
    expect(() => loadFashionMnist(join(root, 'nowhere'))).toThrow('train-images-idx3-ubyte[.gz], train-labels');
  });

  it('reads gzipped and plain folders alike, with the same fingerprint', () => {
    const gz = miniature('gz', true);
    const plain = miniature('plain', false);
    expect(fashionMnistFiles(gz).trainImages).toBe(join(gz, 'train-images-idx3-ubyte.gz'));
    expect(fashionMnistFiles(plain).testLabels).toBe(join(plain, 't10k-labels-idx1-ubyte'));
    const a = loadFashionMnist(gz);
    const b = loadFashionMnist(plain);
    expect(a).toEqual(b);
    expect(a.train).toMatchObject({ n: 12, height: 2, width: 3 });
    expect(a.test.n).toBe(4);
    expect(loadFashionMnist(gz)).toBe(a);
    expect(fashionMnistFingerprint(gz)).toMatch(/^[0-9a-f]{64}$/);
    expect(fashionMnistFingerprint(gz)).toBe(fashionMnistFingerprint(plain));
  });

  it('holds out every 6th training image (i % 6 == 5) for validation', () => {
    const { train } = loadFashionMnist(join(root, 'gz'));
    const split = splitFashionMnistValidation(train);
    expect([split.train.n, split.validation.n]).toEqual([10, 2]);
    expect([...split.validation.labels]).toEqual([train.labels[5], train.labels[11]]);
    expect([...split.validation.images.subarray(0, 6)]).toEqual([...train.images.subarray(30, 36)]);
    const binary = loadFashionMnistBinarized(join(root, 'gz'));
    expect([binary.train.n, binary.validation.n, binary.test.n]).toEqual([10, 2, 4]);
    expect(binary.test.images.every((v) => v === 0 || v === 1)).toBe(true);
  });
});

describe.skipIf(!existsSync(join(debianFashionMnistDir, 'train-images-idx3-ubyte.gz')))('Debian Fashion-MNIST', () => {
  it('has 60,000 training and 10,000 test images of 28×28, balanced classes', { timeout: 30_000 }, () => {
    const { train, test } = loadFashionMnist(debianFashionMnistDir);
    expect(train).toMatchObject({ n: 60000, height: 28, width: 28 });
    expect(test).toMatchObject({ n: 10000, height: 28, width: 28 });
    expect(labelCounts(train)).toEqual(new Array(10).fill(6000));
    expect(labelCounts(test)).toEqual(new Array(10).fill(1000));
    const split = splitFashionMnistValidation(train);
    expect([split.train.n, split.validation.n]).toEqual([50000, 10000]);
    expect(labelCounts(split.validation)).toEqual([987, 1022, 977, 1004, 1019, 1007, 994, 992, 980, 1018]);
  });
});
