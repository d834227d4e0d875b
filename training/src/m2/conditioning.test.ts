import { describe, expect, it } from 'vitest';
import { classConditioning } from './conditioning.ts';

describe('classConditioning', () => {
  it('counts renderings as other classes only, split into following y, keeping the source class, and neither', () => {
    // Three classes. Digit 0 (class 0): as 1 the judge sees 1, as 2 it sees 0.
    // Digit 1 (class 2): as 0 it sees 1, as 1 it sees 1. The renderings as the source's own class are ignored.
    const labels = [0, 2];
    const seen = [
      [2, 1, 0],
      [1, 1, 0],
    ].flat();
    const c = classConditioning(labels, seen, 3);
    expect(c.renderings).toBe(4);
    expect(c.followsY).toBe(2 / 4);
    expect(c.keepsSource).toBe(1 / 4);
    expect(c.perClass).toEqual([
      { class: 0, followsY: 0 },
      { class: 1, followsY: 1 },
      { class: 2, followsY: 0 },
    ]);
  });

  it('refuses verdicts that do not match the digits', () => {
    expect(() => classConditioning([0, 1], [0, 1, 2], 3)).toThrow(/3 verdicts for 2 digits × 3 classes/);
  });
});
