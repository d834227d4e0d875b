import { describe, expect, it } from 'vitest';
import { parseResults } from './parse.ts';
import { rankPlayers, rankingCsv } from './ranking.ts';

const sheet = [
  'winner\tloser',
  'Ann\tBo',
  'Ann\tBo',
  'Ann\tBo',
  'Bo\tAnn',
  'Bo\tCy',
  'Cy\tBo',
  'Ann\tCy',
  'Cy\tAnn',
].join('\n');

describe('rankPlayers', () => {
  it('ranks by strength, with records and intervals around ratings that average zero', () => {
    const { players, matches } = parseResults(sheet);
    const { rows } = rankPlayers(players, matches);
    // Cy won half of two games against Ann, Bo one of four: Cy ranks above Bo.
    expect(rows.map((r) => r.name)).toEqual(['Ann', 'Cy', 'Bo']);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(rows.find((r) => r.name === 'Ann')).toMatchObject({ wins: 4, losses: 2 });
    expect(rows.reduce((s, r) => s + r.rating, 0)).toBeCloseTo(0, 10);
    for (const r of rows) {
      expect(r.low).toBeLessThan(r.rating);
      expect(r.high).toBeGreaterThan(r.rating);
    }
  });

  it('gives two players the interval of half their difference: Var = 1 / (4 n q (1 − q))', () => {
    const results = [
      ...Array.from({ length: 30 }, () => ({ winner: 0, loser: 1 })),
      ...Array.from({ length: 10 }, () => ({ winner: 1, loser: 0 })),
    ];
    const { rows } = rankPlayers(['A', 'B'], results);
    const sd = Math.sqrt(1 / (4 * 40 * 0.75 * 0.25));
    expect(rows[0]!.rating).toBeCloseTo(Math.log(3) / 2, 9);
    expect(rows[0]!.high - rows[0]!.rating).toBeCloseTo(1.959963984540054 * sd, 9);
  });

  it('with a prior, the interval is of θ_i minus the mean: the quadratic form uᵀ Σ u with u = e_i − 1/n', () => {
    const { players, matches } = parseResults(sheet);
    const { rows, covariance } = rankPlayers(players, matches, { shape: 3, rate: 2 });
    const n = players.length;
    for (const row of rows) {
      const u = Array.from({ length: n }, (_, j) => (j === row.player ? 1 : 0) - 1 / n);
      let q = 0;
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) q += u[j]! * covariance[j * n + k]! * u[k]!;
      expect(row.high - row.rating).toBeCloseTo(1.959963984540054 * Math.sqrt(q), 12);
    }
  });

  it('needs the prior for an unbeaten player, and then places them first', () => {
    const { players, matches } = parseResults(`${sheet}\nDee\tAnn\nDee\tCy`);
    expect(() => rankPlayers(players, matches)).toThrow(/Dee never lost/);
    const ranking = rankPlayers(players, matches, { shape: 2, rate: 1 });
    expect(ranking.existence.unbeaten).toEqual([players.indexOf('Dee')]);
    expect(ranking.rows[0]!.name).toBe('Dee');
  });

  it('exports CSV with names quoted where needed', () => {
    const { players, matches } = parseResults('winner,loser\n"Li, Bo",Ann\nAnn,"Li, Bo"\nAnn,"Li, Bo"');
    const csv = rankingCsv(rankPlayers(players, matches).rows);
    expect(csv.split('\n')[0]).toBe('rank,player,rating,low,high,wins,losses');
    expect(csv).toMatch(/^2,"Li, Bo",-/m);
  });
});
