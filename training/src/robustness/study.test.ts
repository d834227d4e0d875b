import { describe, expect, it } from 'vitest';
import { calibrationFromLogits } from '@bounded-rationality/core/calibration/metrics.ts';
import { fitTemperature } from '@bounded-rationality/core/calibration/temperature.ts';
import { SHIFTS } from '@bounded-rationality/core/shift/registry.ts';
import { Rng } from '../runtime/rng.ts';
import { fitTemperatures, shiftStudy, type MemberLogits } from './study.ts';

const classes = 3;
const pixels = 784;
const rng = new Rng(5);
const n = 40;
const images = Float32Array.from({ length: n * pixels }, () => rng.uniform());
const labels = Uint8Array.from({ length: n }, (_, i) => i % classes);
/** Linear "networks": logits = W_m x, so a shift of the images changes what they say. */
const weights = [0, 1].map(() => Float32Array.from({ length: classes * pixels }, () => (rng.uniform() - 0.5) * 0.2));
const linear: MemberLogits = (x, count) =>
  weights.map((w) => {
    const out = new Float32Array(count * classes);
    for (let i = 0; i < count; i++)
      for (let c = 0; c < classes; c++) {
        let s = 0;
        for (let p = 0; p < pixels; p++) s += w[c * pixels + p]! * x[i * pixels + p]!;
        out[i * classes + c] = s;
      }
    return out;
  });
const config = { classes, bins: 15, seed: 3, bootstrap: 20 };

describe('the robustness study', () => {
  it('fits each member’s temperature on its own logits', () => {
    const logits = linear(images, n);
    const t = fitTemperatures(logits, labels, classes);
    expect(t.members).toEqual(logits.map((z) => fitTemperature(z, labels, classes).temperature));
    expect(t.ensemble).toBeGreaterThan(0);
  });

  it('reports single networks as the mean over members, raw and at their temperatures', () => {
    const t = { members: [2, 0.5], ensemble: 1 };
    const { unshifted } = shiftStudy(linear, images, labels, t, config);
    const logits = linear(images, n);
    const ece = (m: number, temperature: number) =>
      calibrationFromLogits(logits[m]!, labels, classes, { temperature }).ece;
    expect(unshifted.single.raw.ece.mean).toBeCloseTo((ece(0, 1) + ece(1, 1)) / 2, 12);
    expect(unshifted.single.scaled.ece.mean).toBeCloseTo((ece(0, 2) + ece(1, 0.5)) / 2, 12);
  });

  it('gives the ensemble of identical members the single member’s metrics, inside its bootstrap interval', () => {
    const same: MemberLogits = (x, count) => {
      const [first] = linear(x, count);
      return [first!, first!];
    };
    const { unshifted } = shiftStudy(same, images, labels, { members: [1, 1], ensemble: 1 }, config);
    for (const k of ['accuracy', 'nll', 'ece'] as const) {
      expect(unshifted.ensemble.raw[k].value).toBeCloseTo(unshifted.single.raw[k].mean, 6);
      expect(unshifted.ensemble.raw[k].low).toBeLessThanOrEqual(unshifted.ensemble.raw[k].value + 1e-12);
      expect(unshifted.ensemble.raw[k].high).toBeGreaterThanOrEqual(unshifted.ensemble.raw[k].value - 1e-12);
    }
  });

  it('covers every shift at severities 1 to 5, and a shift changes the predictions', () => {
    const { unshifted, shifts } = shiftStudy(linear, images, labels, { members: [1, 1], ensemble: 1 }, config);
    expect(shifts.map((s) => s.id)).toEqual(SHIFTS.map((s) => s.id));
    for (const s of shifts) expect(s.severities.map((p) => p.severity)).toEqual([1, 2, 3, 4, 5]);
    const rotated = shifts.find((s) => s.id === 'rotate')!.severities[4]!;
    expect(rotated.single.raw.nll.mean).not.toBeCloseTo(unshifted.single.raw.nll.mean, 6);
    // The reliability diagram is written as plain arrays, its counts summing to the test images.
    expect(unshifted.ensemble.reliability.raw.count.reduce((a, b) => a + b, 0)).toBe(n);
  });
});
