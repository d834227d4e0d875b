import { describe, expect, it } from 'vitest';
import { heatMap, type HeatMapOptions } from './heat-map.ts';
import { assertWellFormed } from './well-formed.ts';

const example: HeatMapOptions = {
  title: 'Who beats whom',
  description: 'Probability that the row player beats the column player.',
  values: [
    [null, 0.8, 1],
    [0.2, null, 0.5],
    [0, 0.5, null],
  ],
  rowLabels: ['Ada', 'Ben', 'Cleo & co'],
  columnLabels: ['Ada', 'Ben', 'Cleo & co'],
  rowTitle: 'player',
  columnTitle: 'opponent',
  lowLabel: 'surely loses',
  highLabel: 'surely wins',
};

const cells = (svg: string) => [
  ...svg.matchAll(/<rect class="(hi|lo)" fill-opacity="([\d.]+)" x="([\d.]+)" y="([\d.]+)"/g),
];

describe('heatMap', () => {
  it('writes a well-formed, accessible SVG in both schemes with escaped labels', () => {
    const svg = assertWellFormed(heatMap(example));
    expect(svg).toContain('<title id="title">Who beats whom</title>');
    expect(svg).toContain('>Cleo &amp; co</text>');
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg).toContain('>surely wins</text>');
  });

  it('draws one cell per value, none for a missing one, coloured by the side of one half', () => {
    // The grid's six values come first (then the colour bar's eleven steps); the diagonal nulls are blank.
    const all = cells(heatMap(example));
    expect(all).toHaveLength(6 + 11);
    const inGrid = all.slice(0, 6).map((m) => [m[1], Number(m[2])]);
    expect(inGrid).toEqual([
      ['hi', 0.54],
      ['hi', 0.9],
      ['lo', 0.54],
      ['hi', 0],
      ['lo', 0.9],
      ['hi', 0],
    ]);
  });

  it('places row i, column j at row i, column j', () => {
    const grid = cells(heatMap(example)).slice(0, 6);
    const [first, second, third] = grid;
    // (0,1) and (0,2) share a row; (1,0) is one row down and two columns left of (0,2).
    expect(first![4]).toBe(second![4]);
    expect(Number(second![3]) - Number(first![3])).toBeGreaterThan(0);
    expect(Number(third![4])).toBeGreaterThan(Number(first![4]));
    expect(Number(third![3])).toBeLessThan(Number(first![3]));
  });

  it('rejects values outside [0, 1], ragged rows and mismatched labels', () => {
    expect(() => heatMap({ ...example, values: [[null, 1.2, 0], example.values[1]!, example.values[2]!] })).toThrow(
      /cell \(0, 1\) is 1.2/,
    );
    expect(() => heatMap({ ...example, values: [[null, 0.5], example.values[1]!, example.values[2]!] })).toThrow(
      /row 0 has 2 cells/,
    );
    expect(() => heatMap({ ...example, rowLabels: ['Ada'] })).toThrow(/3 rows but 1 row labels/);
    expect(() => heatMap({ ...example, values: [[NaN, 0, 0], example.values[1]!, example.values[2]!] })).toThrow(
      /not in \[0, 1\]/,
    );
  });
});
