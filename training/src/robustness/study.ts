/**
 * What the robustness post measures: how a classifier's accuracy, NLL and calibration hold up as
 * the test digits are shifted (core/src/shift), for single networks and for their ensemble, with
 * raw confidences and with a temperature fitted on the unshifted validation split. The question it
 * answers: does a calibration fitted in distribution survive the shift?
 *
 * Single networks are every member on its own (so their spread over members is the seed noise);
 * the ensemble is the members' mean probability (core/src/classifier/ensemble.ts), with an
 * interval from a bootstrap over test images.
 */
import { ensembleLogits } from '@bounded-rationality/core/classifier/ensemble.ts';
import { calibrationFromLogits, type Calibration } from '@bounded-rationality/core/calibration/metrics.ts';
import { fitTemperature } from '@bounded-rationality/core/calibration/temperature.ts';
import { SHIFTS, shiftAmount, type ShiftId } from '@bounded-rationality/core/shift/registry.ts';
import { meanInterval } from '@bounded-rationality/core/stats/interval.ts';
import { Rng } from '../runtime/rng.ts';

/** Each member's logits [n, classes] for images [n, pixels]. */
export type MemberLogits = (images: Float32Array, n: number) => Float32Array[];

export interface StudyConfig {
  classes: number;
  /** Confidence bins of the ECE (15, as in Guo et al.). */
  bins: number;
  /** Seeds the noise shift. */
  seed: number;
  /** Bootstrap resamples of the test images for the ensemble's intervals. */
  bootstrap: number;
}

/** The metrics the post reports, without the reliability diagram. */
export type Metrics = Pick<Calibration, 'accuracy' | 'nll' | 'confidence' | 'ece' | 'brier'>;
const KEYS = ['accuracy', 'nll', 'confidence', 'ece', 'brier'] as const;
const pick = (c: Calibration): Metrics => ({
  accuracy: c.accuracy,
  nll: c.nll,
  confidence: c.confidence,
  ece: c.ece,
  brier: c.brier,
});

export interface Temperatures {
  /** One per member, each fitted on that member's validation logits. */
  members: number[];
  ensemble: number;
}

/**
 * Temperatures fitted on the (unshifted) validation split. A fit that ends at the edge of its range
 * (the NLL still falling there) is not a temperature to report, and stops the run.
 */
export function fitTemperatures(validation: Float32Array[], labels: ArrayLike<number>, classes: number): Temperatures {
  const fit = (logits: ArrayLike<number> & (Float32Array | Float64Array), what: string) => {
    const t = fitTemperature(logits, labels, classes);
    if (!t.interior)
      throw new Error(`The temperature of ${what} has no interior minimum (T = ${t.temperature}); check its logits`);
    return t.temperature;
  };
  return {
    members: validation.map((z, m) => fit(z, `member ${m + 1}`)),
    ensemble: fit(ensembleLogits(validation, classes), 'the ensemble'),
  };
}

/** Per metric: the mean over members with its 95% t interval, and each member's value (for paired comparisons). */
type Summary = Record<keyof Metrics, ReturnType<typeof meanInterval> & { values: number[] }>;

/** Metrics of every member (mean and 95% t interval over members), raw and temperature-scaled. */
function singles(logits: Float32Array[], labels: ArrayLike<number>, t: Temperatures, config: StudyConfig) {
  const per = (scaled: boolean) =>
    logits.map((z, m) =>
      pick(
        calibrationFromLogits(z, labels, config.classes, {
          bins: config.bins,
          temperature: scaled ? t.members[m]! : 1,
        }),
      ),
    );
  const summarize = (rows: Metrics[]): Summary =>
    Object.fromEntries(
      KEYS.map((k) => {
        const values = rows.map((r) => r[k]);
        return [k, { ...meanInterval(values), values }];
      }),
    ) as Summary;
  return { raw: summarize(per(false)), scaled: summarize(per(true)) };
}

/** The 2.5% and 97.5% quantiles of `values` (sorted copies). */
function percentiles(values: number[]): { low: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return { low: at(0.025), high: at(0.975) };
}

/** The ensemble's metrics, with 95% percentile-bootstrap intervals over the test images. */
function ensemble(
  logits: Float64Array,
  labels: ArrayLike<number>,
  temperature: number,
  config: StudyConfig,
  seed: number,
) {
  const { classes, bins } = config;
  const n = labels.length;
  const at = (scaled: boolean) => {
    const options = { bins, temperature: scaled ? temperature : 1 };
    const full = calibrationFromLogits(logits, labels, classes, options);
    const rng = new Rng(seed, 0xb007);
    const resampled: Metrics[] = [];
    const z = new Float64Array(n * classes);
    const y = new Uint8Array(n);
    for (let b = 0; b < config.bootstrap; b++) {
      for (let i = 0; i < n; i++) {
        const j = Math.floor(rng.uniform() * n);
        z.set(logits.subarray(j * classes, (j + 1) * classes), i * classes);
        y[i] = labels[j]!;
      }
      resampled.push(pick(calibrationFromLogits(z, y, classes, options)));
    }
    const metrics = Object.fromEntries(
      KEYS.map((k) => [k, { value: full[k], ...percentiles(resampled.map((r) => r[k])) }]),
    ) as Record<keyof Metrics, { value: number; low: number; high: number }>;
    const r = full.reliability;
    // Plain arrays for the results file (an empty bin's NaN is written as null).
    const reliability = {
      bins: r.bins,
      ...Object.fromEntries(
        (['lower', 'upper', 'count', 'accuracy', 'confidence'] as const).map((k) => [k, Array.from(r[k])]),
      ),
    } as { bins: number } & Record<'lower' | 'upper' | 'count' | 'accuracy' | 'confidence', number[]>;
    return { metrics, reliability };
  };
  const raw = at(false);
  const scaled = at(true);
  return {
    raw: raw.metrics,
    scaled: scaled.metrics,
    reliability: { raw: raw.reliability, scaled: scaled.reliability },
  };
}

/** Every shift at every severity 0–5 (severity 0 is the unshifted test split, once). */
export function shiftStudy(
  logitsOf: MemberLogits,
  images: Float32Array,
  labels: Uint8Array,
  temperatures: Temperatures,
  config: StudyConfig,
) {
  const n = labels.length;
  const point = (shifted: Float32Array, seed: number) => {
    const logits = logitsOf(shifted, n);
    return {
      single: singles(logits, labels, temperatures, config),
      ensemble: ensemble(ensembleLogits(logits, config.classes), labels, temperatures.ensemble, config, seed),
    };
  };
  const unshifted = point(images, config.seed);
  const shifts = SHIFTS.map((shift, s) => ({
    id: shift.id as ShiftId,
    label: shift.label,
    unit: shift.unit,
    severities: [1, 2, 3, 4, 5].map((severity) => {
      const amount = shiftAmount(shift.id, severity);
      return {
        severity,
        amount,
        ...point(shift.apply(images, n, amount, config.seed + s), config.seed + 10 * s + severity),
      };
    }),
  }));
  return { unshifted, shifts };
}
