import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { diagGaussianLogProb, reparameterize } from '../nn/distributions.ts';
import {
  createIafVae,
  disposeIafVae,
  elboTerms,
  encodeIaf,
  flow,
  flowStep,
  logImportanceWeights,
  posteriorSample,
  type IafVae,
} from './iaf.ts';

beforeAll(() => initBackend('wasm'));

const model = (steps: number, latentDim = 3) =>
  createIafVae(
    {
      inputDim: 6,
      hidden: [8],
      contextDim: 4,
      latentDim,
      activation: 'relu',
      steps,
      madeHidden: [9],
      forgetBias: 1,
    },
    7,
  );

/** Randomises every bias so that the flow is far from the identity and no unit is dead by accident. */
function perturb(m: IafVae) {
  const rng = new Rng(11);
  for (const v of m.params.list()) {
    if (v.shape.length === 1) v.assign(tf.tensor1d(rng.normals(v.shape[0]!)).mul(0.5));
  }
}

/** log |det J| of f at z (one example), with J from reverse-mode gradients row by row, det by LU. */
function logAbsDetJacobian(f: (z: tf.Tensor2D) => tf.Tensor2D, z: tf.Tensor2D): number {
  const d = z.shape[1];
  const rows = Array.from({ length: d }, (_, i) =>
    Array.from(
      tf
        .grad((v: tf.Tensor) => tf.sum(tf.slice(f(v as tf.Tensor2D), [0, i], [1, 1])))(z)
        .dataSync(),
    ),
  );
  let logDet = 0;
  const a = rows.map((r) => [...r]);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    logDet += Math.log(Math.abs(a[c]![c]!));
    for (let r = c + 1; r < d; r++) {
      const factor = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < d; k++) a[r]![k]! -= factor * a[c]![k]!;
    }
  }
  return logDet;
}

describe('inverse autoregressive flow', () => {
  for (const steps of [1, 2, 3]) {
    it(`reports log|det J| equal to the numerical one, ${steps} step(s)`, () => {
      const m = model(steps);
      perturb(m);
      const context = tf.tensor2d([[0.5, -0.3, 0.8, 0.1]]);
      const z = tf.tensor2d([[0.4, -0.9, 1.3]]);
      const reported = flow(m, z, context).logDet.dataSync()[0]!;
      const numerical = logAbsDetJacobian((v) => flow(m, v, context).z, z);
      expect(reported).toBeCloseTo(numerical, 3);
      expect(reported).toBeLessThan(0); // each gate is in (0, 1)
      disposeIafVae(m);
    });
  }

  it('makes each step triangular in its ordering, with the gates on the diagonal', () => {
    const m = model(2);
    perturb(m);
    const context = tf.tensor2d([[0.1, 0.2, -0.7, 0.4]]);
    const z = tf.tensor2d([[0.2, 0.5, -1.5]]);
    m.steps.forEach((made, t) => {
      const step = (v: tf.Tensor2D) => flowStep(made, v, context, m.config.forgetBias).z;
      const jac = [0, 1, 2].map((i) =>
        Array.from(
          tf
            .grad((v: tf.Tensor) => tf.sum(tf.slice(step(v as tf.Tensor2D), [0, i], [1, 1])))(z)
            .dataSync(),
        ),
      );
      // Step 0 runs forward (output i sees inputs < i), step 1 in reverse (inputs > i).
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const later = t % 2 === 0 ? j > i : j < i;
          if (later) expect(jac[i]![j], `step ${t}: dz'${i}/dz${j}`).toBe(0);
        }
      }
      expect(jac.every((row, i) => row[i]! > 0 && row[i]! < 1)).toBe(true);
    });
    disposeIafVae(m);
  });

  it('with no steps is the diagonal Gaussian posterior', () => {
    const m = model(0);
    perturb(m);
    const x = tf.tensor2d([[1, 0, 1, 1, 0, 0]]);
    const eps = tf.tensor2d([[0.3, -0.2, 1.1]]);
    const { mu, logvar } = encodeIaf(m, x);
    const { z, logQ } = posteriorSample(m, x, eps);
    const z0 = reparameterize(mu, logvar, eps);
    expect(Array.from(z.dataSync())).toEqual(Array.from(z0.dataSync()));
    expect(logQ.dataSync()[0]).toBeCloseTo(diagGaussianLogProb(z0, mu, logvar).dataSync()[0]!, 5);
    disposeIafVae(m);
  });

  it('gives the same log weight through the ELBO and the importance-sampling paths', () => {
    const m = model(2);
    perturb(m);
    const x = tf.tensor2d([
      [1, 0, 1, 1, 0, 0],
      [0, 0, 1, 0, 1, 1],
    ]);
    const eps = tf.tensor2d(new Rng(5).normals(6), [2, 3]);
    const elbo = Array.from(elboTerms(m, x, eps).elbo.dataSync());
    const weights = Array.from(logImportanceWeights(m, x, tf.reshape(eps, [1, 2, 3]) as tf.Tensor3D).dataSync());
    weights.forEach((w, i) => expect(w).toBeCloseTo(elbo[i]!, 4));
    disposeIafVae(m);
  });
});
