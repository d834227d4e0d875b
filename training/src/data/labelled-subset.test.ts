import { describe, expect, it } from 'vitest';
import { createImageSet, labelCounts } from './dataset.ts';
import { labelledSplit } from './labelled-subset.ts';

/** 3 classes with 5, 4 and 6 images; each image's one pixel is its index, so rows are traceable. */
const labels = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
const set = createImageSet({
  name: 'toy',
  images: Float32Array.from(labels, (_, i) => i),
  labels,
  height: 1,
  width: 1,
});

describe('labelledSplit', () => {
  it('takes the same number from each class, and the rest is unlabelled, with no image in both', () => {
    const { labelled, unlabelled, indices } = labelledSplit(set, 6, 1, 3);
    expect(labelCounts(labelled, 3)).toEqual([2, 2, 2]);
    expect(labelled.n + unlabelled.n).toBe(set.n);
    const all = [...Array.from(labelled.images), ...Array.from(unlabelled.images)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: set.n }, (_, i) => i));
    // The rows are the images at `indices`, with their own labels.
    expect(Array.from(labelled.images)).toEqual(indices);
    indices.forEach((i, k) => expect(labelled.labels[k]).toBe(set.labels[i]));
  });

  it('interleaves the classes, so a prefix is balanced', () => {
    const { labelled } = labelledSplit(set, 9, 4, 3);
    expect(Array.from(labelled.labels.subarray(0, 6))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('is fixed by the seed and differs between seeds', () => {
    const a = labelledSplit(set, 6, 1, 3).indices;
    expect(labelledSplit(set, 6, 1, 3).indices).toEqual(a);
    const others = [2, 3, 4, 5, 6].map((s) => labelledSplit(set, 6, s, 3).indices.join());
    expect(others.some((o) => o !== a.join())).toBe(true);
  });

  it('draws every member of a class over many seeds (not always the first ones)', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 50; s++) labelledSplit(set, 3, s, 3).indices.forEach((i) => seen.add(i));
    expect(seen.size).toBe(set.n);
  });

  it('refuses counts that cannot be balanced or that a class cannot supply', () => {
    expect(() => labelledSplit(set, 7, 1, 3)).toThrow(/evenly over 3 classes/);
    expect(() => labelledSplit(set, 15, 1, 3)).toThrow(/class 1 of toy has 4 images, 5 needed/);
  });
});
