import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng.ts';
import { knnClassify, nearestNeighbours, vote } from './knn.ts';

// Points on a line (dim 1): positions 0, 1, 2 are class 0; 10, 11 are class 1; 5 is class 2.
const reference = Float32Array.from([0, 1, 2, 10, 11, 5]);
const labels = Uint8Array.from([0, 0, 0, 1, 1, 2]);

describe('k-nearest neighbours', () => {
  it('orders neighbours by distance, equal distances by position', () => {
    // From 5.5: 5 (0.5), then 2 (3.5), then 1 and 10 (4.5 each: position 1 before position 3).
    expect(Array.from(nearestNeighbours(reference, Float32Array.from([5.5]), 1, 4))).toEqual([5, 2, 1, 3]);
    // From 6: 5 (1), 2 (4), 10 (4): the tie goes to position 2 first.
    expect(Array.from(nearestNeighbours(reference, Float32Array.from([6]), 1, 3))).toEqual([5, 2, 3]);
  });

  it('votes by majority among exactly k neighbours', () => {
    const queries = Float32Array.from([1.2, 9, 4.9]);
    // 1.2: 1, 2, 0 → class 0. 9: 10, 11, 5 → class 1 (2 votes to 1). 4.9: 5, 2, 1 → class 0 (2 to 1).
    expect(Array.from(knnClassify(reference, labels, queries, 1, 3))).toEqual([0, 1, 0]);
    // With k = 1, 4.9 takes its nearest neighbour's class.
    expect(Array.from(knnClassify(reference, labels, queries, 1, 1))).toEqual([0, 1, 2]);
    // k = 4 from 9: 10, 11, 5, 2 → classes 1, 1, 2, 0: class 1.
    const fromNine = nearestNeighbours(reference, Float32Array.from([9]), 1, 6);
    expect(Array.from(vote(fromNine, 6, labels, 4))).toEqual([1]);
    // k = 6: every point votes, class 0 has three.
    expect(Array.from(vote(fromNine, 6, labels, 6))).toEqual([0]);
  });

  it('breaks a tie between classes by the nearest neighbour among the tied classes', () => {
    // From 7: 5 (class 2, distance 2), then 10 (class 1, 3), then 11 (1, 4) and 2 (0, 5).
    const fromSeven = nearestNeighbours(reference, Float32Array.from([7]), 1, 4);
    expect(Array.from(fromSeven)).toEqual([5, 3, 4, 2]);
    // k = 2: classes 2 and 1 tie with one vote each; 5 is nearer, so class 2.
    expect(Array.from(vote(fromSeven, 4, labels, 2))).toEqual([2]);
    // k = 4: class 1 has two votes, a majority.
    expect(Array.from(vote(fromSeven, 4, labels, 4))).toEqual([1]);
    // A three-way tie where the nearest is not the first class by number: from 8 with points 9 (class 2),
    // 6.5 (class 0), 10.5 (class 1): all one vote, the nearest (9) wins.
    const three = knnClassify(
      Float32Array.from([6.5, 10.5, 9]),
      Uint8Array.from([0, 1, 2]),
      Float32Array.from([8]),
      1,
      3,
    );
    expect(Array.from(three)).toEqual([2]);
  });

  it('agrees with a brute-force sort in several dimensions', () => {
    const rng = new Rng(2);
    const dim = 3;
    const ref = Float32Array.from({ length: 40 * dim }, () => rng.normal());
    const queries = Float32Array.from({ length: 5 * dim }, () => rng.normal());
    const found = nearestNeighbours(ref, queries, dim, 7);
    for (let a = 0; a < 5; a++) {
      const distances = Array.from({ length: 40 }, (_, b) => {
        let d = 0;
        for (let j = 0; j < dim; j++) d += (queries[a * dim + j]! - ref[b * dim + j]!) ** 2;
        return { b, d };
      });
      distances.sort((x, y) => x.d - y.d || x.b - y.b);
      expect(Array.from(found.subarray(a * 7, a * 7 + 7))).toEqual(distances.slice(0, 7).map((x) => x.b));
    }
  });
});
