import { describe, expect, it } from 'vitest';
import summary from './results/iaf-z32-summary.json';
import flat2d from './results/iaf-z2-t0.json';
import flow2d from './results/iaf-z2-t4.json';
import {
  fallsBy,
  median,
  medianContrast,
  pairedGapInterval,
  restartGain,
  restartSentence,
  separation,
  separationSentence,
} from './numbers.ts';

const curve = (steps: number) => summary.rows.find((r) => r.steps === steps)!.validationCurve;

describe('the IAF post’s computed sentences', () => {
  it('takes medians of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('says falls or rises from the sign', () => {
    expect(fallsBy(0.5)).toMatch(/^falls by 0\.5/);
    expect(fallsBy(-0.25)).toMatch(/^rises by 0\.25/);
  });

  it('dates the separation of the curves where the margin starts to hold, and holds to the end', () => {
    const s = separation([2, 4], [0, 1], 0.5);
    const epochs = Math.min(...[0, 1, 2, 4].map((t) => curve(t).length));
    const margin = (e: number) => Math.min(curve(2)[e]!, curve(4)[e]!) - Math.max(curve(0)[e]!, curve(1)[e]!);
    if (s === undefined) {
      expect(margin(epochs - 1)).toBeLessThan(0.5);
      expect(separationSentence()).toMatch(/do not stay/);
      return;
    }
    expect(s.to).toBe(epochs);
    for (let e = s.from - 1; e < epochs; e++) expect(margin(e)).toBeGreaterThanOrEqual(0.5);
    if (s.from > 1) expect(margin(s.from - 2)).toBeLessThan(0.5);
    expect(separationSentence()).toContain(`From epoch ${s.from} until epoch ${epochs}`);
  });

  it('pairs the two 2-D models image by image', () => {
    const a = flat2d.inferenceGaps.amortizationGap.values;
    const b = flow2d.inferenceGaps.amortizationGap.values;
    const differences = b.map((v, i) => v - a[i]!);
    const m = differences.reduce((s, v) => s + v, 0) / differences.length;
    const i = pairedGapInterval('amortizationGap');
    expect(i.mean).toBeCloseTo(m, 10);
    expect(i.df).toBe(a.length - 1);
    expect((i.low + i.high) / 2).toBeCloseTo(m, 10);
  });

  it('states the restart and the medians the way the numbers go', () => {
    const gain = (r: typeof flat2d) => r.inferenceGaps.restartTrace.at(-1)!.elbo - r.inferenceGaps.trace.at(-1)!.elbo;
    expect(restartGain(0)).toBeCloseTo(gain(flat2d), 10);
    const sentence = restartSentence();
    expect(sentence).toContain(`${gain(flat2d) >= 0 ? 'higher' : 'lower'} for the plain VAE`);
    expect(sentence).toContain(`${gain(flow2d) >= 0 ? 'higher' : 'lower'} for the IAF model`);
    const byMedian =
      median(flow2d.inferenceGaps.approximationGap.values) > median(flat2d.inferenceGaps.approximationGap.values);
    const byMean = flow2d.inferenceGaps.approximationGap.mean > flat2d.inferenceGaps.approximationGap.mean;
    expect(medianContrast('approximationGap', 'approximation')).toMatch(
      byMedian === byMean ? /as the means do/ : /the other way/,
    );
  });
});
