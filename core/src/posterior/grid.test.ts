import { describe, it, expect } from 'vitest';
import {
  analysePosterior,
  exportedPosteriorModel,
  latentGrid,
  logJoint,
  massWindow,
  normalizePosterior,
} from './grid.ts';
import { standardNormals } from '../random.ts';
import type { Feeds, Outputs, RunModel } from '../models/contracts.ts';

describe('posterior on a grid', () => {
  it('lays cell centres out row by row from the top', () => {
    const z = latentGrid({ x: [0, 2], y: [0, 2] }, 2);
    expect([...z]).toEqual([0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]);
  });

  it('recovers log p(x) of a model whose likelihood ignores z: the prior integrates to 1', () => {
    // p(x|z) = 0.5^4 for every z, so log p(x) = 4 log 0.5 when the grid covers the prior.
    const extent = { x: [-6, 6] as [number, number], y: [-6, 6] as [number, number] };
    const side = 120;
    const z = latentGrid(extent, side);
    const probabilities = new Float32Array(side * side * 4).fill(0.5);
    const { mass, logEvidence } = normalizePosterior(
      logJoint(Float32Array.of(1, 0, 1, 0), probabilities, z),
      extent,
      side,
    );
    expect(logEvidence).toBeCloseTo(4 * Math.log(0.5), 3);
    expect(mass.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    // 99.5% of a standard normal's mass lies within about 3.3 of 0 on each axis.
    const window = massWindow(mass, extent, side, 0.995, 0);
    expect(window.x[1]).toBeGreaterThan(2.5);
    expect(window.x[1]).toBeLessThan(3.6);
    expect(window.x[0]).toBeCloseTo(-window.x[1], 5);
  });

  it('stays finite when the decoder is certain and wrong', () => {
    const values = logJoint(Float32Array.of(1), Float32Array.of(0), Float32Array.of(0, 0));
    expect(Number.isFinite(values[0])).toBe(true);
  });
});

describe('analysePosterior', () => {
  it('finds no gap when q is the true posterior, and widens the window to a q that misses', async () => {
    // A likelihood that ignores z: the posterior is the prior, N(0, I).
    const x = Float32Array.of(1, 0, 1);
    const decode = async (z: Float32Array) => new Float32Array((z.length / 2) * 3).fill(0.5);
    const sampleAt = (shift: number) => async () => {
      const z = standardNormals(4000).map((v) => v + shift);
      const logQ = Float32Array.from({ length: 2000 }, (_, s) => {
        const [a, b] = [z[2 * s]! - shift, z[2 * s + 1]! - shift];
        return -Math.log(2 * Math.PI) - 0.5 * (a * a + b * b);
      });
      return { z, logQ };
    };
    const grid = { extent: 6, coarseSide: 48, fineSide: 48 };
    const exact = await analysePosterior(x, { decode, sample: sampleAt(0) }, grid);
    expect(exact.logEvidence).toBeCloseTo(3 * Math.log(0.5), 2);
    expect(Math.abs(exact.logEvidence - exact.elbo)).toBeLessThan(0.05);
    expect(exact.window).toBe(exact.massArea);

    const off = await analysePosterior(x, { decode, sample: sampleAt(8) }, grid);
    expect(off.logEvidence - off.elbo).toBeGreaterThan(20); // KL(N(8, I) ‖ N(0, I)) = 64
    expect(off.window.x[1]).toBeGreaterThan(9);
    expect(off.massArea.x[1]).toBeLessThan(5);
  });
});

describe('exportedPosteriorModel', () => {
  /** A run function that records its feeds and answers with `outputs`. */
  const recorder = (outputs: Outputs) => {
    const calls: Feeds[] = [];
    const run: RunModel = async (feeds) => {
      calls.push(feeds);
      return outputs;
    };
    return { calls, run };
  };
  const x = Float32Array.of(1, 0, 1);

  it('feeds the decoder n latent points as [n, 2] and returns its probabilities', async () => {
    const probabilities = new Float32Array(2 * 3).fill(0.5);
    const decoder = recorder({ probabilities: { data: probabilities } });
    const model = exportedPosteriorModel(x, { decoder: decoder.run, posterior: recorder({}).run }, 4, standardNormals);
    const z = Float32Array.of(0.1, 0.2, 0.3, 0.4);
    expect(await model.decode(z)).toBe(probabilities);
    expect(decoder.calls).toEqual([{ z: { data: z, dims: [2, 2] } }]);
  });

  it('tiles the image once per sample, with samples × 2 normals as the noise', async () => {
    const [z, logQ] = [Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(-1, -2, -3)];
    const posterior = recorder({ z: { data: z }, log_q: { data: logQ } });
    const asked: number[] = [];
    const normals = (n: number) => {
      asked.push(n);
      return Float32Array.from({ length: n }, (_, i) => i / 10);
    };
    const model = exportedPosteriorModel(x, { decoder: recorder({}).run, posterior: posterior.run }, 3, normals);
    expect(await model.sample()).toEqual({ z, logQ });
    expect(asked).toEqual([6]);
    expect(posterior.calls).toEqual([
      {
        x: { data: Float32Array.of(1, 0, 1, 1, 0, 1, 1, 0, 1), dims: [3, 3] },
        eps: { data: Float32Array.of(0, 0.1, 0.2, 0.3, 0.4, 0.5), dims: [3, 2] },
      },
    ]);
  });

  it('fails with the name of the output a wrong model lacks', async () => {
    const model = exportedPosteriorModel(
      x,
      {
        decoder: recorder({ z: { data: new Float32Array(2) } }).run,
        posterior: recorder({ z: { data: new Float32Array(2) } }).run,
      },
      1,
      standardNormals,
    );
    await expect(model.decode(new Float32Array(2))).rejects.toThrow(/decoder model gave no output "probabilities"/);
    await expect(model.sample()).rejects.toThrow(/posterior sampler model gave no output "log_q"/);
  });
});
