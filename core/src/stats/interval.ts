/**
 * Confidence intervals for a difference of two means from small samples (for example one value per
 * seed): Welch's t interval, which does not assume equal variances, with the Welch–Satterthwaite
 * degrees of freedom, and the Student t quantile it needs. Also the t interval of one mean (for
 * example over test images, or over paired differences).
 */
import { mean } from './summary.ts';

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: about 15 digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz), for x < (a + 1)/(a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (any real df > 0). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom, by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new Error(`studentTQuantile: df must be positive, got ${df}`);
  let lo = -1e6;
  let hi = 1e6;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface DifferenceInterval {
  /** mean(a) − mean(b) */
  difference: number;
  /** Its standard error, √(s_a²/n_a + s_b²/n_b). */
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  low: number;
  high: number;
  level: number;
}

function sampleVariance(values: readonly number[]): number {
  const m = mean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
}

/** Welch's interval for mean(a) − mean(b), at `level` (default 95%); each sample needs two values or more. */
export function welchInterval(a: readonly number[], b: readonly number[], level = 0.95): DifferenceInterval {
  if (a.length < 2 || b.length < 2) throw new Error('welchInterval: each sample needs at least two values');
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const difference = mean(a) - mean(b);
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { difference, se, df, low: difference - half, high: difference + half, level };
}

export interface MeanInterval {
  mean: number;
  /** s/√n */
  se: number;
  /** n − 1 */
  df: number;
  low: number;
  high: number;
  level: number;
}

/**
 * The t interval for the mean of `values` at `level` (default 95%). For paired observations (two
 * models on the same images), pass the differences.
 */
export function meanInterval(values: ArrayLike<number>, level = 0.95): MeanInterval {
  const list = Array.from(values);
  if (list.length < 2) throw new Error('meanInterval: needs at least two values');
  const m = mean(list);
  const se = Math.sqrt(sampleVariance(list) / list.length);
  const df = list.length - 1;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { mean: m, se, df, low: m - half, high: m + half, level };
}
