/**
 * The M2 style explorer's logic, without the DOM: the style file the training run writes beside its
 * models (the sliders' directions in z), the code a slider setting gives, the rows the decoder gets
 * (one code under every class), and the numbers the class bars print.
 */
import { oneHotRows } from '@bounded-rationality/core/m2/contract.ts';
import { formatNumber, formatSigned } from '../format.ts';

/** One slider's direction in z, as `training/src/m2/style.ts` writes it. */
export interface StyleDirection {
  /** Unit vector in z, [latentDim]. */
  vector: Float32Array;
  /** Standard deviation of the test codes along it: a slider's unit. */
  sd: number;
  /** Mean |Δ pixel probability| between −1 and +1 sd (what the training run ranked it by). */
  effect: number;
  /** Its rank among the principal directions by variance (0 = most variance). */
  varianceRank: number;
}

/** The style file: the run it belongs to, its models' sizes, and the sliders' directions. */
export interface StyleData {
  experiment: string;
  inputDim: number;
  latentDim: number;
  classes: number;
  /** Mean of the test codes, [latentDim]. */
  mean: Float32Array;
  /** Largest effect first. */
  directions: StyleDirection[];
}

/** A slider's range and step, in standard deviations of the codes along its direction. */
export const SLIDER = { min: -3, max: 3, step: 0.1 } as const;

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/** `value` as a vector of `length` finite numbers, or the reason it is not one. */
function vectorOf(value: unknown, length: number, what: string): Float32Array {
  if (!Array.isArray(value) || value.length !== length) {
    throw new Error(`${what} is not a list of ${length} numbers`);
  }
  const at = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (at >= 0) throw new Error(`${what}[${at}] is not a finite number`);
  return Float32Array.from(value as number[]);
}

/**
 * The style file's contents, checked: sizes are positive integers, every vector has latentDim
 * finite numbers, every direction's sd is positive. A file that is not one fails with a message
 * naming it (`source`) and what is wrong.
 */
export function parseStyleData(value: unknown, source: string): StyleData {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not an object');
    const file = value as Record<string, unknown>;
    if (typeof file.experiment !== 'string' || file.experiment === '') throw new Error('experiment is not a name');
    for (const key of ['inputDim', 'latentDim', 'classes'] as const) {
      if (!isCount(file[key])) throw new Error(`${key} is not a positive integer`);
    }
    const { inputDim, latentDim, classes } = file as Record<'inputDim' | 'latentDim' | 'classes', number>;
    const style = file.style as Record<string, unknown> | undefined;
    if (typeof style !== 'object' || style === null) throw new Error('style is missing');
    const mean = vectorOf(style.mean, latentDim, 'style.mean');
    if (!Array.isArray(style.directions) || style.directions.length === 0) {
      throw new Error('style.directions is not a non-empty list');
    }
    const directions = style.directions.map((d: unknown, k): StyleDirection => {
      const what = `style.directions[${k}]`;
      if (typeof d !== 'object' || d === null) throw new Error(`${what} is not an object`);
      const { vector, sd, effect, varianceRank } = d as Record<string, unknown>;
      if (typeof sd !== 'number' || !(sd > 0) || !Number.isFinite(sd))
        throw new Error(`${what}.sd is not a positive number`);
      if (typeof effect !== 'number' || !Number.isFinite(effect)) throw new Error(`${what}.effect is not a number`);
      if (!Number.isInteger(varianceRank) || (varianceRank as number) < 0) {
        throw new Error(`${what}.varianceRank is not a rank`);
      }
      return {
        vector: vectorOf(vector, latentDim, `${what}.vector`),
        sd,
        effect,
        varianceRank: varianceRank as number,
      };
    });
    return { experiment: file.experiment, inputDim, latentDim, classes, mean, directions };
  } catch (error) {
    throw new Error(`The style file ${source} is malformed: ${(error as Error).message}.`, { cause: error });
  }
}

/**
 * The code the sliders give: z = z_x + Σ_k s_k · sd_k · v_k, with `sliders[k]` (s_k) in standard
 * deviations along direction k. All sliders at 0 give z_x itself, bit for bit.
 */
export function styledCode(
  code: Float32Array,
  directions: readonly StyleDirection[],
  sliders: readonly number[],
): Float32Array {
  if (sliders.length !== directions.length) {
    throw new Error(`${sliders.length} slider values for ${directions.length} style directions`);
  }
  const z = Float32Array.from(code);
  directions.forEach(({ vector, sd }, k) => {
    if (vector.length !== code.length) {
      throw new Error(`Style direction ${k + 1} has ${vector.length} dimensions, the code ${code.length}`);
    }
    const step = sliders[k]! * sd;
    if (step !== 0) for (let i = 0; i < z.length; i++) z[i] = z[i]! + step * vector[i]!;
  });
  return z;
}

/** The decoder's batch for one code under every class: `classes` copies of z, and the one-hot rows 0..classes − 1. */
export function everyClass(z: Float32Array, classes: number): { z: Float32Array; y: Float32Array } {
  const rows = new Float32Array(classes * z.length);
  for (let c = 0; c < classes; c++) rows.set(z, c * z.length);
  return {
    z: rows,
    y: oneHotRows(
      Array.from({ length: classes }, (_, c) => c),
      classes,
    ),
  };
}

/** Index of the largest value (the first of equals). */
export function argmax(values: ArrayLike<number>): number {
  if (values.length === 0) throw new Error('argmax of no values');
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** A class probability as a bar prints it: a percentage with one decimal, "93.4%". */
export const formatProbability = (p: number): string => `${formatNumber(100 * p, 1)}%`;

/** A slider's setting as its readout says it: "+1.5 sd", "−0.3 sd", "0.0 sd". */
export const formatSlider = (s: number): string => `${formatSigned(s, 1)} sd`;
