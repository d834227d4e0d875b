import { describe, expect, it } from 'vitest';
import { inputDegrees, randomOrdering } from './masks.ts';
import { orderOf } from './ordering.ts';

describe('orderOf', () => {
  it('undoes inputDegrees', () => {
    let s = 1;
    const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
    for (const dim of [1, 2, 5, 30]) {
      const order = randomOrdering(dim, u);
      expect(orderOf({ inputs: inputDegrees(order) })).toEqual(order);
    }
    // Input 2 first, then 0, then 1: degrees 2, 3, 1.
    expect(orderOf({ inputs: [2, 3, 1] })).toEqual([2, 0, 1]);
  });
});
