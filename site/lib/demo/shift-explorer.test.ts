import { describe, expect, it } from 'vitest';
import { calibrationFromLogits } from '@bounded-rationality/core/calibration/metrics.ts';
import { ensembleLogits } from '@bounded-rationality/core/classifier/ensemble.ts';
import { applyShift, SHIFTS } from '@bounded-rationality/core/shift/registry.ts';
import {
  BINS,
  confidentMistakes,
  decodeBase64,
  decodeGrey,
  digitShifter,
  formatAmount,
  formatShare,
  formatTemperature,
  gatherDigits,
  parseShiftData,
  PIXELS,
  predictionLogits,
  sampleIndexes,
  SHIFT_SEED,
  temperatureOf,
  updateShift,
  type ShiftData,
} from './shift-explorer.ts';

/** Grey levels of n digits as bytes: a different level at every pixel. */
const greyBytes = (n: number) => Uint8Array.from({ length: n * PIXELS }, (_, i) => (i * 7) % 256);

/** A digits file as the training run writes it: 2 networks over 3 classes, 4 digits. */
const file = () => ({
  experiment: 'robust-predictions',
  members: 2,
  classes: 3,
  temperatures: { members: [2, 0.5], ensemble: 1.5 },
  digits: { n: 4, side: 28, labels: [0, 1, 2, 0], grey: Buffer.from(greyBytes(4)).toString('base64') },
});

const data = (): ShiftData => parseShiftData(file(), '/d.json');

/**
 * Member 0's logits for the file's 4 digits (labels 0, 1, 2, 0): right; wrong, predicting 2; a tie
 * between classes 0 and 1, so predicting 0, wrong; wrong, predicting 1 with confidence 4/6.
 */
const MEMBER0 = [
  [2, 0, 0],
  [0, 0, 3],
  [1, 1, 0],
  [0, Math.log(4), 0],
];
/** Member 1: right on the first three digits, wrong on the last. */
const MEMBER1 = [
  [3, 0, 0],
  [0, 5, 0],
  [0, 0, 4],
  [0, 0, 2],
];

/** The ensemble model's output for two members' rows: every digit's logits side by side. */
function outputs(members: number[][][]) {
  const rows = members[0]!.map((_, i) => members.flatMap((m) => m[i]!));
  return { member_logits: { data: Float32Array.from(rows.flat()) } };
}

/** softmax(z / T)'s top probability. */
const top = (z: number[], t = 1) => {
  const e = z.map((v) => Math.exp(v / t));
  return Math.max(...e) / e.reduce((a, b) => a + b, 0);
};

describe('parseShiftData', () => {
  it('reads the counts, temperatures, labels and grey levels as written', () => {
    const d = data();
    expect([d.experiment, d.members, d.classes, d.n]).toEqual(['robust-predictions', 2, 3, 4]);
    expect(d.temperatures).toEqual({ members: [2, 0.5], ensemble: 1.5 });
    expect(Array.from(d.labels)).toEqual([0, 1, 2, 0]);
    expect(d.images.length).toBe(4 * PIXELS);
    const bytes = greyBytes(4);
    expect(d.images.every((v, i) => v === Math.fround(bytes[i]! / 255))).toBe(true);
    expect(Math.max(...d.images)).toBe(1);
  });

  const broken: [string, (f: ReturnType<typeof file>) => unknown, string][] = [
    ['not an object', () => [1, 2], 'it is not an object'],
    ['no experiment', (f) => ({ ...f, experiment: '' }), 'experiment is not a name'],
    ['no members', (f) => ({ ...f, members: 0 }), 'members is not a positive integer'],
    ['one class', (f) => ({ ...f, classes: 1 }), 'classes is not an integer ≥ 2'],
    ['no temperatures', (f) => ({ ...f, temperatures: null }), 'temperatures is missing'],
    [
      'a temperature too few',
      (f) => ({ ...f, temperatures: { ...f.temperatures, members: [2] } }),
      'temperatures.members is not a list of 2 temperatures',
    ],
    [
      'a zero temperature',
      (f) => ({ ...f, temperatures: { ...f.temperatures, members: [2, 0] } }),
      'temperatures.members[1] is 0, not a positive number',
    ],
    [
      'a temperature as text',
      (f) => ({ ...f, temperatures: { ...f.temperatures, members: ['2', 1] } }),
      'temperatures.members[0] is "2", not a positive number',
    ],
    [
      'a negative ensemble temperature',
      (f) => ({ ...f, temperatures: { ...f.temperatures, ensemble: -1 } }),
      'temperatures.ensemble is -1, not a positive number',
    ],
    [
      'an infinite ensemble temperature',
      (f) => ({ ...f, temperatures: { ...f.temperatures, ensemble: Infinity } }),
      'temperatures.ensemble is Infinity, not a positive number',
    ],
    ['no digits', (f) => ({ ...f, digits: undefined }), 'digits is missing'],
    ['a fractional n', (f) => ({ ...f, digits: { ...f.digits, n: 3.5 } }), 'digits.n is not a positive integer'],
    [
      'digits of another size',
      (f) => ({ ...f, digits: { ...f.digits, side: 32 } }),
      'digits.side is 32; the shifts work on 28 × 28 digits',
    ],
    [
      'a label too few',
      (f) => ({ ...f, digits: { ...f.digits, labels: [0, 1, 2] } }),
      'digits.labels is not a list of 4 labels',
    ],
    [
      'a label out of range',
      (f) => ({ ...f, digits: { ...f.digits, labels: [0, 1, 3, 0] } }),
      'digits.labels[2] is 3, not a class in 0…2',
    ],
    [
      'a negative label',
      (f) => ({ ...f, digits: { ...f.digits, labels: [0, -1, 2, 0] } }),
      'digits.labels[1] is -1, not a class in 0…2',
    ],
    [
      'a fractional label',
      (f) => ({ ...f, digits: { ...f.digits, labels: [0, 1, 2, 0.5] } }),
      'digits.labels[3] is 0.5, not a class in 0…2',
    ],
    ['grey levels as a list', (f) => ({ ...f, digits: { ...f.digits, grey: [1, 2] } }), 'digits.grey is not a string'],
    [
      'grey levels that are not base64',
      (f) => ({ ...f, digits: { ...f.digits, grey: `${f.digits.grey.slice(0, -4)}ab!=` } }),
      'digits.grey: it is not base64 (4 digits of 784 grey levels)',
    ],
    [
      'grey levels cut short',
      (f) => ({ ...f, digits: { ...f.digits, grey: f.digits.grey.slice(0, -1) } }),
      'digits.grey: it is not base64',
    ],
    [
      'grey levels of three digits',
      (f) => ({ ...f, digits: { ...f.digits, grey: Buffer.from(greyBytes(3)).toString('base64') } }),
      'digits.grey: it holds 2352 bytes, not 3136 (4 digits of 784 grey levels)',
    ],
  ];
  it.each(broken)('rejects %s, naming the file and the fault', (_, edit, reason) => {
    expect(() => parseShiftData(edit(file()), '/d.json')).toThrow(`The digits file /d.json is malformed: ${reason}`);
  });
});

describe('decodeBase64 and decodeGrey', () => {
  it('decode what Node encodes, with and without padding', () => {
    for (const length of [0, 1, 2, 3, 4, 255, 256]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) % 256);
      expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes));
    }
  });

  it('refuse whitespace, URL-safe letters and misplaced padding', () => {
    for (const text of ['AAAA AAAA', 'AA-_', 'A=AA', 'AAA']) expect(() => decodeBase64(text)).toThrow('not base64');
  });

  it('map bytes to grey levels in [0, 1]', () => {
    expect(Array.from(decodeGrey(Buffer.from([0, 51, 255]).toString('base64'), 3))).toEqual([0, Math.fround(0.2), 1]);
    expect(() => decodeGrey(Buffer.from([0, 1]).toString('base64'), 3)).toThrow('it holds 2 bytes, not 3');
  });
});

describe('digitShifter', () => {
  it('leaves the digits as they are at severity 0', () => {
    const d = data();
    const shifted = digitShifter(d);
    for (const shift of SHIFTS) expect(shifted(shift.id, 0)).toBe(d.images);
  });

  it("is core's shift at every other severity, with the fixed seed", () => {
    const d = data();
    const shifted = digitShifter(d);
    for (const shift of SHIFTS) {
      for (const severity of [1, 3, 5]) {
        const want = applyShift(shift.id, d.images, d.n, severity, SHIFT_SEED);
        expect(shifted(shift.id, severity), `${shift.id} at ${severity}`).toEqual(want);
      }
    }
  });

  it('draws the same noise on every call, at every severity in any order', () => {
    const d = data();
    const shifted = digitShifter(d);
    for (const severity of [4, 1, 5, 4]) {
      expect(shifted('noise', severity)).toEqual(applyShift('noise', d.images, d.n, severity, SHIFT_SEED));
    }
    expect(shifted('noise', 4)).not.toEqual(d.images);
  });
});

describe('sampleIndexes and gatherDigits', () => {
  it('take the first digit of each class, in class order, leaving out absent classes', () => {
    expect(sampleIndexes([3, 1, 1, 0, 3, 2], 5)).toEqual([3, 1, 5, 0]);
  });

  it('copy the chosen digits out of the batch, in the order asked', () => {
    const images = Float32Array.from({ length: 3 * PIXELS }, (_, i) => Math.floor(i / PIXELS));
    const picked = gatherDigits(images, [2, 0]);
    expect(picked.length).toBe(2 * PIXELS);
    expect([picked[0], picked[PIXELS - 1], picked[PIXELS], picked[2 * PIXELS - 1]]).toEqual([2, 2, 0, 0]);
    expect(() => gatherDigits(images, [3])).toThrow('digit 3 is not in a batch of 3');
  });
});

describe('formatAmount', () => {
  it("reads the shift's unit and its amount at the severity", () => {
    expect(formatAmount('rotate', 3)).toBe('Degrees counter-clockwise: 36');
    expect(formatAmount('scale', 1)).toBe('Zoom factor: 0.9');
    expect(formatAmount('noise', 0)).toBe('Standard deviation (pixel value): 0');
    expect(() => formatAmount('blur', 6)).toThrow('severity must be an integer from 0 to 5, got 6');
  });
});

describe('temperatureOf', () => {
  it("takes 1 when raw, member 0's temperature for one network and the ensemble's for the ensemble", () => {
    const d = data();
    expect(temperatureOf(d, { model: 'single', scaling: 'raw' })).toBe(1);
    expect(temperatureOf(d, { model: 'ensemble', scaling: 'raw' })).toBe(1);
    expect(temperatureOf(d, { model: 'single', scaling: 'scaled' })).toBe(2);
    expect(temperatureOf(d, { model: 'ensemble', scaling: 'scaled' })).toBe(1.5);
  });
});

describe('predictionLogits', () => {
  it("takes member 0's columns for one network, whatever the others say", () => {
    const d = data();
    const single = predictionLogits(outputs([MEMBER0, MEMBER1]), d, 'single');
    expect(Array.from(single)).toEqual(Array.from(Float32Array.from(MEMBER0.flat())));
  });

  it("is core's ensemble of every member for the ensemble", () => {
    const d = data();
    const want = ensembleLogits([Float32Array.from(MEMBER0.flat()), Float32Array.from(MEMBER1.flat())], 3);
    expect(predictionLogits(outputs([MEMBER0, MEMBER1]), d, 'ensemble')).toEqual(want);
  });

  it('says so when the model gives rows of another width', () => {
    const wide = { member_logits: { data: new Float32Array(4 * 7) } };
    expect(() => predictionLogits(wide, data(), 'single')).toThrow('not rows of 2 × 3');
  });
});

describe('confidentMistakes', () => {
  const logits = Float32Array.from(MEMBER0.flat());
  const labels = [0, 1, 2, 0];

  it('lists the wrong digits, most confident first, with their predictions (a tie goes to the lower class)', () => {
    const { wrong, mistakes } = confidentMistakes(logits, labels, 3, 1, 10);
    expect(wrong).toBe(3);
    expect(mistakes.map(({ index, label, predicted }) => [index, label, predicted])).toEqual([
      [1, 1, 2],
      [3, 0, 1],
      [2, 2, 0],
    ]);
    expect(mistakes.map((m) => m.confidence)).toEqual(
      [top([0, 0, 3]), 4 / 6, top([1, 1, 0])].map((c) => expect.closeTo(c, 6)),
    );
  });

  it('takes the confidences at the temperature and keeps only `count`', () => {
    const { wrong, mistakes } = confidentMistakes(logits, labels, 3, 2, 2);
    expect(wrong).toBe(3);
    expect(mistakes.map((m) => [m.index, m.confidence])).toEqual([
      [1, expect.closeTo(top([0, 0, 3], 2), 6)],
      [3, expect.closeTo(0.5, 6)],
    ]);
  });

  it('breaks equal confidences by the order of the digits', () => {
    const same = Float32Array.from([0, 2, 0, 0, 2, 0, 2, 0, 0]);
    const { mistakes } = confidentMistakes(same, [0, 0, 1], 3, 1, 10);
    expect(mistakes.map((m) => m.index)).toEqual([0, 1, 2]);
  });

  it('lists nothing when every digit is right', () => {
    expect(confidentMistakes(Float32Array.from([1, 0, 0, 1]), [0, 1], 2, 1, 10)).toEqual({ wrong: 0, mistakes: [] });
  });
});

describe('updateShift', () => {
  const out = outputs([MEMBER0, MEMBER1]);

  it('scores one network by hand: one right of four, each confidence alone in its bin', () => {
    const u = updateShift(out, data(), { model: 'single', scaling: 'raw' });
    const c = MEMBER0.map((z) => top(z));
    expect(u.temperature).toBe(1);
    expect(u.calibration.accuracy).toBe(0.25);
    expect(u.calibration.confidence).toBeCloseTo((c[0]! + c[1]! + c[2]! + c[3]!) / 4, 6);
    // ECE = Σ_b |correct_b − Σ conf_b| / n, with one digit per bin.
    expect(u.calibration.ece).toBeCloseTo((1 - c[0]! + c[1]! + c[2]! + c[3]!) / 4, 6);
    expect(u.calibration.reliability.bins).toBe(BINS);
    expect(u.wrong).toBe(3);
    expect(u.mistakes.map((m) => m.index)).toEqual([1, 3, 2]);
  });

  it('scales by the file’s temperature: the accuracy stays, the confidences and ECE move', () => {
    const raw = updateShift(out, data(), { model: 'single', scaling: 'raw' });
    const scaled = updateShift(out, data(), { model: 'single', scaling: 'scaled' });
    expect(scaled.temperature).toBe(2);
    expect(scaled.calibration.accuracy).toBe(raw.calibration.accuracy);
    const c = MEMBER0.map((z) => top(z, 2));
    expect(scaled.calibration.ece).toBeCloseTo((1 - c[0]! + c[1]! + c[2]! + c[3]!) / 4, 6);
    expect(scaled.calibration.ece).not.toBeCloseTo(raw.calibration.ece, 3);
    expect(scaled.mistakes.map((m) => m.confidence)).toEqual([c[1], c[3], c[2]].map((v) => expect.closeTo(v!, 6)));
  });

  it("is core's metrics of core's ensemble, raw and at the ensemble's temperature", () => {
    const members = [Float32Array.from(MEMBER0.flat()), Float32Array.from(MEMBER1.flat())];
    const labels = [0, 1, 2, 0];
    for (const scaling of ['raw', 'scaled'] as const) {
      const temperature = scaling === 'raw' ? 1 : 1.5;
      const u = updateShift(out, data(), { model: 'ensemble', scaling });
      expect(u.temperature).toBe(temperature);
      expect(u.calibration).toEqual(
        calibrationFromLogits(ensembleLogits(members, 3), labels, 3, { bins: BINS, temperature }),
      );
    }
    // The second network puts the first three digits right; the last stays wrong in both.
    const u = updateShift(out, data(), { model: 'ensemble', scaling: 'raw' });
    expect(u.calibration.accuracy).toBe(0.75);
    expect(u.mistakes.map((m) => [m.index, m.predicted])).toEqual([[3, 2]]);
  });

  it('refuses logits for another number of digits', () => {
    const short = outputs([MEMBER0.slice(0, 3), MEMBER1.slice(0, 3)]);
    expect(() => updateShift(short, data(), { model: 'single', scaling: 'raw' })).toThrow(
      'The model gave logits for 3 digits, not the 4 it was given',
    );
  });
});

describe('formatShare and formatTemperature', () => {
  it('print a share as a percentage with one decimal and a temperature with two', () => {
    expect([formatShare(0.974), formatShare(1), formatShare(0.0004)]).toEqual(['97.4%', '100.0%', '0.0%']);
    expect(formatTemperature(1.19371)).toBe('T = 1.19');
  });
});
