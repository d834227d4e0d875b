import { describe, expect, it } from 'vitest';
import { standardNormals } from '../random.ts';
import { calibrationFromLogits, calibrationFromProbabilities, confidenceBin, softmax } from './metrics.ts';

/** A seeded uniform generator (mulberry32), so that the cases are the same on every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The next double above x > 0. */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

/**
 * Ten predictions over five classes, all of whose top class is class 0, with the confidences and
 * the right/wrong pattern of the hand-worked ECE below; four of them lie on an edge of B = 5.
 */
const tenRows = [
  [0.25, 0.2, 0.2, 0.2, 0.15], // 0.25, wrong (label 1)
  [0.4, 0.3, 0.1, 0.1, 0.1], // 0.4 (edge), right
  [0.4, 0.3, 0.1, 0.1, 0.1], // 0.4 (edge), wrong (label 1)
  [0.5, 0.2, 0.1, 0.1, 0.1], // 0.5, right
  [0.6, 0.1, 0.1, 0.1, 0.1], // 0.6 (edge), right
  [0.7, 0.1, 0.1, 0.05, 0.05], // 0.7, wrong (label 1)
  [0.8, 0.05, 0.05, 0.05, 0.05], // 0.8 (edge), right
  [0.9, 0.025, 0.025, 0.025, 0.025], // 0.9, right
  [1, 0, 0, 0, 0], // 1 (the top edge), right
  [0.95, 0.02, 0.01, 0.01, 0.01], // 0.95, wrong (label 1)
];
const tenProbabilities = Float64Array.from(tenRows.flat());
const tenLabels = [1, 0, 1, 0, 0, 1, 0, 0, 0, 1];

/**
 * Three predictions over three classes, as logits with known softmax: [1, 2, 1]/4, [6, 3, 1]/10
 * and [1, 4, 3]/8 (the last shifted by 5, which softmax ignores), labels 1, 2, 0.
 */
const threeLogits = Float64Array.from([
  0,
  Math.LN2,
  0,
  Math.log(6),
  Math.log(3),
  0,
  5,
  5 + Math.log(4),
  5 + Math.log(3),
]);
const threeProbabilities = Float64Array.from([0.25, 0.5, 0.25, 0.6, 0.3, 0.1, 0.125, 0.5, 0.375]);
const threeLabels = [1, 2, 0];

describe('confidenceBin', () => {
  it('puts a confidence on an edge in the bin below it, 0 in the first and 1 in the last', () => {
    // B = 5: (0, 0.2], (0.2, 0.4], (0.4, 0.6], (0.6, 0.8], (0.8, 1].
    expect([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 0.81, 1].map((c) => confidenceBin(c, 5))).toEqual([
      0, 0, 0, 1, 1, 2, 2, 3, 4, 4,
    ]);
    expect(confidenceBin(nextUp(0.2), 5)).toBe(1);
    expect(confidenceBin(0.5, 1)).toBe(0);
  });

  it('follows the edges as doubles where c·B rounds the wrong way', () => {
    // (7/25)·25 = 7.000000000000001 in doubles, so ceil(c·B) alone would put 7/25 in bin 7.
    expect((7 / 25) * 25).toBeGreaterThan(7);
    expect(confidenceBin(7 / 25, 25)).toBe(6);
    const wrong: string[] = [];
    for (let bins = 1; bins <= 100; bins++) {
      for (let k = 1; k <= bins; k++) {
        if (confidenceBin(k / bins, bins) !== k - 1) wrong.push(`${k}/${bins}`);
        if (k < bins && confidenceBin(nextUp(k / bins), bins) !== k) wrong.push(`just above ${k}/${bins}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('expected calibration error', () => {
  it('matches a hand-worked case with confidences on the bin edges', () => {
    // B = 5. Bin (0.2, 0.4]: 0.25 ✗, 0.4 ✓, 0.4 ✗ → 3 predictions, accuracy 1/3, confidence 0.35.
    // (0.4, 0.6]: 0.5 ✓, 0.6 ✓ → accuracy 1, confidence 0.55. (0.6, 0.8]: 0.7 ✗, 0.8 ✓ → 0.5, 0.75.
    // (0.8, 1]: 0.9 ✓, 1 ✓, 0.95 ✗ → 2/3, 0.95. ECE = 0.3·|1/3 − 0.35| + 0.2·0.45 + 0.2·0.25
    // + 0.3·|2/3 − 0.95| = 0.005 + 0.09 + 0.05 + 0.085 = 0.23. (Edges in the upper bin would give
    // 0.19; the plain mean over the four filled bins 0.25.)
    const r = calibrationFromProbabilities(tenProbabilities, tenLabels, 5, { bins: 5 });
    expect(r.ece).toBeCloseTo(0.23, 12);
    const d = r.reliability;
    expect([...d.count]).toEqual([0, 3, 2, 2, 3]);
    expect(d.accuracy[0]).toBeNaN();
    expect(d.confidence[0]).toBeNaN();
    const accuracy = [1 / 3, 1, 0.5, 2 / 3];
    const confidence = [0.35, 0.55, 0.75, 0.95];
    for (let b = 1; b < 5; b++) {
      expect(d.accuracy[b]).toBeCloseTo(accuracy[b - 1]!, 12);
      expect(d.confidence[b]).toBeCloseTo(confidence[b - 1]!, 12);
    }
    expect([...d.lower]).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect([...d.upper]).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(r.accuracy).toBeCloseTo(0.6, 12);
    expect(r.confidence).toBeCloseTo(0.65, 12);
    // One bin: |accuracy − mean confidence| = |0.6 − 0.65|.
    expect(calibrationFromProbabilities(tenProbabilities, tenLabels, 5, { bins: 1 }).ece).toBeCloseTo(0.05, 12);
  });

  it('is 0 when every bin is right as often as it is confident', () => {
    // Ten at 0.7 of which 7 right (bin (10/15, 11/15]), four at 0.75 of which 3 right ((11/15, 12/15]).
    const rows: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 10; i++) {
      rows.push(0.7, 0.3);
      labels.push(i < 7 ? 0 : 1);
    }
    for (let i = 0; i < 4; i++) {
      rows.push(0.25, 0.75);
      labels.push(i < 3 ? 1 : 0);
    }
    const r = calibrationFromProbabilities(Float64Array.from(rows), labels, 2);
    expect(r.ece).toBeCloseTo(0, 12);
    expect(r.reliability.count[10]).toBe(10);
    expect(r.reliability.count[11]).toBe(4);
  });

  it('agrees with a direct reference on random logits, and its bins count every prediction', () => {
    const u = generator(7);
    const n = 500;
    const classes = 10;
    const logits = standardNormals(n * classes, u).map((v) => 2.5 * v);
    const labels = Array.from({ length: n }, () => Math.floor(u() * classes));
    for (const bins of [1, 7, 15]) {
      // Reference: probabilities by exp and division, each bin found by scanning its edges.
      let gap = 0;
      for (let b = 0; b < bins; b++) {
        let right = 0;
        let confident = 0;
        for (let i = 0; i < n; i++) {
          const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
          const m = Math.max(...row);
          const e = row.map((z) => Math.exp(z - m));
          const sum = e.reduce((s, v) => s + v, 0);
          const c = Math.max(...e) / sum;
          if ((c > b / bins || b === 0) && c <= (b + 1) / bins) {
            confident += c;
            if (row.indexOf(m) === labels[i]) right++;
          }
        }
        gap += Math.abs(right - confident);
      }
      const r = calibrationFromLogits(logits, labels, classes, { bins });
      expect(r.ece).toBeCloseTo(gap / n, 12);
      expect(r.reliability.count.reduce((s, v) => s + v, 0)).toBe(n);
    }
  });

  it('compares a float32 confidence as stored: a float32 0.4 lies above the edge 0.4', () => {
    expect(Math.fround(0.4)).toBeGreaterThan(0.4);
    const r = calibrationFromProbabilities(Float32Array.from([0.4, 0.3, 0.3]), [0], 3, { bins: 5 });
    expect([...r.reliability.count]).toEqual([0, 0, 1, 0, 0]);
  });
});

describe('accuracy, NLL, confidence and Brier score', () => {
  it('match a hand-worked three-class case, from logits and from probabilities', () => {
    // p(label) = 1/2, 1/10, 1/8; the top classes are 1, 0, 1, so only the first is right; the top
    // probabilities are 0.5, 0.6, 0.5. Brier: (1/16 + 1/4 + 1/16) + (0.36 + 0.09 + 0.81)
    // + (49/64 + 16/64 + 9/64) = 0.375 + 1.26 + 1.15625. With B = 3 all three fall in (1/3, 2/3]:
    // ECE = |1/3 − 1.6/3| = 0.2.
    for (const r of [
      calibrationFromLogits(threeLogits, threeLabels, 3, { bins: 3 }),
      calibrationFromLogits(Float32Array.from(threeLogits), threeLabels, 3, { bins: 3 }),
      calibrationFromProbabilities(threeProbabilities, threeLabels, 3, { bins: 3 }),
    ]) {
      expect(r.n).toBe(3);
      expect(r.accuracy).toBeCloseTo(1 / 3, 12);
      expect(r.nll).toBeCloseTo((Math.log(2) + Math.log(10) + Math.log(8)) / 3, 6);
      expect(r.confidence).toBeCloseTo(1.6 / 3, 6);
      expect(r.brier).toBeCloseTo((0.375 + 1.26 + 1.15625) / 3, 6);
      expect(r.ece).toBeCloseTo(0.2, 6);
    }
  });

  it('divides the logits by the temperature before the softmax', () => {
    // T = 2 halves the logits: p(label) = √2/(2 + √2), 1/(√6 + √3 + 1), 1/(1 + 2 + √3).
    const r = calibrationFromLogits(threeLogits, threeLabels, 3, { temperature: 2 });
    const nll = (Math.log(1 + Math.SQRT2) + Math.log(1 + Math.sqrt(3) + Math.sqrt(6)) + Math.log(3 + Math.sqrt(3))) / 3;
    expect(r.nll).toBeCloseTo(nll, 12);
    expect(r.confidence).toBeCloseTo(
      (Math.SQRT2 / (2 + Math.SQRT2) + Math.sqrt(6) / (Math.sqrt(6) + Math.sqrt(3) + 1) + 2 / (3 + Math.sqrt(3))) / 3,
      12,
    );
    // The predictions do not change with T.
    expect(r.accuracy).toBeCloseTo(1 / 3, 12);
  });

  it('stays finite and exact for logits near ±1000', () => {
    // [1000, 1001, 999] is [1, 2, 0] shifted: −log p_1 = log(1 + e⁻¹ + e⁻²).
    const s = 1 + Math.exp(-1) + Math.exp(-2);
    for (const logits of [Float64Array.from([1000, 1001, 999]), Float32Array.from([-999, -998, -1000])]) {
      const r = calibrationFromLogits(logits, [1], 3);
      expect(r.nll).toBeCloseTo(Math.log(s), 12);
      expect(r.confidence).toBeCloseTo(1 / s, 12);
      expect(r.accuracy).toBe(1);
    }
    // A label 2000 nats below the top: the NLL is 2000, not ∞, and the Brier score is 2.
    const far = calibrationFromLogits(Float64Array.from([1000, -1000, 0]), [1], 3);
    expect(far.nll).toBeCloseTo(2000, 9);
    expect(far.brier).toBeCloseTo(2, 12);
    expect(far.confidence).toBe(1);
  });

  it('gives a tie to the lowest class, and an impossible label an infinite NLL', () => {
    expect(calibrationFromLogits(Float64Array.from([0, 0, 0]), [0], 3).accuracy).toBe(1);
    expect(calibrationFromLogits(Float64Array.from([0, 0, 0]), [1], 3).accuracy).toBe(0);
    expect(calibrationFromProbabilities(Float64Array.from([0.5, 0.5, 0]), [1], 3).accuracy).toBe(0);
    expect(calibrationFromProbabilities(Float64Array.from([1, 0]), [1], 2).nll).toBe(Infinity);
  });

  it('gives the hand-worked NLL of the ten-prediction case', () => {
    const p = [0.2, 0.4, 0.3, 0.5, 0.6, 0.1, 0.8, 0.9, 1, 0.02];
    const r = calibrationFromProbabilities(tenProbabilities, tenLabels, 5);
    expect(r.nll).toBeCloseTo(-p.reduce((s, v) => s + Math.log(v), 0) / 10, 12);
  });
});

describe('softmax', () => {
  it('gives the known probabilities, with and without a temperature, into a given array', () => {
    const p = softmax(threeLogits, 3);
    [0.25, 0.5, 0.25, 0.6, 0.3, 0.1, 0.125, 0.5, 0.375].forEach((v, k) => expect(p[k]).toBeCloseTo(v, 12));
    const out = new Float64Array(9);
    expect(softmax(threeLogits, 3, 2, out)).toBe(out);
    const s = 2 + Math.SQRT2;
    [1 / s, Math.SQRT2 / s, 1 / s].forEach((v, k) => expect(out[k]).toBeCloseTo(v, 12));
    // Large logits: [1000, 1001, 999] as [1, 2, 0].
    const big = softmax(Float32Array.from([1000, 1001, 999]), 3);
    const e = 1 + Math.exp(-1) + Math.exp(-2);
    [Math.exp(-1) / e, 1 / e, Math.exp(-2) / e].forEach((v, k) => expect(big[k]).toBeCloseTo(v, 12));
  });

  it('refuses bad shapes, logits and temperatures', () => {
    expect(() => softmax(Float64Array.from([1, 2, 3]), 2)).toThrow(/do not make rows of 2/);
    expect(() => softmax(Float64Array.from([1, 2]), 2, 1, new Float64Array(3))).toThrow(/out has 3/);
    expect(() => softmax(Float64Array.from([1, NaN]), 2)).toThrow(/logit 1 of row 0 is NaN/);
    expect(() => softmax(Float64Array.from([1, 2]), 2, 0)).toThrow(/temperature must be positive/);
  });
});

describe('bad input', () => {
  const logits = Float64Array.from([1, 2, 3, 4]);
  it('names what is wrong', () => {
    expect(() => calibrationFromLogits(new Float64Array(0), [], 2)).toThrow(/no predictions/);
    expect(() => calibrationFromLogits(logits, [0, 1, 0], 2)).toThrow(/4 scores for 3 labels of 2 classes/);
    expect(() => calibrationFromLogits(logits, [0, 2], 2)).toThrow(/label 1 is 2, not an integer class in 0…1/);
    expect(() => calibrationFromLogits(logits, [-1, 0], 2)).toThrow(/label 0 is -1/);
    expect(() => calibrationFromLogits(logits, [0.5, 0], 2)).toThrow(/label 0 is 0.5/);
    expect(() => calibrationFromLogits(logits, [0], 4)).not.toThrow();
    expect(() => calibrationFromLogits(logits, [0, 0, 0, 0], 1)).toThrow(/classes must be an integer ≥ 2/);
    expect(() => calibrationFromLogits(Float64Array.from([1, 2, Infinity, 4]), [0, 0], 2)).toThrow(
      /logit 0 of row 1 is Infinity/,
    );
    expect(() => calibrationFromLogits(logits, [0, 0], 2, { temperature: -1 })).toThrow(/got -1/);
    expect(() => calibrationFromLogits(logits, [0, 0], 2, { temperature: NaN })).toThrow(/got NaN/);
    expect(() => calibrationFromLogits(logits, [0, 0], 2, { bins: 0 })).toThrow(/bins must be a positive integer/);
    expect(() => calibrationFromProbabilities(logits, [0, 0], 2)).toThrow(/probability 1 of row 0 is 2/);
    expect(() => calibrationFromProbabilities(Float64Array.from([0.5, 0.4]), [0], 2)).toThrow(/row 0 sums to 0.9/);
    expect(() => calibrationFromProbabilities(Float64Array.from([1.5, -0.5]), [0], 2)).toThrow(
      /probability 0 of row 0 is 1.5/,
    );
  });
});
