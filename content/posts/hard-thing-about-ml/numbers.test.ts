/**
 * The essay's computed sentences: each says what its numbers allow, whichever way a rerun comes
 * out. Checked on made-up values, not only on the committed results.
 */
import { describe, expect, it } from 'vitest';
import {
  at,
  ensembleGap,
  hardestShift,
  inDistributionVerdict,
  pct,
  points,
  scalingGain,
  scalingSentence,
  shifts,
  single,
  survivalVerdict,
  temperatureDirection,
} from './numbers.ts';

const interval = (low: number, high: number) => ({ mean: (low + high) / 2, se: 0, df: 4, low, high, level: 0.95 });

describe('the essay’s sentences', () => {
  it('say which way the temperatures go', () => {
    expect(temperatureDirection([1.2, 1.4])).toBe('all above 1, so they soften the confidences');
    expect(temperatureDirection([0.8, 0.9])).toBe('all below 1, so they sharpen the confidences');
    expect(temperatureDirection([0.8, 1.2])).toMatch(/^some above 1 and some below/);
  });

  it('give temperature scaling in distribution a verdict only when the paired interval leaves zero out', () => {
    expect(inDistributionVerdict(interval(-0.02, -0.005))).toMatch(/does not even carry over/);
    expect(inDistributionVerdict(interval(0.005, 0.02))).toBe('In distribution, the fix does what it is for.');
    expect(inDistributionVerdict(interval(-0.01, 0.01))).toMatch(/too little miscalibration/);
  });

  it('answer the question by how far the scaled error grew', () => {
    expect(survivalVerdict(3, 8)).toMatch(/^So the answer to the question is no: .* 8 times/);
    expect(survivalVerdict(3, 2)).toMatch(/survives the shift only in part: .* 2\.0 times/);
    expect(survivalVerdict(3, 1.1)).toMatch(/largely survives the shift/);
  });

  it('average over the shifts and pick the hardest one from the results', () => {
    const mean = at(3).reduce((s, p) => s + p.single.raw.accuracy.mean, 0) / shifts.length;
    expect(single('accuracy', 'raw', 3)).toBeCloseTo(mean, 12);
    const hardest = hardestShift(3);
    for (const p of at(3)) expect(p.single.raw.accuracy.mean).toBeGreaterThanOrEqual(hardest.accuracy);
    expect(() => ensembleGap('nonsense', 3)).toThrow(/no shift "nonsense"/);
    expect(pct(0.1234)).toBe('12.3%');
    expect(points(0.188)).toBe('18.8 percentage points');
  });

  it('compute the scaling gain per network, paired, and word it from its interval', () => {
    const g = scalingGain(3);
    expect(g.df).toBe(4);
    expect(scalingSentence(3)).toMatch(/expected calibration error/);
    // raw − scaled: positive is a gain; a loss is printed as a positive rise with its interval flipped.
    expect(scalingSentence(0, interval(0.012, 0.028))).toBe(
      'lowered the expected calibration error by 2.0 percentage points (95% CI over the 5 networks [1.2, 2.8])',
    );
    expect(scalingSentence(0, interval(-0.016, -0.008))).toBe(
      'raised the expected calibration error by 1.2 percentage points (95% CI over the 5 networks [0.8, 1.6])',
    );
    expect(scalingSentence(0, interval(-0.01, 0.004))).toMatch(
      /\[−0\.4, 1\.0\], which includes zero\): these networks cannot tell the sign$/,
    );
  });
});
