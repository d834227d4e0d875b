import { describe, expect, it } from 'vitest';
import { SHIFTS, applyShift, shiftAmount, shiftById, type ShiftId } from './registry.ts';

/** A ring-shaped "digit" of radius `radius` about (cy, cx), soft-edged, values in [0, 1]. */
function ring(radius: number, cy = 13.5, cx = 13.5): Float32Array {
  const out = new Float32Array(784);
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const d = Math.abs(Math.hypot(r - cy, c - cx) - radius);
      out[r * 28 + c] = Math.max(0, Math.min(1, 1.5 - d));
    }
  }
  return out;
}

/** Images side by side in one array. */
const batch = (...images: Float32Array[]) => {
  const out = new Float32Array(images.length * 784);
  images.forEach((x, k) => out.set(x, k * 784));
  return out;
};

const ids = SHIFTS.map((s) => s.id);

describe('SHIFTS', () => {
  it('lists every shift once, each with a label, a unit and six amounts', () => {
    expect(ids).toEqual(['rotate', 'translate', 'scale', 'shear', 'noise', 'blur', 'thicken', 'thin']);
    for (const s of SHIFTS) {
      expect(s.label.length).toBeGreaterThan(0);
      expect(s.unit.length).toBeGreaterThan(0);
      expect(s.amounts).toHaveLength(6);
    }
  });

  it('maps severities to the documented amounts', () => {
    expect([0, 1, 5].map((k) => shiftAmount('rotate', k))).toEqual([0, 12, 60]);
    expect([0, 3].map((k) => shiftAmount('translate', k))).toEqual([0, 3]);
    expect([0, 5].map((k) => shiftAmount('scale', k))).toEqual([1, 0.5]);
    expect(shiftAmount('noise', 2)).toBe(0.12);
    expect(shiftAmount('blur', 4)).toBe(2);
    expect(shiftAmount('thin', 4)).toBe(1);
  });

  it('moves every amount further from the identity with each severity', () => {
    for (const s of SHIFTS) {
      const distance = s.amounts.map((a) => Math.abs(a - s.amounts[0]));
      for (let k = 1; k <= 5; k++) expect(distance[k], `${s.id} at severity ${k}`).toBeGreaterThan(distance[k - 1]!);
    }
  });
});

describe('applyShift', () => {
  const x = batch(ring(7), ring(5, 12, 15));

  it('returns the input unchanged, value for value, at severity 0 for every shift', () => {
    for (const id of ids) expect(applyShift(id, x, 2, 0, 9), id).toEqual(x);
  });

  it('changes the images at every severity above 0, and stays in [0, 1]', () => {
    for (const id of ids) {
      for (let k = 1; k <= 5; k++) {
        const out = applyShift(id, x, 2, k, 9);
        expect(out).toHaveLength(x.length);
        expect(out.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(out, `${id} at severity ${k}`).not.toEqual(x);
      }
    }
  });

  it('transforms each image on its own: the second is the same whatever the first holds', () => {
    const other = batch(ring(9), ring(5, 12, 15));
    for (const id of ids) {
      const a = applyShift(id, x, 2, 3, 9);
      const b = applyShift(id, other, 2, 3, 9);
      expect(b.subarray(784), id).toEqual(a.subarray(784));
      expect(b.subarray(0, 784), id).not.toEqual(a.subarray(0, 784));
      // Without noise, an image shifts the same alone as in a batch.
      if (id !== 'noise') expect(applyShift(id, x.subarray(784), 1, 3, 9), id).toEqual(a.subarray(784));
    }
  });

  it('leaves its input alone', () => {
    const copy = x.slice();
    for (const id of ids) applyShift(id, x, 2, 5, 9);
    expect(x).toEqual(copy);
  });

  it('rejects an unknown shift, a severity outside 0–5 and a bad seed, naming the value', () => {
    expect(() => applyShift('blurr' as ShiftId, x, 2, 1, 0)).toThrow(/unknown shift "blurr"; the shifts are rotate, /);
    expect(() => shiftById('' as ShiftId)).toThrow(/unknown shift ""/);
    for (const severity of [-1, 6, 2.5, Number.NaN]) {
      expect(() => applyShift('rotate', x, 2, severity, 0)).toThrow(
        `severity must be an integer from 0 to 5, got ${severity}`,
      );
    }
    expect(() => applyShift('noise', x, 2, 1, -3)).toThrow(/seed .*got -3/);
  });

  it('rejects images whose length is not a multiple of 784, for every shift', () => {
    for (const id of ids) {
      expect(() => applyShift(id, new Float32Array(785), 1, 1, 0), id).toThrow(/785 values, not a multiple of .* 784/);
      expect(() => applyShift(id, x, 3, 1, 0), id).toThrow(/but n is 3/);
    }
  });

  it('rejects an amount that is not finite through each shift', () => {
    for (const s of SHIFTS) {
      expect(() => s.apply(x, 2, Number.NaN, 0), s.id).toThrow(/must be a finite number, got NaN/);
      expect(() => s.apply(x, 2, Number.POSITIVE_INFINITY, 0), s.id).toThrow(/finite number, got (-)?Infinity/);
    }
  });
});
