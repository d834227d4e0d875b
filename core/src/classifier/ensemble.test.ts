import { describe, expect, it } from 'vitest';
import { ensembleLogits } from './ensemble.ts';

describe('ensembleLogits', () => {
  it('is the log of the mean of the members’ softmax probabilities', () => {
    // Two classes: member 0 gives p = (e²/(e²+1), 1/(e²+1)), member 1 gives (1/2, 1/2).
    const out = ensembleLogits([Float32Array.from([2, 0]), Float32Array.from([5, 5])], 2);
    const p0 = Math.exp(2) / (Math.exp(2) + 1);
    expect(Math.exp(out[0]!)).toBeCloseTo((p0 + 0.5) / 2, 12);
    expect(Math.exp(out[1]!)).toBeCloseTo((1 - p0 + 0.5) / 2, 12);
  });

  it('is one member’s log-softmax for an ensemble of one, and stays finite for huge logits', () => {
    const out = ensembleLogits([Float32Array.from([1000, 0, -1000, 3, 3, 3])], 3);
    expect(out[0]).toBeCloseTo(0, 12);
    expect(out[1]).toBeCloseTo(-1000, 9);
    expect(out[3]).toBeCloseTo(-Math.log(3), 12);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
  });

  it('refuses no members, ragged rows and members of different sizes', () => {
    expect(() => ensembleLogits([], 2)).toThrow(/no members/);
    expect(() => ensembleLogits([new Float32Array(3)], 2)).toThrow(/not rows of 2/);
    expect(() => ensembleLogits([new Float32Array(4), new Float32Array(2)], 2)).toThrow(/different sizes/);
  });
});
