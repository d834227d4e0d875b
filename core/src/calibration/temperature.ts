/**
 * Temperature scaling (Guo et al., 2017): the one T > 0 for which softmax(z / T) has the lowest
 * negative log-likelihood on held-out predictions (validation, never test), so that a model's
 * confidence can be corrected without changing any prediction.
 *
 * What the method relies on. With β = 1/T, d_j = z_j − max_k z_k and p = softmax(β z), one
 * prediction's NLL and its derivatives in β are
 *
 *   f(β) = log Σ_j exp(β d_j) − β d_y,   f′(β) = E_p[d] − d_y,   f″(β) = Var_p(d) ≥ 0,
 *
 * so the mean NLL is convex in β, and its slope f′ rises from f′(0) = mean_j z_j − z_y to
 * f′(∞) = max_j z_j − z_y ≥ 0 (each averaged over the predictions). It is not convex in log T: d²f/d(log T)² =
 * β² f″ + β f′, and for large T the second term is negative and wins (the NLL flattens towards
 * log C from below; the tests show such a point). But log T is a monotone function of β, so along
 * log T the NLL still falls, then rises: one minimum (or one flat stretch), all the search needs:
 *
 *   1. bracket: from T = 1, step T by factors of 4 (steps in log T) until f′ changes sign, or stop
 *      at the range's end, where the NLL still falls (every label the top class, f′(∞) = 0: T → 0;
 *      labels' logits no better than their rows' means, f′(0) ≥ 0: T → ∞): the fit then says so;
 *   2. solve f′(β) = 0 in the bracket by Newton's method with the exact f″, falling back to
 *      bisection whenever a step leaves the bracket or does not halve the last one. Each pass over
 *      the data gives f, f′ and f″ together; it takes 4 to 11 passes on 1,000 × 10 synthetic sets.
 */
import { checkLogits, checkShape, type Scores } from './input.ts';

export interface TemperatureFit {
  /** The fitted T; divide logits by it. */
  temperature: number;
  /** Mean NLL (nats) at T = 1 and at the fitted T; the latter is never larger. */
  nllBefore: number;
  nllAfter: number;
  /** Passes over the data (each computes the NLL and its first two derivatives). */
  iterations: number;
  /**
   * True when T is where the slope of the NLL crosses 0 inside the range. False when the NLL still
   * falls at an end of the range and T is that end, or when the NLL is flat (then T = 1).
   */
  interior: boolean;
  /** d NLL / d log T at the fitted T: about 0 at an interior minimum. */
  gradient: number;
}

export interface TemperatureOptions {
  /** The searched range of T (default 1e-6 to 1e6). */
  minTemperature?: number;
  maxTemperature?: number;
  /** Stop when T is known to this relative precision (default 1e-10). */
  tolerance?: number;
  /** Passes over the data at most (default 200). */
  maxIterations?: number;
}

/** The mean NLL of softmax(β z) and its first two derivatives in β. */
interface Objective {
  nll: number;
  slope: number;
  curvature: number;
}

function objective(logits: Scores, labels: ArrayLike<number>, classes: number, beta: number): Objective {
  let nll = 0;
  let slope = 0;
  let curvature = 0;
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let m = logits[row]!;
    for (let c = 1; c < classes; c++) m = Math.max(m, logits[row + c]!);
    // Moments of d = z − m ≤ 0 under softmax(β z): the top class has e = 1, so the sum is ≥ 1.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let c = 0; c < classes; c++) {
      const d = logits[row + c]! - m;
      const e = Math.exp(beta * d);
      s0 += e;
      s1 += e * d;
      s2 += e * d * d;
    }
    const mean = s1 / s0;
    const dy = logits[row + labels[i]!]! - m;
    nll += Math.log(s0) - beta * dy;
    slope += mean - dy;
    curvature += Math.max(0, s2 / s0 - mean * mean);
  }
  return { nll: nll / n, slope: slope / n, curvature: curvature / n };
}

/** Fits T on held-out `logits` (n × classes, row-major) and their `labels`. */
export function fitTemperature(
  logits: Scores,
  labels: ArrayLike<number>,
  classes: number,
  options: TemperatureOptions = {},
): TemperatureFit {
  const where = 'fitTemperature';
  const { minTemperature = 1e-6, maxTemperature = 1e6, tolerance = 1e-10, maxIterations = 200 } = options;
  checkShape(where, logits, labels, classes);
  checkLogits(where, logits, classes);
  if (!(minTemperature > 0 && minTemperature <= 1 && maxTemperature >= 1 && Number.isFinite(maxTemperature)))
    throw new Error(`${where}: the range of T must hold 1, got [${minTemperature}, ${maxTemperature}]`);
  const betaLow = 1 / maxTemperature;
  const betaHigh = 1 / minTemperature;

  let iterations = 0;
  const at = (beta: number) => {
    iterations++;
    return objective(logits, labels, classes, beta);
  };
  const done = (beta: number, o: Objective, interior: boolean): TemperatureFit => {
    // The minimum of a convex function lies below its value at β = 1, but rounding in the last
    // digit could put it a hair above when T ≈ 1; callers may rely on never losing NLL.
    if (o.nll > start.nll) return done(1, start, interior);
    return {
      temperature: 1 / beta,
      nllBefore: start.nll,
      nllAfter: o.nll,
      iterations,
      interior,
      gradient: -beta * o.slope,
    };
  };

  const start = at(1);
  // A zero slope with zero curvature is a flat NLL: equal logits in every row, or labels that win
  // by so much that the other classes vanish in doubles. No T does better than 1 there.
  const root = (o: Objective) => o.slope === 0 && o.curvature > 0;
  if (start.slope === 0) return done(1, start, root(start));

  // 1. A bracket [a, b] in β with f′(a) < 0 < f′(b), by steps of 4 in T.
  let a: number;
  let b: number;
  let x = 1;
  let current = start;
  if (start.slope < 0) {
    a = 1;
    for (;;) {
      if (x >= betaHigh) return done(x, current, false);
      x = Math.min(betaHigh, 4 * x);
      current = at(x);
      if (current.slope > 0 || root(current)) break;
      a = x;
    }
    b = x;
  } else {
    b = 1;
    for (;;) {
      if (x <= betaLow) return done(x, current, false);
      x = Math.max(betaLow, x / 4);
      current = at(x);
      if (current.slope < 0 || root(current)) break;
      b = x;
    }
    a = x;
  }

  // 2. Newton on f′(β) = 0, kept inside the bracket. Near the root a Newton step is the distance
  // left to it, so a step below the tolerance ends the search without another pass (taking it
  // could even land on the bracket's end in the last digit and be mistaken for a bad step).
  let lastStep = 2 * (b - a);
  while (current.slope !== 0 && iterations < maxIterations) {
    const step = -current.slope / current.curvature;
    if (Math.abs(step) <= tolerance * x) break;
    const newton = x + step;
    const next = newton > a && newton < b && Math.abs(step) <= lastStep / 2 ? newton : (a + b) / 2;
    lastStep = Math.abs(next - x);
    x = next;
    current = at(x);
    if (current.slope < 0) a = x;
    else if (current.slope > 0) b = x;
    if (b - a <= tolerance * x) break;
  }
  return done(x, current, true);
}
