import { describe, expect, it } from 'vitest';
import { binarize, createImageSet, labelCounts, subset, type ImageSet } from './dataset.ts';

/** Three 1×2 images: [0, 0.5], [0.5000001, 1], [0.25, 0.75], labels 2, 0, 2. */
function tiny(): ImageSet {
  return createImageSet({
    name: 'tiny',
    images: Float32Array.from([0, 0.5, 0.5000001, 1, 0.25, 0.75]),
    labels: Uint8Array.from([2, 0, 2]),
    height: 1,
    width: 2,
  });
}

describe('createImageSet', () => {
  it('takes n from the labels', () => {
    const set = tiny();
    expect([set.n, set.height, set.width]).toEqual([3, 1, 2]);
  });

  it('rejects pixel arrays that do not fill n × height × width, and bad sizes', () => {
    const fields = { name: 'bad', labels: new Uint8Array(2), height: 2, width: 2 };
    expect(() => createImageSet({ ...fields, images: new Float32Array(7) })).toThrow(
      'bad: 2 labels × 2×2 pixels needs 8 pixel values, got 7',
    );
    expect(() => createImageSet({ ...fields, images: new Float32Array(0), height: 0 })).toThrow(
      'bad: height must be a positive integer, got 0',
    );
    expect(() => createImageSet({ ...fields, images: new Float32Array(0), width: 1.5 })).toThrow('got 1.5');
  });
});

describe('binarize', () => {
  it('maps pixels strictly above the threshold to 1 and the rest, the threshold included, to 0', () => {
    const set = tiny();
    const binary = binarize(set);
    expect([...binary.images]).toEqual([0, 0, 1, 1, 0, 1]);
    expect([...binarize(set, 0.25).images]).toEqual([0, 1, 1, 1, 0, 1]);
    expect(binary.images.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('returns a new set and leaves the input alone', () => {
    const set = tiny();
    const binary = binarize(set);
    expect(binary.images).not.toBe(set.images);
    expect(binary.labels).not.toBe(set.labels);
    expect([...binary.labels]).toEqual([2, 0, 2]);
    expect(set.images[1]).toBe(0.5);
  });

  it('rejects a threshold that is not a finite number', () => {
    expect(() => binarize(tiny(), Number.NaN)).toThrow('threshold must be a finite number, got NaN');
  });
});

describe('subset', () => {
  it('copies the rows asked for, in order, repeats allowed', () => {
    const set = tiny();
    const picked = subset(set, [2, 0, 2], 'picked');
    expect(picked).toMatchObject({ name: 'picked', n: 3, height: 1, width: 2 });
    expect([...picked.images]).toEqual([0.25, 0.75, 0, 0.5, 0.25, 0.75]);
    expect([...picked.labels]).toEqual([2, 2, 2]);
    picked.images[0] = 9;
    expect(set.images[4]).toBe(0.25);
  });

  it('rejects indices outside the set, naming the index and its position', () => {
    expect(() => subset(tiny(), [0, 3])).toThrow('subset of tiny: index 3 (at position 1) is not an integer in [0, 3)');
    expect(() => subset(tiny(), [-1])).toThrow('index -1');
    expect(() => subset(tiny(), [0.5])).toThrow('index 0.5');
  });
});

describe('labelCounts', () => {
  it('counts each class and rejects labels beyond the class count', () => {
    expect(labelCounts(tiny(), 3)).toEqual([1, 0, 2]);
    expect(labelCounts(tiny())).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => labelCounts(tiny(), 2)).toThrow('tiny: label 2 is outside 0..1');
  });
});
