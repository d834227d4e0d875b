/**
 * Multinomial logistic regression (softmax over the classes) with an L2 penalty on the weights,
 * fitted by full-batch L-BFGS: the baselines' problems are small (≤ 1,000 rows of ≤ 100 features),
 * and a deterministic fit to a gradient tolerance leaves nothing to the optimizer's luck.
 *
 * Objective: f(W, b) = (1/n) Σᵢ −log softmax(xᵢ W + b)[yᵢ] + (λ/2) ‖W‖², the bias unpenalized.
 */

export interface LogisticModel {
  features: number;
  classes: number;
  /** [features, classes], row-major: `weights[j * classes + c]`. */
  weights: Float64Array;
  /** [classes]. */
  bias: Float64Array;
  lambda: number;
  /** The objective at the fit (mean cross-entropy in nats plus the penalty). */
  objective: number;
  /** Largest |∂f/∂θ| at the fit. */
  gradientNorm: number;
  iterations: number;
  /** Whether the gradient fell below the tolerance (separable data with a tiny λ may not). */
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty λ on the weights. */
  lambda: number;
  classes?: number;
  /** Stop when every partial derivative is below this in magnitude (default 1e-7). */
  tolerance?: number;
  maxIterations?: number;
  /** L-BFGS memory (pairs of steps and gradient changes kept). */
  memory?: number;
}

/**
 * The objective and its gradient at θ = [W (features × classes, row-major), b (classes)], for
 * rows `x` [n, features] with labels in 0 … classes − 1.
 */
export function logisticObjective(
  x: Float32Array,
  labels: Uint8Array,
  features: number,
  classes: number,
  lambda: number,
  theta: Float64Array,
): { value: number; gradient: Float64Array } {
  const n = labels.length;
  if (x.length !== n * features) throw new Error(`logisticObjective: ${x.length} values for ${n} rows of ${features}`);
  const biasAt = features * classes;
  const gradient = new Float64Array(theta.length);
  const logits = new Float64Array(classes);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) logits[c] = theta[biasAt + c]!;
    for (let j = 0; j < features; j++) {
      const xij = x[i * features + j]!;
      for (let c = 0; c < classes; c++) logits[c]! += xij * theta[j * classes + c]!;
    }
    let top = -Infinity;
    for (const l of logits) top = Math.max(top, l);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[c]! - top);
    const logNormalizer = top + Math.log(sum);
    loss += logNormalizer - logits[labels[i]!]!;
    // ∂/∂logit_c of the row's loss: p_c − [c = y], scaled by 1/n below.
    for (let c = 0; c < classes; c++) logits[c] = Math.exp(logits[c]! - logNormalizer) - (c === labels[i] ? 1 : 0);
    for (let j = 0; j < features; j++) {
      const xij = x[i * features + j]!;
      for (let c = 0; c < classes; c++) gradient[j * classes + c]! += xij * logits[c]!;
    }
    for (let c = 0; c < classes; c++) gradient[biasAt + c]! += logits[c]!;
  }
  let penalty = 0;
  for (let k = 0; k < theta.length; k++) {
    gradient[k]! /= n;
    if (k < biasAt) {
      penalty += theta[k]! ** 2;
      gradient[k]! += lambda * theta[k]!;
    }
  }
  return { value: loss / n + (lambda / 2) * penalty, gradient };
}

/** Fits the model to rows `x` [n, features] with `labels`, from θ = 0. */
export function fitLogistic(
  x: Float32Array,
  labels: Uint8Array,
  features: number,
  options: LogisticOptions,
): LogisticModel {
  const { lambda, classes = 10, tolerance = 1e-7, maxIterations = 1000, memory = 10 } = options;
  if (!(lambda >= 0)) throw new Error(`fitLogistic: λ must be ≥ 0, got ${lambda}`);
  const size = (features + 1) * classes;
  const evaluate = (theta: Float64Array) => logisticObjective(x, labels, features, classes, lambda, theta);
  let theta: Float64Array = new Float64Array(size);
  let { value, gradient } = evaluate(theta);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  let iterations = 0;
  while (maxAbs(gradient) >= tolerance && iterations < maxIterations) {
    iterations++;
    let direction = lbfgsDirection(gradient, steps, changes);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding); start the memory afresh from steepest descent.
      steps.length = 0;
      changes.length = 0;
      direction = gradient.map((g) => -g);
      slope = -dot(gradient, gradient);
    }
    // The first step has no curvature information: scale it to a unit move of the largest parameter.
    let t = steps.length === 0 ? 1 / Math.max(1, maxAbs(direction)) : 1;
    let next = axpy(t, direction, theta);
    let trial = evaluate(next);
    while (trial.value > value + 1e-4 * t * slope && t > 1e-20) {
      t /= 2;
      next = axpy(t, direction, theta);
      trial = evaluate(next);
    }
    if (!(trial.value <= value)) break; // no decrease at any step: as converged as rounding allows
    const step = next.map((v, k) => v - theta[k]!);
    const change = trial.gradient.map((g, k) => g - gradient[k]!);
    if (dot(step, change) > 1e-12 * Math.sqrt(dot(step, step) * dot(change, change))) {
      steps.push(step);
      changes.push(change);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
      }
    }
    theta = next;
    ({ value, gradient } = trial);
  }
  const gradientNorm = maxAbs(gradient);
  return {
    features,
    classes,
    weights: theta.slice(0, features * classes),
    bias: theta.slice(features * classes),
    lambda,
    objective: value,
    gradientNorm,
    iterations,
    converged: gradientNorm < tolerance,
  };
}

/** Logits x W + b for rows `x` [n, features]: [n, classes]. */
export function logisticLogits(model: LogisticModel, x: Float32Array): Float64Array {
  const { features, classes, weights, bias } = model;
  const n = x.length / features;
  if (!Number.isInteger(n)) throw new Error(`logisticLogits: ${x.length} values is not rows of ${features}`);
  const out = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) out[i * classes + c] = bias[c]!;
    for (let j = 0; j < features; j++) {
      const xij = x[i * features + j]!;
      for (let c = 0; c < classes; c++) out[i * classes + c]! += xij * weights[j * classes + c]!;
    }
  }
  return out;
}

/** The most probable class of each row (the lowest class on an exact tie). */
export function logisticClassify(model: LogisticModel, x: Float32Array): Uint8Array {
  const { classes } = model;
  const logits = logisticLogits(model, x);
  return Uint8Array.from({ length: logits.length / classes }, (_, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
    return best;
  });
}

/** The two-loop recursion: −H g with H the L-BFGS inverse-Hessian estimate from the stored pairs. */
function lbfgsDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const alpha = dot(steps[i]!, q) / dot(changes[i]!, steps[i]!);
    alphas[i] = alpha;
    for (let k = 0; k < q.length; k++) q[k]! -= alpha * changes[i]![k]!;
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const gamma = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
    for (let k = 0; k < q.length; k++) q[k]! *= gamma;
  }
  for (let i = 0; i < steps.length; i++) {
    const beta = dot(changes[i]!, q) / dot(changes[i]!, steps[i]!);
    for (let k = 0; k < q.length; k++) q[k]! += (alphas[i]! - beta) * steps[i]![k]!;
  }
  return q.map((v) => -v);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** base + t · direction, as a new array. */
function axpy(t: number, direction: Float64Array, base: Float64Array): Float64Array {
  return base.map((v, k) => v + t * direction[k]!);
}
