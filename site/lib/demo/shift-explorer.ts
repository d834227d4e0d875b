/**
 * The shift explorer's logic, without the DOM (the robustness post, issue 21): the digits file the
 * training run writes beside its ensemble (`robust-predictions`), the batch a shift and a severity
 * give (core's shifts, seed fixed), and the one update a move of the slider or a toggle triggers:
 * from the members' logits for the shifted batch, the accuracy, mean confidence and ECE (15 bins)
 * of one network or the ensemble, raw or temperature-scaled, and the digits it is most confidently
 * wrong about. Every number is core's (calibration/metrics.ts, classifier/ensemble.ts).
 */
import { calibrationFromLogits, softmax, type Calibration } from '@bounded-rationality/core/calibration/metrics.ts';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import { ensembleLogits } from '@bounded-rationality/core/classifier/ensemble.ts';
import type { Outputs } from '@bounded-rationality/core/models/contracts.ts';
import { addNoise, noiseField } from '@bounded-rationality/core/shift/noise.ts';
import { applyShift, shiftAmount, shiftById, type ShiftId } from '@bounded-rationality/core/shift/registry.ts';
import { formatNumber } from '../format.ts';

/** Side of a digit, pixels: core's shifts work on 28 × 28 images. */
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
/** The severities the slider offers, as in the post's figures and tables. */
export const SEVERITIES = { min: 0, max: 5 } as const;
/** The noise shift's seed: the same noisy digits on every visit and every move back to a severity. */
export const SHIFT_SEED = 1;
/** Confidence bins of the ECE and the reliability diagram (Guo et al.; the training run's too). */
export const BINS = 15;
/** Confidently wrong digits listed. */
export const WRONG_SHOWN = 10;

/** The digits file, checked: `members` networks over `classes` classes, and n test digits. */
export interface ShiftData {
  experiment: string;
  members: number;
  classes: number;
  /** Fitted on the unshifted validation split: one per member, and the ensemble's. */
  temperatures: { members: number[]; ensemble: number };
  n: number;
  /** n labels, each an integer class in [0, classes). */
  labels: Uint8Array;
  /** n × 784 grey levels in [0, 1] (the file's bytes / 255). */
  images: Float32Array;
}

/** Which predictions are scored: member 0 alone, or the ensemble of all members. */
export type Model = 'single' | 'ensemble';
/** Raw softmax confidences, or the softmax at the file's fitted temperature. */
export type Scaling = 'raw' | 'scaled';

export interface Settings {
  model: Model;
  scaling: Scaling;
}

/** A digit the model gets wrong, with what it predicts and how sure it is. */
export interface Mistake {
  /** Index of the digit in the batch. */
  index: number;
  label: number;
  predicted: number;
  /** Its top probability, under the settings' temperature. */
  confidence: number;
}

export interface ShiftUpdate {
  settings: Settings;
  /** The temperature the confidences are taken at (1 when raw). */
  temperature: number;
  /** Core's metrics (accuracy, confidence, ECE with its reliability diagram, NLL, Brier). */
  calibration: Calibration;
  /** How many digits are wrong. */
  wrong: number;
  /** The wrong digits of highest confidence, most confident first (ties: lower index first). */
  mistakes: Mistake[];
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isPositive = (v: unknown): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v);
/** A value from the file as a message quotes it: text in quotes, so that "2" and 2 read apart. */
const quoted = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Bytes from standard base64 (with its padding, no whitespace); throws on anything else. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('it is not base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The digits' grey levels: `count` base64 bytes, each grey · 255, as values in [0, 1]. */
export function decodeGrey(text: string, count: number): Float32Array {
  const bytes = decodeBase64(text);
  if (bytes.length !== count) throw new Error(`it holds ${bytes.length} bytes, not ${count}`);
  return Float32Array.from(bytes, (b) => b / 255);
}

/**
 * The digits file as `training/src/experiments/robustness.ts` writes it, checked: counts are
 * positive integers, one temperature per member and all positive, n labels each a class, and the
 * grey levels base64 of n · 28 · 28 bytes. A file that is not one fails with a message naming it
 * (`source`) and what is wrong.
 */
export function parseShiftData(value: unknown, source: string): ShiftData {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not an object');
    const file = value as Record<string, unknown>;
    if (typeof file.experiment !== 'string' || file.experiment === '') throw new Error('experiment is not a name');
    if (!isCount(file.members)) throw new Error('members is not a positive integer');
    if (!isCount(file.classes) || file.classes < 2) throw new Error('classes is not an integer ≥ 2');
    const { members, classes } = file as Record<'members' | 'classes', number>;

    const t = file.temperatures as Record<string, unknown> | undefined;
    if (typeof t !== 'object' || t === null) throw new Error('temperatures is missing');
    if (!Array.isArray(t.members) || t.members.length !== members) {
      throw new Error(`temperatures.members is not a list of ${members} temperatures`);
    }
    const bad = t.members.findIndex((v) => !isPositive(v));
    if (bad >= 0) throw new Error(`temperatures.members[${bad}] is ${quoted(t.members[bad])}, not a positive number`);
    if (!isPositive(t.ensemble))
      throw new Error(`temperatures.ensemble is ${quoted(t.ensemble)}, not a positive number`);

    const d = file.digits as Record<string, unknown> | undefined;
    if (typeof d !== 'object' || d === null) throw new Error('digits is missing');
    if (!isCount(d.n)) throw new Error('digits.n is not a positive integer');
    const n = d.n;
    if (d.side !== SIDE)
      throw new Error(`digits.side is ${quoted(d.side)}; the shifts work on ${SIDE} × ${SIDE} digits`);
    if (!Array.isArray(d.labels) || d.labels.length !== n)
      throw new Error(`digits.labels is not a list of ${n} labels`);
    const off = d.labels.findIndex((y) => !Number.isInteger(y) || (y as number) < 0 || (y as number) >= classes);
    if (off >= 0) {
      throw new Error(`digits.labels[${off}] is ${quoted(d.labels[off])}, not a class in 0…${classes - 1}`);
    }
    if (typeof d.grey !== 'string') throw new Error('digits.grey is not a string');
    let images: Float32Array;
    try {
      images = decodeGrey(d.grey, n * PIXELS);
    } catch (error) {
      throw new Error(`digits.grey: ${(error as Error).message} (${n} digits of ${PIXELS} grey levels)`, {
        cause: error,
      });
    }
    return {
      experiment: file.experiment,
      members,
      classes,
      temperatures: { members: t.members as number[], ensemble: t.ensemble },
      n,
      labels: Uint8Array.from(d.labels as number[]),
      images,
    };
  } catch (error) {
    throw new Error(`The digits file ${source} is malformed: ${(error as Error).message}.`, { cause: error });
  }
}

/**
 * The batches of one file's digits, by shift and integer severity 0–5: the digits themselves at
 * severity 0 (the unchanged images, as the training run's severity 0 is the unshifted test split),
 * else core's shift at that severity with the fixed seed. The noise shift's standard normals are
 * drawn once, on its first use, and scaled for each severity (core's noiseField and addNoise: what
 * gaussianNoise does in one call, without redrawing them on every move of the slider).
 */
export function digitShifter(data: ShiftData): (shift: ShiftId, severity: number) => Float32Array {
  let field: Float32Array | undefined;
  return (shift, severity) => {
    if (severity === 0) return data.images;
    if (shift !== 'noise') return applyShift(shift, data.images, data.n, severity, SHIFT_SEED);
    const sd = shiftAmount(shift, severity);
    field ??= noiseField(data.n, SHIFT_SEED);
    return addNoise(data.images, data.n, sd, field);
  };
}

/**
 * The digits shown as samples of a shift: the first of each class in the file, in class order
 * (classes with no digit are left out).
 */
export function sampleIndexes(labels: ArrayLike<number>, classes: number): number[] {
  const first = new Array<number>(classes).fill(-1);
  for (let i = labels.length - 1; i >= 0; i--) first[labels[i]!] = i;
  return first.filter((i) => i >= 0);
}

/** Digits `indexes` of a batch (n × 784) as one array, in that order. */
export function gatherDigits(images: Float32Array, indexes: readonly number[]): Float32Array {
  const out = new Float32Array(indexes.length * PIXELS);
  indexes.forEach((i, k) => {
    if (!Number.isInteger(i) || i < 0 || (i + 1) * PIXELS > images.length) {
      throw new Error(`digit ${i} is not in a batch of ${images.length / PIXELS}`);
    }
    out.set(images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
  });
  return out;
}

/** What a slider position reads: "Degrees counter-clockwise: 36", "Zoom factor: 0.9". */
export function formatAmount(shift: ShiftId, severity: number): string {
  const { unit, amounts } = shiftById(shift);
  const amount = amounts[severity];
  if (amount === undefined) throw new Error(`severity must be an integer from 0 to 5, got ${severity}`);
  return `${unit.charAt(0).toUpperCase()}${unit.slice(1)}: ${amount}`;
}

/** The temperature the settings take the confidences at. */
export function temperatureOf(data: ShiftData, settings: Settings): number {
  if (settings.scaling === 'raw') return 1;
  return settings.model === 'single' ? data.temperatures.members[0]! : data.temperatures.ensemble;
}

/** The scored model's logits for the batch, n × classes: member 0's, or the ensemble's. */
export function predictionLogits(outputs: Outputs, data: ShiftData, model: Model): Float32Array | Float64Array {
  const { members, classes } = data;
  if (model === 'single') return ensembleClassifier.memberLogits(outputs, members, classes, 0);
  const all = Array.from({ length: members }, (_, m) => ensembleClassifier.memberLogits(outputs, members, classes, m));
  return ensembleLogits(all, classes);
}

/**
 * The wrong predictions of highest confidence at temperature T, `count` at most, most confident
 * first. The prediction is the first class of largest logit, as core's metrics take it.
 */
export function confidentMistakes(
  logits: Float32Array | Float64Array,
  labels: ArrayLike<number>,
  classes: number,
  temperature: number,
  count: number,
): { wrong: number; mistakes: Mistake[] } {
  const p = softmax(logits, classes, temperature);
  const all: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    const row = i * classes;
    let top = 0;
    for (let c = 1; c < classes; c++) if (logits[row + c]! > logits[row + top]!) top = c;
    if (top !== labels[i]) all.push({ index: i, label: labels[i]!, predicted: top, confidence: p[row + top]! });
  }
  all.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return { wrong: all.length, mistakes: all.slice(0, count) };
}

/**
 * The update behind every slider move and toggle: the members' logits for the shifted batch (the
 * ensemble model's outputs), scored as the settings say against the file's labels.
 */
export function updateShift(
  outputs: Outputs,
  data: ShiftData,
  settings: Settings,
  shown: number = WRONG_SHOWN,
): ShiftUpdate {
  const logits = predictionLogits(outputs, data, settings.model);
  if (logits.length !== data.n * data.classes) {
    throw new Error(`The model gave logits for ${logits.length / data.classes} digits, not the ${data.n} it was given`);
  }
  const temperature = temperatureOf(data, settings);
  const calibration = calibrationFromLogits(logits, data.labels, data.classes, { bins: BINS, temperature });
  const { wrong, mistakes } = confidentMistakes(logits, data.labels, data.classes, temperature, shown);
  return { settings, temperature, calibration, wrong, mistakes };
}

/** A share (accuracy, confidence, ECE) as the explorer prints it: a percentage with one decimal, "97.4%". */
export const formatShare = (value: number): string => `${formatNumber(100 * value, 1)}%`;

/** A temperature as a toggle's label says it: "T = 1.19". */
export const formatTemperature = (t: number): string => `T = ${formatNumber(t, 2)}`;
