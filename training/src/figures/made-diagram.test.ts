import { describe, expect, it } from 'vitest';
import { inputDegrees, masksFromDegrees, sampleDegrees, type Degrees } from '@bounded-rationality/core/made/masks.ts';
import { madeDiagram } from './made-diagram.ts';
import { assertWellFormed } from './well-formed.ts';

/** The post's example: x₃, x₁, x₄, x₂ in that order; the second unit of layer 1 (degree 3) feeds no output. */
const example: Degrees = {
  inputs: inputDegrees([2, 0, 3, 1]),
  hidden: [
    [2, 3, 1, 2, 1],
    [2, 1, 2, 2, 1],
  ],
};

/** A small deterministic uniform source (a linear congruential generator), for varied degrees. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** "mask from to" for every one of every mask, counted with plain loops over core's masks. */
function expectedConnections(degrees: Degrees): string[] {
  const masks = masksFromDegrees(degrees);
  const dim = degrees.inputs.length;
  const widths = [dim, ...degrees.hidden.map((l) => l.length), dim];
  const named: [string, Float32Array, number, number][] = [
    ...masks.hidden.map((m, l): [string, Float32Array, number, number] => [
      `hidden-${l + 1}`,
      m,
      widths[l]!,
      widths[l + 1]!,
    ]),
    ['output', masks.output, widths.at(-2)!, dim],
    ['direct', masks.direct, dim, dim],
  ];
  const out: string[] = [];
  for (const [name, mask, from, to] of named) {
    expect(mask.length).toBe(from * to);
    for (let i = 0; i < from; i++)
      for (let j = 0; j < to; j++) if (mask[i * to + j] === 1) out.push(`${name} ${i} ${j}`);
  }
  return out.sort();
}

const drawnConnections = (svg: string) =>
  [...svg.matchAll(/<path class="conn [a-z]+" data-mask="([a-z0-9-]+)" data-from="(\d+)" data-to="(\d+)"/g)]
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`)
    .sort();

describe('madeDiagram', () => {
  it('draws one line for every one of every mask, and nothing else', () => {
    const svg = madeDiagram(example);
    const expected = expectedConnections(example);
    // Counted by hand from the degrees: 9 + 16 + 12 through the hidden layers, 6 direct.
    expect(expected).toHaveLength(43);
    expect(svg.match(/<path class="conn /g)).toHaveLength(43);
    expect(drawnConnections(svg)).toEqual(expected);
    expect(svg.match(/class="conn direct"/g)).toHaveLength(6);

    const uniform = lcg(7);
    for (const [order, widths] of [
      [[0, 1, 2], [3]],
      [
        [4, 1, 0, 3, 2],
        [6, 4, 5],
      ],
      [
        [1, 5, 0, 2, 4, 3],
        [7, 7],
      ],
    ] as const) {
      const degrees = sampleDegrees(order, widths, uniform);
      const drawn = madeDiagram(degrees);
      expect(drawnConnections(drawn), JSON.stringify(degrees)).toEqual(expectedConnections(degrees));
      assertWellFormed(drawn);
    }
  });

  it('writes every unit with its degree inside, bottom row to top, left to right', () => {
    const svg = madeDiagram(example);
    const written = [...svg.matchAll(/<text class="degree(?: off)?"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(written).toEqual([...example.inputs, ...example.hidden.flat(), ...example.inputs]);
    expect(svg.match(/<circle class="unit(?: off)?" data-row/g)).toHaveLength(4 + 5 + 5 + 4);
  });

  it('labels the inputs in index order and each output with its conditional', () => {
    const svg = madeDiagram(example);
    const text = (s: string) => s.replace(/<[^>]+>/g, '');
    const labels = [...svg.matchAll(/<text class="math"[^>]*>(.*?)<\/text>/g)].map((m) => text(m[1]!));
    // Outputs first (x1 comes second, after x3; x3 comes first and sees nothing), then the inputs.
    expect(labels).toEqual(['p(x1 | x3)', 'p(x2 | x3, x1, x4)', 'p(x3)', 'p(x4 | x3, x1)', 'x1', 'x2', 'x3', 'x4']);
    expect(svg).toContain('>bias only</text>');
  });

  it('shades the units on no path from an input to an output', () => {
    const svg = madeDiagram(example);
    const off = [...svg.matchAll(/<circle class="unit off" data-row="(\d+)" data-unit="(\d+)"/g)].map(
      (m) => `${m[1]}/${m[2]}`,
    );
    // Input x2 (degree 4) feeds nothing, unit 2 of layer 1 (degree 3) nothing of degree ≥ 3 above,
    // output x3 (degree 1) sees nothing.
    expect(off).toEqual(['0/1', '1/1', '3/2']);
    // The lines into the unit that feeds no output are drawn, as lines on no path.
    expect(svg.match(/class="conn idle"/g)).toHaveLength(3);
  });

  it('is a well-formed, accessible document with both colour schemes', () => {
    const svg = assertWellFormed(madeDiagram(example, { title: 'MADE masks <small>' }));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 640 \d+" width="640" height="\d+"/);
    expect(svg).toContain('aria-labelledby="title desc"');
    expect(svg).toContain('<title id="title">MADE masks &lt;small&gt;</title>');
    const desc = svg.match(/<desc id="desc">([^<]*)<\/desc>/)?.[1] ?? '';
    expect(desc).toContain('ordering x3, x1, x4, x2');
    expect(desc).toContain('9 + 16 + 12 through the hidden layers and 6 direct');
    expect(desc).toContain('unit 2 of hidden layer 1 (degree 3)');
    expect(madeDiagram(example)).toContain(
      '<title id="title">Connectivity of a MADE with 4 inputs and hidden layers of 5 and 5 units</title>',
    );
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
  });

  it('is deterministic, with coordinates of at most two decimals and no text under 11 px', () => {
    const a = madeDiagram(example);
    expect(madeDiagram({ inputs: [...example.inputs], hidden: example.hidden.map((l) => [...l]) })).toBe(a);
    for (const m of a.matchAll(/-?\d+\.(\d+)/g)) expect(m[1]!.length).toBeLessThanOrEqual(2);
    const sizes = [...a.matchAll(/font-size: ([\d.]+)px/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it('rejects degrees it cannot draw, naming the problem', () => {
    expect(() => madeDiagram({ inputs: [1, 1, 2], hidden: [[1]] })).toThrow(/\[1,1,2\] must be 1 … D/);
    expect(() => madeDiagram({ inputs: [2, 1], hidden: [] })).toThrow(/no hidden layer/);
    expect(() => madeDiagram({ inputs: [2, 1], hidden: [[1.5]] })).toThrow(/hidden layer 1/);
    expect(() => madeDiagram({ inputs: [2, 1], hidden: [new Array(20).fill(1)] })).toThrow(
      /20 units in a row do not fit/,
    );
  });
});
