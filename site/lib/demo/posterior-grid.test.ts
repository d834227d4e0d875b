import { describe, it, expect } from 'vitest';
import { latentGrid, logJoint, massWindow, normalizePosterior } from './posterior-grid.ts';

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
