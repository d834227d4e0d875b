import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng.ts';
import { fitLogistic, logisticClassify, logisticObjective, type LogisticModel } from './logistic.ts';

/**
 * The objective written out independently: mean −log softmax at the label, plus (λ/2) ‖W‖², from
 * nested arrays W[j][c] and b[c].
 */
function referenceObjective(x: number[][], labels: number[], w: number[][], b: number[], lambda: number): number {
  const classes = b.length;
  let loss = 0;
  x.forEach((row, i) => {
    const logits = b.map((bc, c) => bc + row.reduce((s, xj, j) => s + xj * w[j]![c]!, 0));
    const logSumExp = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
    loss += logSumExp - logits[labels[i]!]!;
  });
  let penalty = 0;
  for (const wj of w) for (let c = 0; c < classes; c++) penalty += wj[c]! ** 2;
  return loss / x.length + (lambda / 2) * penalty;
}

/** The flat parameter vector θ = [W row-major, b] as nested arrays, with entry k moved by h. */
function unpack(theta: ArrayLike<number>, features: number, classes: number, k = -1, h = 0) {
  const at = (i: number) => theta[i]! + (i === k ? h : 0);
  const w = Array.from({ length: features }, (_, j) => Array.from({ length: classes }, (_, c) => at(j * classes + c)));
  const b = Array.from({ length: classes }, (_, c) => at(features * classes + c));
  return { w, b };
}

/** Central differences of the reference objective, for every parameter. */
function numericalGradient(x: number[][], labels: number[], theta: ArrayLike<number>, classes: number, lambda: number) {
  const features = x[0]!.length;
  const h = 1e-5;
  return Array.from({ length: theta.length }, (_, k) => {
    const plus = unpack(theta, features, classes, k, h);
    const minus = unpack(theta, features, classes, k, -h);
    return (
      (referenceObjective(x, labels, plus.w, plus.b, lambda) -
        referenceObjective(x, labels, minus.w, minus.b, lambda)) /
      (2 * h)
    );
  });
}

/** Three noisy, overlapping classes in 4 features. */
function overlapping(n: number) {
  const rng = new Rng(4);
  const centres = [
    [1, 0, 0, 0.5],
    [0, 1, -0.5, 0],
    [-1, -1, 0.5, -0.5],
  ];
  const labels = Array.from({ length: n }, (_, i) => i % 3);
  const rows = labels.map((y) => centres[y]!.map((m) => m + rng.normal()));
  return { rows, labels, x: Float32Array.from(rows.flat()), y: Uint8Array.from(labels) };
}

const theta = (m: LogisticModel) => [...m.weights, ...m.bias];
const weightNorm = (m: LogisticModel) => Math.sqrt(m.weights.reduce((s, v) => s + v * v, 0));

describe('logistic regression', () => {
  const data = overlapping(60);
  // The data are stored as float32; the reference reads the same rounded values.
  const rows = Array.from({ length: 60 }, (_, i) => Array.from(data.x.subarray(i * 4, i * 4 + 4)));

  it('computes the objective and a gradient that match the written-out formula', () => {
    const rng = new Rng(8);
    const point = Float64Array.from({ length: 5 * 3 }, () => rng.normal());
    const { value, gradient } = logisticObjective(data.x, data.y, 4, 3, 0.3, point);
    const { w, b } = unpack(point, 4, 3);
    expect(value).toBeCloseTo(referenceObjective(rows, data.labels, w, b, 0.3), 10);
    numericalGradient(rows, data.labels, point, 3, 0.3).forEach((g, k) => expect(gradient[k]).toBeCloseTo(g, 6));
  });

  it('stops where the finite-difference gradient of the reference objective vanishes', () => {
    const model = fitLogistic(data.x, data.y, 4, { lambda: 0.05, classes: 3 });
    expect(model.converged).toBe(true);
    const { w, b } = unpack(theta(model), 4, 3);
    expect(model.objective).toBeCloseTo(referenceObjective(rows, data.labels, w, b, 0.05), 10);
    for (const g of numericalGradient(rows, data.labels, theta(model), 3, 0.05)) expect(Math.abs(g)).toBeLessThan(1e-6);
  });

  it('classifies every point of linearly separable data with a tiny penalty', () => {
    const rng = new Rng(6);
    const labels = Array.from({ length: 30 }, (_, i) => i % 3);
    const angles = [0, (2 * Math.PI) / 3, (4 * Math.PI) / 3];
    // Each class a tight blob around its own point on the unit circle: separable by lines through 0.
    const x = Float32Array.from(
      labels.flatMap((y) => [Math.cos(angles[y]!) + 0.1 * rng.normal(), Math.sin(angles[y]!) + 0.1 * rng.normal()]),
    );
    const model = fitLogistic(x, Uint8Array.from(labels), 2, { lambda: 1e-6, classes: 3, maxIterations: 200 });
    expect(Array.from(logisticClassify(model, x))).toEqual(labels);
  });

  it('shrinks the weights as the penalty grows, towards the class frequencies', () => {
    const norms = [0.001, 0.1, 100].map((lambda) => weightNorm(fitLogistic(data.x, data.y, 4, { lambda, classes: 3 })));
    expect(norms[1]!).toBeLessThan(norms[0]!);
    expect(norms[2]!).toBeLessThan(norms[1]!);
    // λ = 100: the weights are all but gone, and the objective is nearly log 3 (balanced classes).
    const strong = fitLogistic(data.x, data.y, 4, { lambda: 100, classes: 3 });
    expect(norms[2]!).toBeLessThan(0.01);
    expect(strong.objective).toBeCloseTo(Math.log(3), 2);
  });

  it('is deterministic', () => {
    const a = fitLogistic(data.x, data.y, 4, { lambda: 0.05, classes: 3 });
    const b = fitLogistic(data.x, data.y, 4, { lambda: 0.05, classes: 3 });
    expect(a.weights).toEqual(b.weights);
  });
});
