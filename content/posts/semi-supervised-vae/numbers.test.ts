/**
 * The semi-supervised post's computed sentences: each says what its numbers allow, whichever way a
 * rerun comes out. Checked on made-up intervals, not only on the committed results.
 */
import { describe, expect, it } from 'vitest';
import {
  budget,
  comparison,
  conditioningVerdict,
  differenceSentence,
  effect,
  errorCell,
  goalSentence,
  labelCounts,
  m2Budgets,
  runNoise,
  paperAlphaSentence,
  sweepRange,
  testSize,
  trainSize,
  unlabelledAt,
  validationSize,
} from './numbers.ts';

const names = { m2: 'M2', mlp: 'MLP (labels only)' };
const paired = (low: number, high: number) => ({ a: 'm2', b: 'mlp', mean: (low + high) / 2, low, high });

describe('the semi-supervised post’s sentences', () => {
  it('name the better method only when the paired interval leaves zero out', () => {
    expect(effect(paired(-6, -2), names)).toBe(
      'M2 has a lower error than MLP (labels only), by 4.0 points (95% CI [−6.0, −2.0])',
    );
    expect(effect(paired(1, 3), names)).toBe(
      'MLP (labels only) has a lower error than M2, by 2.0 points (M2 − MLP (labels only): +2.0, 95% CI [1.0, 3.0])',
    );
    expect(effect(paired(-3, 1), names)).toBe(
      'M2 − MLP (labels only) is −1.0 points (95% CI [−3.0, 1.0], which includes zero): these seeds cannot tell which is better, and leave differences of up to 3.0 points open',
    );
  });

  it('describe the α sweep as falling only when it fell at every step', () => {
    const falling = [
      { alphaScale: 0.1, validationError: 40 },
      { alphaScale: 1, validationError: 30 },
      { alphaScale: 10, validationError: 25 },
    ];
    expect(sweepRange(falling)).toBe('down at every step, 40.0%, 30.0%, 25.0% in that order');
    expect(sweepRange([falling[0]!, { alphaScale: 1, validationError: 45 }])).toBe('40.0%, 45.0% in that order');
  });

  it('place the paper’s α in the sweep', () => {
    const sweep = (errors: number[]) =>
      [0.1, 1, 10, 100].map((alphaScale, i) => ({ alphaScale, validationError: errors[i]! }));
    expect(paperAlphaSentence(sweep([40, 30, 25, 20]))).toBe("The paper's 0.1 N was the worst of the four here.");
    expect(paperAlphaSentence(sweep([10, 30, 25, 20]))).toBe("The paper's 0.1 N was the best of the four here.");
    expect(paperAlphaSentence(sweep([26, 30, 25, 20]))).toBe("The paper's 0.1 N came third of the four here.");
  });

  it('say what the judge’s verdicts allow about class conditioning', () => {
    expect(conditioningVerdict(0.9, 0.05)).toMatch(/^The class input y does control/);
    expect(conditioningVerdict(0.3, 0.5)).toMatch(/^More renderings keep the source digit’s class/);
    expect(conditioningVerdict(0.6, 0.2)).toMatch(/more often than not, but far from always/);
    expect(conditioningVerdict(0.3, 0.1)).toMatch(/^Most renderings show neither/);
  });

  it('read every budget, cell and comparison the post quotes from the results', () => {
    expect(labelCounts).toEqual([100, 300, 1000]);
    expect(m2Budgets).toEqual([100]);
    expect(trainSize).toBe(8000);
    expect(validationSize).toBe(1000);
    expect(testSize).toBe(1000);
    expect(unlabelledAt(100)).toBe(7900);
    // A run's test error on 1,000 images near 20% is itself uncertain by about ±2.5 points.
    expect(runNoise(0.2)).toBeCloseTo(2.479, 3);
    for (const labels of labelCounts) {
      expect(differenceSentence(labels)).toMatch(/best baseline by validation error here is/);
      expect(errorCell(labels, 'mlp')).toMatch(/^\d+\.\d ± \d+\.\d \[\d+\.\d, \d+\.\d\]$/);
      expect(comparison(labels, 'm1m2-mlp').b).toBe('mlp');
    }
    expect(errorCell(300, 'm2')).toBe('–');
    expect(() => budget(200)).toThrow(/no budget of 200/);
    expect(goalSentence()).toMatch(/^At 100 labels, M2 reaches \d+\.\d% mean test error/);
  });
});
