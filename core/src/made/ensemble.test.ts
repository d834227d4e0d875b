import { describe, expect, it } from 'vitest';
import { ensembleLogLikelihood, logMeanExp } from './ensemble.ts';

describe('mask ensembles', () => {
  it('average probabilities, not log-probabilities', () => {
    const p = [0.5, 0.1, 0.02];
    expect(logMeanExp(p.map(Math.log))).toBeCloseTo(Math.log((0.5 + 0.1 + 0.02) / 3), 12);
    // The mean of the logs is the log of the geometric mean, which is smaller.
    expect(logMeanExp(p.map(Math.log))).toBeGreaterThan(p.map(Math.log).reduce((a, b) => a + b) / 3);
  });

  it('stay finite for log-likelihoods of images, hundreds of nats below zero', () => {
    expect(logMeanExp([-900, -900 - Math.log(3)])).toBeCloseTo(-900 + Math.log((1 + 1 / 3) / 2), 10);
    expect(logMeanExp([-Infinity, -1000])).toBeCloseTo(-1000 - Math.log(2), 10);
    expect(logMeanExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(() => logMeanExp([])).toThrow(/no values/);
  });

  it('combine per example', () => {
    const out = ensembleLogLikelihood([
      [-100, -5],
      [-102, -5],
    ]);
    expect(out[0]).toBeCloseTo(Math.log((Math.exp(-100) + Math.exp(-102)) / 2), 10);
    expect(out[1]).toBeCloseTo(-5, 12);
    expect(() => ensembleLogLikelihood([[1], [1, 2]])).toThrow(/different lengths/);
  });
});
