/**
 * How well a classifier's confidence matches how often it is right, for n predictions over C
 * classes given as logits or probabilities (n × C, row-major) with integer labels: accuracy, mean
 * negative log-likelihood, mean confidence, the Brier score, and the expected calibration error
 * with the reliability diagram it is read from (Guo et al., 2017, "On Calibration of Modern Neural
 * Networks").
 *
 * Everything comes from one pass over the rows (after a pass that checks the input) and allocates
 * only the B bins, because the post's demo recomputes it for ~500 predictions on every move of a
 * temperature slider (0.2-0.3 ms for 500 × 10 logits in Node here). From logits, each
 * row's softmax(z / T) is never stored: with m = max_j z_j and e_j = exp((z_j − m) / T),
 *
 *   log p_y = (z_y − m) / T − log Σ_j e_j   (log-sum-exp: no e_j overflows, the largest is 1),
 *   confidence = 1 / Σ_j e_j,   Σ_j p_j² = Σ_j e_j² / (Σ_j e_j)².
 *
 * The prediction is the first class of largest score, so ties go to the lowest class index; the
 * same rule for logits and probabilities (softmax and a positive temperature keep the order).
 */
import { checkLogits, checkProbabilities, checkShape, checkTemperature, type Scores } from './input.ts';

/** The reliability diagram: B equal-width bins of confidence, each with what fell in it. */
export interface ReliabilityDiagram {
  bins: number;
  /** Bin b holds confidences in (lower[b], upper[b]] = (b/B, (b + 1)/B]; bin 0 also holds 0. */
  lower: Float64Array;
  upper: Float64Array;
  /** Predictions in each bin; they sum to n. */
  count: Float64Array;
  /** Share of the bin's predictions that are right; NaN for an empty bin. */
  accuracy: Float64Array;
  /** Mean confidence of the bin's predictions; NaN for an empty bin. */
  confidence: Float64Array;
}

export interface Calibration {
  n: number;
  classes: number;
  /** Share of predictions whose top class is the label. */
  accuracy: number;
  /** Mean −log p(label), in nats; ∞ if a given probability of a label is 0. */
  nll: number;
  /** Mean of the top probability. */
  confidence: number;
  /** Mean Σ_c (p_c − [c = label])², in [0, 2] (Brier, 1950: summed over classes, not averaged). */
  brier: number;
  /** Σ_b (|B_b| / n) · |acc(B_b) − conf(B_b)|. */
  ece: number;
  reliability: ReliabilityDiagram;
}

export interface CalibrationOptions {
  /** Number of equal-width confidence bins B (default 15, as in Guo et al.). */
  bins?: number;
}

export interface LogitOptions extends CalibrationOptions {
  /** Metrics of softmax(logits / T) (default 1). */
  temperature?: number;
}

/**
 * The bin of a confidence c ∈ [0, 1] among B: the b with b/B < c ≤ (b + 1)/B, and bin 0 for c = 0.
 * A confidence exactly on an edge goes to the bin below it (so 1 is in the last bin). The edges
 * are compared as the doubles (b + 1)/B that the diagram reports: c·B alone is off by one ulp for
 * some (k/B)·B (7/25 · 25 = 7.000000000000001), which would move c = 7/25 up a bin.
 */
export function confidenceBin(confidence: number, bins: number): number {
  let b = Math.min(bins - 1, Math.max(0, Math.ceil(confidence * bins) - 1));
  if (b < bins - 1 && confidence > (b + 1) / bins) b++;
  else if (b > 0 && confidence <= b / bins) b--;
  return b;
}

function checkBins(where: string, bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`${where}: bins must be a positive integer, got ${bins}`);
}

/** Running sums over the rows, turned into the metrics at the end. */
class Tally {
  readonly bins: number;
  readonly count: Float64Array;
  readonly correctInBin: Float64Array;
  readonly confidenceInBin: Float64Array;
  correct = 0;
  logLikelihood = 0;
  confidence = 0;
  squaredError = 0;

  constructor(bins: number) {
    this.bins = bins;
    this.count = new Float64Array(bins);
    this.correctInBin = new Float64Array(bins);
    this.confidenceInBin = new Float64Array(bins);
  }

  /** One prediction: its top probability, whether the top class is the label, log p_y and Σ_c p_c². */
  add(confidence: number, right: boolean, logLabel: number, sumSquares: number, pLabel: number): void {
    const b = confidenceBin(confidence, this.bins);
    this.count[b]!++;
    this.confidenceInBin[b]! += confidence;
    this.confidence += confidence;
    if (right) {
      this.correct++;
      this.correctInBin[b]!++;
    }
    this.logLikelihood += logLabel;
    this.squaredError += sumSquares - 2 * pLabel + 1;
  }

  result(n: number, classes: number): Calibration {
    const { bins, count } = this;
    const lower = new Float64Array(bins);
    const upper = new Float64Array(bins);
    const accuracy = new Float64Array(bins);
    const confidence = new Float64Array(bins);
    let gap = 0;
    for (let b = 0; b < bins; b++) {
      lower[b] = b / bins;
      upper[b] = (b + 1) / bins;
      accuracy[b] = count[b]! > 0 ? this.correctInBin[b]! / count[b]! : NaN;
      confidence[b] = count[b]! > 0 ? this.confidenceInBin[b]! / count[b]! : NaN;
      // (|B_b| / n) · |acc − conf| = |correct_b − Σ conf_b| / n: no division by an empty bin.
      gap += Math.abs(this.correctInBin[b]! - this.confidenceInBin[b]!);
    }
    return {
      n,
      classes,
      accuracy: this.correct / n,
      nll: -this.logLikelihood / n,
      confidence: this.confidence / n,
      brier: this.squaredError / n,
      ece: gap / n,
      reliability: { bins, lower, upper, count, accuracy, confidence },
    };
  }
}

/** The metrics of softmax(logits / T) against `labels`. */
export function calibrationFromLogits(
  logits: Scores,
  labels: ArrayLike<number>,
  classes: number,
  options: LogitOptions = {},
): Calibration {
  const where = 'calibrationFromLogits';
  const { bins = 15, temperature = 1 } = options;
  const n = checkShape(where, logits, labels, classes);
  checkLogits(where, logits, classes);
  checkTemperature(where, temperature);
  checkBins(where, bins);
  const tally = new Tally(bins);
  const beta = 1 / temperature;
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let top = 0;
    let m = logits[row]!;
    for (let c = 1; c < classes; c++) {
      if (logits[row + c]! > m) {
        m = logits[row + c]!;
        top = c;
      }
    }
    let sum = 0;
    let sumSquares = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((logits[row + c]! - m) * beta);
      sum += e;
      sumSquares += e * e;
    }
    const y = labels[i]!;
    const logLabel = (logits[row + y]! - m) * beta - Math.log(sum);
    tally.add(1 / sum, top === y, logLabel, sumSquares / (sum * sum), Math.exp(logLabel));
  }
  return tally.result(n, classes);
}

/** The metrics of given probabilities against `labels` (rows checked to be distributions). */
export function calibrationFromProbabilities(
  probabilities: Scores,
  labels: ArrayLike<number>,
  classes: number,
  options: CalibrationOptions = {},
): Calibration {
  const where = 'calibrationFromProbabilities';
  const { bins = 15 } = options;
  const n = checkShape(where, probabilities, labels, classes);
  checkProbabilities(where, probabilities, classes);
  checkBins(where, bins);
  const tally = new Tally(bins);
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let top = 0;
    let sumSquares = 0;
    for (let c = 0; c < classes; c++) {
      const p = probabilities[row + c]!;
      if (p > probabilities[row + top]!) top = c;
      sumSquares += p * p;
    }
    const y = labels[i]!;
    const pLabel = probabilities[row + y]!;
    tally.add(probabilities[row + top]!, top === y, Math.log(pLabel), sumSquares, pLabel);
  }
  return tally.result(n, classes);
}

/**
 * softmax(logits / T) row by row, into `out` (a new Float64Array unless given; it may be `logits`
 * itself when that is a Float64Array).
 */
export function softmax(
  logits: Scores,
  classes: number,
  temperature = 1,
  out: Float64Array = new Float64Array(logits.length),
): Float64Array {
  const where = 'softmax';
  if (!Number.isInteger(classes) || classes < 1 || logits.length % classes !== 0)
    throw new Error(`${where}: ${logits.length} logits do not make rows of ${classes}`);
  if (out.length !== logits.length) throw new Error(`${where}: out has ${out.length} values, need ${logits.length}`);
  checkLogits(where, logits, classes);
  checkTemperature(where, temperature);
  const beta = 1 / temperature;
  for (let row = 0; row < logits.length; row += classes) {
    let m = logits[row]!;
    for (let c = 1; c < classes; c++) m = Math.max(m, logits[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((logits[row + c]! - m) * beta);
      out[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[row + c]! /= sum;
  }
  return out;
}
