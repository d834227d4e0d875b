import { describe, expect, it } from 'vitest';
import {
  connect,
  findViolation,
  inputDegrees,
  masksFromDegrees,
  naturalOrdering,
  pathCounts,
  randomOrdering,
  sampleDegrees,
  type Degrees,
  type MaskSet,
} from './masks.ts';

/** A small seeded generator, so that the cases are the same on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * The network the masks describe, written out here with plain loops: random weights, ReLU hidden
 * layers, masked products, and the direct connection. Returns the D output logits for x. With
 * `direct` false the direct weights are zero; with `active` every hidden unit's bias is large
 * enough that no ReLU is ever off (weights lie in [−1, 1] and inputs in {0, 1}).
 */
function network(masks: MaskSet, dim: number, widths: number[], uniform: () => number, direct = true, active = false) {
  const w = (n: number) => Array.from({ length: n }, () => 2 * uniform() - 1);
  const sizes = [dim, ...widths];
  const offset = active ? 1 + Math.max(...sizes) : 0;
  const hidden = masks.hidden.map((m, l) => ({ m, w: w(m.length), b: w(sizes[l + 1]!).map((v) => v + offset) }));
  const out = { m: masks.output, w: w(masks.output.length), b: w(dim) };
  const skip = { m: masks.direct, w: w(dim * dim).map((v) => (direct ? v : 0)) };
  return (x: number[]) => {
    let h = x;
    hidden.forEach((layer, l) => {
      const to = sizes[l + 1]!;
      h = Array.from({ length: to }, (_, j) => {
        let a = layer.b[j]!;
        h.forEach((v, i) => (a += v * layer.w[i * to + j]! * layer.m[i * to + j]!));
        return Math.max(0, a);
      });
    });
    return Array.from({ length: dim }, (_, d) => {
      let a = out.b[d]!;
      h.forEach((v, i) => (a += v * out.w[i * dim + d]! * out.m[i * dim + d]!));
      x.forEach((v, j) => (a += v * skip.w[j * dim + d]! * skip.m[j * dim + d]!));
      return a;
    });
  };
}

/** depends[j][d]: whether flipping input j, from any of `bases` random inputs, moves output d. */
function dependencies(f: (x: number[]) => number[], dim: number, uniform: () => number, bases = 30): boolean[][] {
  const depends = Array.from({ length: dim }, () => new Array<boolean>(dim).fill(false));
  for (let b = 0; b < bases; b++) {
    const x = Array.from({ length: dim }, () => (uniform() < 0.5 ? 1 : 0));
    const y = f(x);
    for (let j = 0; j < dim; j++) {
      const flipped = f(x.map((v, i) => (i === j ? 1 - v : v)));
      flipped.forEach((v, d) => {
        if (Math.abs(v - y[d]!) > 1e-12) depends[j]![d] = true;
      });
    }
  }
  return depends;
}

const cases = [
  { dim: 4, widths: [6] },
  { dim: 6, widths: [9, 7] },
  { dim: 8, widths: [12, 3, 10] },
  { dim: 9, widths: [4] },
];

describe('MADE masks', () => {
  it('make each output depend on exactly the inputs before it in the ordering (through the direct path)', () => {
    for (const [k, { dim, widths }] of cases.entries()) {
      const uniform = lcg(100 + k);
      const order = randomOrdering(dim, uniform);
      const masks = masksFromDegrees(sampleDegrees(order, widths, uniform));
      const depends = dependencies(network(masks, dim, widths, uniform), dim, uniform);
      const position = (i: number) => order.indexOf(i);
      for (let j = 0; j < dim; j++) {
        for (let d = 0; d < dim; d++) {
          expect(depends[j]![d], `order ${order}: output ${d} on input ${j}`).toBe(position(j) < position(d));
        }
      }
    }
  });

  it('reach every earlier input through the hidden layer alone when the layer holds every degree', () => {
    // One hidden unit of each degree 1 … D − 1 (and more): nothing cut by the rules themselves.
    for (const dim of [3, 5, 8]) {
      const uniform = lcg(dim);
      const order = randomOrdering(dim, uniform);
      const degrees: Degrees = {
        inputs: inputDegrees(order),
        hidden: [Array.from({ length: 3 * (dim - 1) }, (_, u) => (u % (dim - 1)) + 1)],
      };
      const masks = masksFromDegrees(degrees);
      const depends = dependencies(network(masks, dim, [3 * (dim - 1)], uniform, false, true), dim, uniform, 60);
      for (let j = 0; j < dim; j++) {
        for (let d = 0; d < dim; d++) {
          expect(depends[j]![d], `output ${d} on input ${j}`).toBe(order.indexOf(j) < order.indexOf(d));
        }
      }
    }
  });

  it('connect a hidden unit of degree k to exactly the k inputs of degree at most k', () => {
    const uniform = lcg(7);
    const dim = 10;
    const order = randomOrdering(dim, uniform);
    const degrees = sampleDegrees(order, [25], uniform);
    const mask = masksFromDegrees(degrees).hidden[0]!;
    degrees.hidden[0]!.forEach((k, u) => {
      let seen = 0;
      for (let j = 0; j < dim; j++) seen += mask[j * 25 + u]!;
      expect(seen).toBe(k);
    });
  });

  it('draws hidden degrees between the smallest degree below and D − 1', () => {
    const uniform = lcg(3);
    const { hidden } = sampleDegrees(naturalOrdering(12), [40, 40, 40], uniform);
    let below = 1;
    for (const layer of hidden) {
      expect(Math.min(...layer)).toBeGreaterThanOrEqual(below);
      expect(Math.max(...layer)).toBeLessThanOrEqual(11);
      below = Math.min(...layer);
    }
    // With 40 draws from 1 … 11 the extremes come up.
    expect(hidden[0]).toContain(1);
    expect(hidden[0]).toContain(11);
  });

  it('numbers inputs by their position in the ordering, and refuses what is not a permutation', () => {
    expect(inputDegrees([2, 0, 1])).toEqual([2, 3, 1]);
    expect(() => inputDegrees([0, 0, 1])).toThrow(/not a permutation/);
    expect(() => inputDegrees([0, 3, 1])).toThrow(/not a permutation/);
  });

  it('counts paths like an enumeration of every route through the layers', () => {
    const uniform = lcg(11);
    const dim = 5;
    const widths = [4, 3];
    const masks = masksFromDegrees(sampleDegrees(randomOrdering(dim, uniform), widths, uniform));
    const counts = pathCounts(masks);
    for (let j = 0; j < dim; j++) {
      for (let d = 0; d < dim; d++) {
        let routes = masks.direct[j * dim + d]!;
        for (let a = 0; a < 4; a++) {
          for (let b = 0; b < 3; b++) {
            routes += masks.hidden[0]![j * 4 + a]! * masks.hidden[1]![a * 3 + b]! * masks.output[b * dim + d]!;
          }
        }
        expect(counts[j * dim + d]).toBe(routes);
      }
    }
  });

  it('finds no violation in masks made by the rules, and a real path through the one that breaks them', () => {
    const uniform = lcg(5);
    const dim = 6;
    const order = randomOrdering(dim, uniform);
    const degrees = sampleDegrees(order, [8], uniform);
    const masks = masksFromDegrees(degrees);
    expect(findViolation(masks, order)).toBeUndefined();

    // The output mask by ≥ instead of >: some output now sees a unit of its own degree.
    const broken: MaskSet = { ...masks, output: connect(degrees.hidden[0]!, degrees.inputs, 'at-least') };
    const violation = findViolation(broken, order)!;
    expect(violation).toBeDefined();
    const [j, u, d] = violation.path;
    expect([j, d]).toEqual([violation.input, violation.output]);
    expect(broken.hidden[0]![j! * 8 + u!]).toBe(1);
    expect(broken.output[u! * dim + d!]).toBe(1);
    expect(degrees.inputs[j!]!).toBeGreaterThanOrEqual(degrees.inputs[d!]!);

    // A direct connection from x_d to output d: found, as a direct path.
    const direct = masks.direct.slice();
    direct[order[2]! * dim + order[2]!] = 1;
    expect(findViolation({ ...masks, direct }, order)).toEqual({
      input: order[2],
      output: order[2],
      path: [order[2], order[2]],
    });
  });
});
