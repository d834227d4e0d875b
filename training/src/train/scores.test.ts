import { describe, expect, it } from 'vitest';
import { correctness, errorPercent } from './scores.ts';

describe('scores', () => {
  it('marks each right prediction and counts the wrong ones as a percentage', () => {
    const correct = correctness([3, 1, 4, 1], Uint8Array.from([3, 1, 5, 9]));
    expect(Array.from(correct)).toEqual([1, 1, 0, 0]);
    expect(errorPercent(correct)).toBe(50);
    expect(errorPercent(Uint8Array.from([1, 1, 1, 0]))).toBe(25);
  });

  it('rejects predictions that do not match the labels in number', () => {
    expect(() => correctness([1, 2], Uint8Array.from([1]))).toThrow(/2 predictions for 1 labels/);
  });
});
