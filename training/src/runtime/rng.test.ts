import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

describe('Rng', () => {
  it('repeats exactly for the same seed and stream, and differs otherwise', () => {
    const draw = (seed: number, stream = 0) =>
      Array.from({ length: 5 }, () => new Rng(seed, stream)).map((r) => r.uniform());
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(draw(42, 1)).not.toEqual(draw(42, 2));
    expect(new Rng(1).uniform()).not.toBe(new Rng(2).uniform());
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const rng = new Rng(7);
    const u = Array.from({ length: 20000 }, () => rng.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const z = rng.normals(20000);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('makes permutations', () => {
    const p = new Rng(3).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p].slice(0, 10)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects a non-integer seed', () => {
    expect(() => new Rng(0.5)).toThrow('Seed must be an integer, got 0.5');
  });
});
