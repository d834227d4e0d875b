/**
 * The MADE post's computed sentences: each says what its numbers allow, whichever way a rerun
 * comes out. Checked on made-up intervals, not only on the committed results.
 */
import { describe, expect, it } from 'vitest';
import { againstReference, capSummary, comparison, decided, effect, PYTORCH_REFERENCE, sizes } from './numbers.ts';

/** A made-up Welch comparison with this interval (its estimate in the middle). */
const interval = (low: number, high: number) => ({
  id: 'made-up',
  name: 'made up',
  kind: 'welch',
  difference: (low + high) / 2,
  se: (high - low) / 4,
  df: 8,
  low,
  high,
  level: 0.95,
});

describe('the MADE post’s sentences', () => {
  it('give a difference its direction only when the interval excludes zero, and the largest effect left open otherwise', () => {
    expect(effect(interval(-1.5, -0.5))).toBe('lowers the test NLL by 1.00 nats (95% CI [−1.50, −0.50])');
    expect(effect(interval(0.2, 0.4))).toBe('raises the test NLL by 0.30 nats (95% CI [0.20, 0.40])');
    const open = effect(interval(-0.3, 0.9));
    expect(open).toMatch(/^changes the test NLL by \+0\.30 nats \(95% CI \[−0\.30, 0\.90\], which includes zero\)/);
    expect(open).toMatch(/effects of up to 0\.90 nats in either direction open$/);
    expect(decided(interval(-0.3, 0.9))).toBe(false);
    expect(decided(interval(0.01, 0.9))).toBe(true);
  });

  it('place our NLL against the reference on the right side', () => {
    expect(againstReference(PYTORCH_REFERENCE - 2.5)).toBe('2.50 nats lower');
    expect(againstReference(PYTORCH_REFERENCE + 1)).toBe('1.00 nats higher');
  });

  it('read every comparison and ensemble size the post quotes from the results', () => {
    expect(sizes[0]).toBe(1);
    for (const a of ['1x500', '2x500']) {
      for (const id of [
        `masks-${a}`,
        `single-${a}`,
        `ordering-${a}`,
        ...sizes.slice(1).map((k) => `ensemble-${a}-${k}`),
      ]) {
        const c = comparison(id);
        expect(c.low).toBeLessThanOrEqual(c.high);
      }
    }
    expect(() => comparison('no-such')).toThrow(/no comparison "no-such"/);
    expect(capSummary()).toMatch(/sampled-mask runs .*one-mask runs/);
  });
});
