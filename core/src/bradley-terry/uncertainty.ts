/**
 * How sure a fit is: a Laplace (normal) approximation to the log-strengths θ_i = log p_i around the
 * fitted values, with covariance the inverse of the objective's negative Hessian in θ,
 *
 *   −H_ii = Σ_j n_ij p_i p_j / (p_i + p_j)² [+ b p_i],   −H_ij = −n_ij p_i p_j / (p_i + p_j)².
 *
 * Without a prior −H is singular along (1, …, 1), the scale the data cannot see; only differences
 * θ_i − θ_j are determined, and their variances come from the pseudo-inverse
 * (−H + J/n)⁻¹ − J/n (J the all-ones matrix), valid when the win graph is connected. A prediction
 * P(i beats j) = σ(θ_i − θ_j) gets its interval by mapping the normal interval of θ_i − θ_j
 * through the logistic function σ.
 */
import type { Fit } from './fit.ts';

/** The covariance of the log-strengths, n × n row-major (of their differences, without a prior). */
export function logStrengthCovariance(fit: Pick<Fit, 'n' | 'strengths' | 'wins' | 'prior'>): Float64Array {
  const { n, strengths: p, wins, prior } = fit;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const games = wins[i * n + j]! + wins[j * n + i]!;
      if (games === 0) continue;
      const c = (games * p[i]! * p[j]!) / (p[i]! + p[j]!) ** 2;
      a[i * n + j]! -= c;
      a[i * n + i]! += c;
    }
    if (prior) a[i * n + i]! += prior.rate * p[i]!;
  }
  if (prior) return inverse(a, n);
  for (let k = 0; k < n * n; k++) a[k]! += 1 / n;
  const inv = inverse(a, n);
  for (let k = 0; k < n * n; k++) inv[k]! -= 1 / n;
  return inv;
}

/** The inverse of a symmetric positive-definite matrix, by Cholesky factorization. */
export function inverse(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('The fit has no curvature in some direction: its strengths are not determined');
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹. Keep L⁻¹ transposed (u[j][k] = (L⁻¹)[k][j], upper triangular) so that every
  // inner product below runs along rows: about n³/3 operations in all, in cache order.
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const lii = l[i * n + i]!;
    u[i * n + i] = 1 / lii;
    for (let j = 0; j < i; j++) {
      // (L⁻¹)[i][j] = −(Σ_{k=j}^{i−1} L[i][k] (L⁻¹)[k][j]) / L[i][i]
      let s = 0;
      for (let k = j; k < i; k++) s += l[i * n + k]! * u[j * n + k]!;
      u[j * n + i] = -s / lii;
    }
  }
  const inv = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      // (A⁻¹)[a][b] = Σ_{k ≥ b} (L⁻¹)[k][a] (L⁻¹)[k][b]
      let s = 0;
      for (let k = b; k < n; k++) s += u[a * n + k]! * u[b * n + k]!;
      inv[a * n + b] = s;
      inv[b * n + a] = s;
    }
  }
  return inv;
}

/** The standard normal quantile at 0.975, for 95% intervals. */
const Z95 = 1.959963984540054;
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

export interface Prediction {
  /** P(i beats j) at the fitted strengths. */
  probability: number;
  /** The approximate 95% interval of that probability. */
  low: number;
  high: number;
  /** The standard deviation of θ_i − θ_j. */
  sd: number;
}

/** P(i beats j) with its interval; `covariance` from logStrengthCovariance (computed once per fit). */
export function predictMatch(
  fit: Pick<Fit, 'n' | 'strengths'>,
  covariance: Float64Array,
  i: number,
  j: number,
): Prediction {
  const { n, strengths: p } = fit;
  const d = Math.log(p[i]!) - Math.log(p[j]!);
  const variance = covariance[i * n + i]! + covariance[j * n + j]! - 2 * covariance[i * n + j]!;
  const sd = Math.sqrt(Math.max(0, variance));
  return { probability: sigmoid(d), low: sigmoid(d - Z95 * sd), high: sigmoid(d + Z95 * sd), sd };
}
