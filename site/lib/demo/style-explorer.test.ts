import { describe, expect, it } from 'vitest';
import {
  argmax,
  everyClass,
  formatProbability,
  formatSlider,
  parseStyleData,
  styledCode,
  type StyleDirection,
} from './style-explorer.ts';

/** A style file as the training run writes it, for a 3-D latent space and two sliders. */
const file = () => ({
  experiment: 'm2-l100-s1',
  inputDim: 784,
  latentDim: 3,
  classes: 10,
  style: {
    mean: [0.5, -1, 2],
    directions: [
      { vector: [0, 1, 0], sd: 2, effect: 0.07, varianceRank: 1 },
      { vector: [0.6, 0, 0.8], sd: 0.5, effect: 0.01, varianceRank: 0 },
    ],
  },
});

const direction = (vector: number[], sd: number): StyleDirection => ({
  vector: Float32Array.from(vector),
  sd,
  effect: 0,
  varianceRank: 0,
});

describe('parseStyleData', () => {
  it('reads the sizes, the mean and each direction as written', () => {
    const data = parseStyleData(file(), '/s.json');
    expect(data.experiment).toBe('m2-l100-s1');
    expect([data.inputDim, data.latentDim, data.classes]).toEqual([784, 3, 10]);
    expect(Array.from(data.mean)).toEqual([0.5, -1, 2]);
    expect(data.directions.map((d) => [Array.from(d.vector), d.sd, d.effect, d.varianceRank])).toEqual([
      [[0, 1, 0], 2, 0.07, 1],
      [[0.6000000238418579, 0, 0.800000011920929], 0.5, 0.01, 0],
    ]);
  });

  const broken: [string, (f: ReturnType<typeof file>) => unknown, string][] = [
    ['not an object', () => [1, 2], 'it is not an object'],
    ['no experiment', (f) => ({ ...f, experiment: 3 }), 'experiment is not a name'],
    ['a fractional latentDim', (f) => ({ ...f, latentDim: 2.5 }), 'latentDim is not a positive integer'],
    ['no style', (f) => ({ ...f, style: undefined }), 'style is missing'],
    ['a short mean', (f) => ({ ...f, style: { ...f.style, mean: [1, 2] } }), 'style.mean is not a list of 3 numbers'],
    [
      'no directions',
      (f) => ({ ...f, style: { ...f.style, directions: [] } }),
      'style.directions is not a non-empty list',
    ],
    [
      'a vector with a string in it',
      (f) => {
        f.style.directions[1]!.vector = [0, '1', 0] as unknown as number[];
        return f;
      },
      'style.directions[1].vector[1] is not a finite number',
    ],
    [
      'a zero sd',
      (f) => {
        f.style.directions[0]!.sd = 0;
        return f;
      },
      'style.directions[0].sd is not a positive number',
    ],
    [
      'a vector of the wrong length',
      (f) => {
        f.style.directions[0]!.vector = [1, 0];
        return f;
      },
      'style.directions[0].vector is not a list of 3 numbers',
    ],
  ];
  for (const [what, spoil, reason] of broken) {
    it(`names the file and what is wrong with it: ${what}`, () => {
      expect(() => parseStyleData(spoil(file()), '/data/m2.json')).toThrow(
        `The style file /data/m2.json is malformed: ${reason}.`,
      );
    });
  }
});

describe('styledCode', () => {
  const directions = [direction([0, 1, 0], 2), direction([0.6, 0, 0.8], 0.5)];
  const code = Float32Array.from([1, 2, 3]);

  it('is the code itself, bit for bit, with every slider at 0', () => {
    const awkward = Float32Array.from([0.1, -1e-7, 123.456]);
    expect(styledCode(awkward, [direction([0.3, 0.4, Math.sqrt(0.75)], 1.7)], [0])).toEqual(awkward);
    expect(styledCode(code, directions, [0, 0])).not.toBe(code);
  });

  it('moves s_k standard deviations along each direction: z_x + Σ s_k sd_k v_k', () => {
    // 1.5 · 2 · (0, 1, 0) = (0, 3, 0); −2 · 0.5 · (0.6, 0, 0.8) = (−0.6, 0, −0.8).
    const z = styledCode(code, directions, [1.5, -2]);
    expect(z[0]).toBeCloseTo(0.4, 6);
    expect(z[1]).toBeCloseTo(5, 6);
    expect(z[2]).toBeCloseTo(2.2, 6);
    expect(Array.from(styledCode(code, directions, [1, 0]))).toEqual([1, 4, 3]);
  });

  it('leaves the code it is given alone', () => {
    styledCode(code, directions, [3, 3]);
    expect(Array.from(code)).toEqual([1, 2, 3]);
  });

  it('refuses slider values that do not match the directions, and directions of another size', () => {
    expect(() => styledCode(code, directions, [1])).toThrow('1 slider values for 2 style directions');
    expect(() => styledCode(Float32Array.from([1, 2]), directions, [0, 1])).toThrow(
      'Style direction 1 has 3 dimensions, the code 2',
    );
  });
});

describe('everyClass', () => {
  it('repeats the code once per class beside the one-hot rows 0, 1, …', () => {
    const { z, y } = everyClass(Float32Array.from([7, -8]), 3);
    expect(Array.from(z)).toEqual([7, -8, 7, -8, 7, -8]);
    expect(Array.from(y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('gives class c its one in column c, for ten classes', () => {
    const { y } = everyClass(new Float32Array(50), 10);
    expect(y.length).toBe(100);
    for (let c = 0; c < 10; c++) {
      const row = Array.from(y.subarray(10 * c, 10 * c + 10));
      expect(row.indexOf(1)).toBe(c);
      expect(row.reduce((s, v) => s + v, 0)).toBe(1);
    }
  });
});

describe('argmax and the printed numbers', () => {
  it('finds the most probable class, the first of a tie', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax(Float32Array.from([0.3, 0.3, 0.1]))).toBe(0);
    expect(argmax([0.05, 0.05, 0.9])).toBe(2);
    expect(() => argmax([])).toThrow('argmax of no values');
  });

  it('prints probabilities as percentages with one decimal', () => {
    expect(formatProbability(0.934)).toBe('93.4%');
    expect(formatProbability(1)).toBe('100.0%');
    expect(formatProbability(0.00004)).toBe('0.0%');
  });

  it('prints slider settings with a sign and the unit', () => {
    expect(formatSlider(1.5)).toBe('+1.5 sd');
    expect(formatSlider(-0.3)).toBe('−0.3 sd');
    expect(formatSlider(0)).toBe('0.0 sd');
  });
});
