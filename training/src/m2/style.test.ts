import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { createM2, type M2 } from '../models/m2.ts';
import { styleDirections } from './style.ts';

beforeAll(() => initBackend('wasm'));

const config = { inputDim: 9, classes: 3, latentDim: 4, hidden: [6], activation: 'relu' as const };
const rng = new Rng(21);
const images = Float32Array.from({ length: 40 * 9 }, () => (rng.uniform() < 0.5 ? 1 : 0));

/** A model whose decoder reads z only through `reads` (other z rows of its first layer zeroed). */
function modelReading(reads: number[]): M2 {
  const m = createM2(config, 5);
  const w = m.params.toArrays();
  const first = w['decoder.0.weight']!;
  const width = first.shape[1]!;
  for (let d = 0; d < config.latentDim; d++) {
    for (let j = 0; j < width; j++) first.data[d * width + j] = reads.includes(d) ? 0.8 : 0;
  }
  // Positive output weights: each pixel's probability rises with every hidden unit, so with the
  // first layer's z weights positive it is monotone in z₀.
  w['decoder.logits.weight']!.data.fill(0.5);
  w['decoder.0.bias']!.data.fill(1);
  m.params.assign(w);
  return m;
}

describe('styleDirections', () => {
  it('gives no direction any effect when the decoder ignores z', () => {
    const { directions } = styleDirections(modelReading([]), images, 4);
    expect(directions.map((d) => d.effect)).toEqual([0, 0, 0, 0]);
  });

  it('ranks directions by how far they move the one coordinate the decoder reads', () => {
    const { directions, mean } = styleDirections(modelReading([0]), images, 4, 40);
    expect(mean).toHaveLength(4);
    const reach = directions.map((d) => Math.abs(d.vector[0]! * d.sd));
    // Largest effect first, and effect in the order of the shift along z₀.
    for (let i = 1; i < directions.length; i++) {
      expect(directions[i - 1]!.effect).toBeGreaterThanOrEqual(directions[i]!.effect);
      expect(reach[i - 1]!).toBeGreaterThanOrEqual(reach[i]! - 1e-9);
    }
    for (const d of directions) expect(Math.hypot(...d.vector)).toBeCloseTo(1, 6);
    expect(new Set(directions.map((d) => d.varianceRank)).size).toBe(4);
  });

  it('keeps the requested number of directions', () => {
    expect(styleDirections(modelReading([0, 1]), images, 2).directions).toHaveLength(2);
  });
});
