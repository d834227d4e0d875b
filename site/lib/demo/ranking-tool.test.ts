import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { winProbability } from '@bounded-rationality/core/bradley-terry/fit.ts';
import { parseResults } from '@bounded-rationality/core/bradley-terry/parse.ts';
import { rankPlayers } from '@bounded-rationality/core/bradley-terry/ranking.ts';
import {
  addRow,
  clampPage,
  datasetOf,
  DEFAULT_PRIOR_POSITION,
  deleteRow,
  editCell,
  entriesOf,
  entriesOfMatches,
  formatInterval,
  formatPercent,
  formatRating,
  MATRIX_LIMIT,
  NO_PRIOR,
  PAGE_SIZE,
  pageCount,
  parseLeague,
  priorAt,
  priorLabel,
  PRIOR_SHAPES,
  readCells,
  readPaste,
  restoreTable,
  resultsCsvOf,
  serializeTable,
  tableOf,
  updateRanking,
  winMatrix,
  type Cells,
} from './ranking-tool.ts';

const row = (winner: string, loser: string, date = '', score = ''): Cells => ({ winner, loser, date, score });

/** Ann > Bob > Cal, each pair 2-1: the maximum-likelihood ranking exists. */
const TRIO = [
  row('Ann', 'Bob'),
  row('Ann', 'Bob'),
  row('Bob', 'Ann'),
  row('Bob', 'Cal'),
  row('Bob', 'Cal'),
  row('Cal', 'Bob'),
  row('Ann', 'Cal'),
  row('Ann', 'Cal'),
  row('Cal', 'Ann'),
];

/** The same rows as a sheet, for core's parser. */
const sheet = (rows: readonly Cells[]) =>
  ['winner\tloser\tdate\tscore', ...rows.map((r) => [r.winner, r.loser, r.date, r.score].join('\t'))].join('\n');

/** A seeded generator, so that the cases are the same on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** `players` players (P1 …), `count` matches between random pairs, the stronger (lower number) likelier to win. */
function randomRows(players: number, count: number, seed: number): Cells[] {
  const random = lcg(seed);
  return Array.from({ length: count }, () => {
    const i = Math.floor(random() * players);
    const j = (i + 1 + Math.floor(random() * (players - 1))) % players;
    const [a, b] = i < j ? [i, j] : [j, i];
    const [w, l] = random() < 0.7 ? [a, b] : [b, a];
    return row(`P${w + 1}`, `P${l + 1}`);
  });
}

describe('ranking tool: reading rows', () => {
  it('reads each row as core reads a line of a sheet', () => {
    const readings = readCells([
      row('Ann', 'Bob', '2024-03-01', '3-1'),
      row(' Ann ', 'Cal', '', '11:9'),
      row('Bob', 'Bob'),
      row('Ann', 'Bob', '2024-02-30'),
      row('Ann', 'Bob', '', '1-3'),
      row('', ''),
      row('Cal', ''),
    ]);
    expect(readings[0]).toEqual({ kind: 'match', winner: 'Ann', loser: 'Bob', date: '2024-03-01', score: [3, 1] });
    expect(readings[1]).toEqual({ kind: 'match', winner: 'Ann', loser: 'Cal', score: [11, 9] });
    expect(readings[2]).toEqual({
      kind: 'error',
      message: '"Bob" cannot play themself (winner and loser are the same)',
    });
    expect(readings[3]).toEqual({ kind: 'error', message: 'date "2024-02-30": February 2024 has 29 days, not day 30' });
    expect(readings[4]).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/winner's number must be larger/),
    });
    expect(readings[5]).toEqual({ kind: 'blank' });
    expect(readings[6]).toEqual({ kind: 'error', message: 'the loser is empty' });
  });

  it('takes a cell as its text: quotes, tabs, a leading # and line breaks do not shift the rows', () => {
    const readings = readCells([
      row('#1 "Ace"', 'B\tC'),
      row('Dee\nDee', 'Eve'),
      row('Ann', 'Bob', '2024-02-30'),
      row('Fay', 'Gus'),
    ]);
    expect(readings[0]).toEqual({ kind: 'match', winner: '#1 "Ace"', loser: 'B\tC' });
    expect(readings[1]).toEqual({ kind: 'match', winner: 'Dee Dee', loser: 'Eve' });
    expect(readings[2]).toMatchObject({ kind: 'error' });
    expect(readings[3]).toEqual({ kind: 'match', winner: 'Fay', loser: 'Gus' });
  });

  it('gives parsed matches cells that read back as the same readings', () => {
    const parsed = parseResults('player 1,player 2,winner,score,date\nAnn,Bob,2,1-3,2024-03-01\nCal,Ann,Cal,11–9,');
    const entries = entriesOfMatches(parsed.players, parsed.matches);
    expect(entries.map((e) => e.cells)).toEqual([
      row('Bob', 'Ann', '2024-03-01', '3-1'),
      row('Cal', 'Ann', '', '11-9'),
    ]);
    expect(entriesOf(entries.map((e) => e.cells))).toEqual(entries);
  });

  it('edits one cell and reads only that row again; adds and deletes rows by id', () => {
    let table = tableOf(entriesOf(TRIO.slice(0, 3)));
    const [first, second, third] = table.rows;
    table = editCell(table, second!.id, 'loser', 'Ann');
    expect(table.rows[0]).toBe(first);
    expect(table.rows[2]).toBe(third);
    expect(table.rows[1]).toMatchObject({ id: second!.id, cells: row('Ann', 'Ann'), reading: { kind: 'error' } });
    table = addRow(table);
    expect(table.rows.map((r) => r.id)).toEqual([0, 1, 2, 3]);
    expect(table.rows[3]!.reading).toEqual({ kind: 'blank' });
    table = editCell(deleteRow(table, 1), 3, 'winner', 'Dan');
    expect(table.rows.map((r) => r.id)).toEqual([0, 2, 3]);
    expect(table.rows[2]!.reading).toEqual({ kind: 'error', message: 'the loser is empty' });
    expect(addRow(table).rows.at(-1)!.id).toBe(4);
  });
});

describe('ranking tool: the data of the fit', () => {
  it('numbers the players as core’s parser does and lists the rows left out with their numbers', () => {
    const rows = [row('Cal', 'Ann'), row('', ''), row('Bob', 'Bob'), row('Ann', 'Bob'), row('Dan', 'x', '2024-13-01')];
    const dataset = datasetOf(tableOf(entriesOf(rows)));
    const parsed = parseResults(sheet(rows));
    expect(dataset.names).toEqual(parsed.players);
    expect(dataset.matches).toEqual(parsed.matches.map(({ line: _, ...m }) => m));
    expect(dataset.problems).toEqual([
      { row: 3, message: '"Bob" cannot play themself (winner and loser are the same)' },
      { row: 5, message: 'date "2024-13-01": month 13 is not 1-12' },
    ]);
  });

  it('fits what rankPlayers fits, with the slider’s prior', () => {
    const table = tableOf(entriesOf(TRIO));
    const update = updateRanking(table, DEFAULT_PRIOR_POSITION);
    expect(update.prior).toEqual({ shape: 2, rate: 1 });
    expect(update.priorForced).toBe(false);
    expect(update.ranking!.rows).toEqual(rankPlayers(['Ann', 'Bob', 'Cal'], update.dataset.matches, update.prior).rows);
    expect(update.ranking!.rows.map((r) => [r.name, r.wins, r.losses])).toEqual([
      ['Ann', 4, 2],
      ['Bob', 3, 3],
      ['Cal', 2, 4],
    ]);
  });

  it('starts from the last fit when the players are the same, with the same ratings in fewer sweeps', () => {
    const table = tableOf(entriesOf(randomRows(25, 600, 7)));
    const first = updateRanking(table, DEFAULT_PRIOR_POSITION);
    const cold = updateRanking(table, DEFAULT_PRIOR_POSITION);
    const warm = updateRanking(table, DEFAULT_PRIOR_POSITION, first);
    warm.ranking!.rows.forEach((r, i) => expect(r.rating).toBeCloseTo(cold.ranking!.rows[i]!.rating, 8));
    expect(warm.ranking!.fit.iterations).toBeLessThan(cold.ranking!.fit.iterations);
    // Other players: the last fit says nothing about them, and is not used.
    const other = updateRanking(tableOf(entriesOf(TRIO)), DEFAULT_PRIOR_POSITION, first);
    expect(other.ranking!.rows.map((r) => r.name)).toEqual(['Ann', 'Bob', 'Cal']);
  });

  it('fits without a prior when the maximum-likelihood ranking exists, and the prior pulls ratings together', () => {
    const table = tableOf(entriesOf(TRIO));
    const mle = updateRanking(table, NO_PRIOR);
    expect(mle.prior).toBeUndefined();
    expect(mle.ranking!.existence.exists).toBe(true);
    // The likelihood's score equations: each player's expected wins, Σ_j n_ij P(i beats j), are their wins.
    const p = (i: number, j: number) => winProbability(mle.ranking!.fit, i, j);
    expect(3 * p(0, 1) + 3 * p(0, 2)).toBeCloseTo(4, 8);
    expect(3 * p(1, 0) + 3 * p(1, 2)).toBeCloseTo(3, 8);
    const spread = (position: number) => updateRanking(table, position).ranking!.rows[0]!.rating;
    const spreads = [NO_PRIOR, 1, 4, PRIOR_SHAPES.length].map(spread);
    expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
    expect(spreads[0]! - spreads[3]!).toBeGreaterThan(0.1);
  });

  it('uses the weakest prior when none is asked for and an unbeaten player prevents the MLE', () => {
    const table = tableOf(entriesOf([...TRIO, row('Zed', 'Ann'), row('Zed', 'Cal')]));
    const update = updateRanking(table, NO_PRIOR);
    expect(update.priorForced).toBe(true);
    expect(update.prior).toEqual({ shape: PRIOR_SHAPES[0], rate: 1 });
    expect(update.ranking!.existence.unbeaten).toEqual([3]);
    expect(update.ranking!.existence.reason).toMatch(/^Zed never lost/);
    expect(update.ranking!.rows[0]!.name).toBe('Zed');
    expect(Number.isFinite(update.ranking!.rows[0]!.rating)).toBe(true);
  });

  it('has no ranking with fewer than two players', () => {
    for (const rows of [[], [row('', '')], [row('Ann', 'Ann')]]) {
      const update = updateRanking(tableOf(entriesOf(rows)), DEFAULT_PRIOR_POSITION);
      expect(update.ranking).toBeNull();
      expect(update.matrix).toBeNull();
    }
  });

  it('shows the win probabilities of the top players in rank order', () => {
    const update = updateRanking(tableOf(entriesOf(randomRows(25, 600, 7))), DEFAULT_PRIOR_POSITION);
    const ranking = update.ranking!;
    const matrix = update.matrix!;
    expect(matrix.of).toBe(25);
    expect(matrix.players).toEqual(ranking.rows.slice(0, MATRIX_LIMIT));
    matrix.players.forEach((a, r) => {
      expect(matrix.probability[r]![r]).toBeNaN();
      matrix.players.forEach((b, c) => {
        if (r === c) return;
        expect(matrix.probability[r]![c]).toBe(winProbability(ranking.fit, a.player, b.player));
        expect(matrix.probability[r]![c]! + matrix.probability[c]![r]!).toBeCloseTo(1, 12);
        // Rank order: a higher-ranked player is the favourite.
        expect(matrix.probability[r]![c]! > 0.5).toBe(r < c);
      });
    });
    expect(winMatrix(ranking, 3).players.map((p) => p.rank)).toEqual([1, 2, 3]);
  });

  it('exports the readable rows as CSV that core reads back as the same matches', () => {
    const rows = [row('Ann', 'Bob, Jr.', '2024-03-01', '3-1'), row('x', 'x'), row('"Q"', 'Ann', '', '11-2')];
    const dataset = datasetOf(tableOf(entriesOf(rows)));
    const back = parseResults(resultsCsvOf(dataset));
    expect(back.errors).toEqual([]);
    expect(back.players).toEqual(dataset.names);
    expect(back.matches.map(({ line: _, ...m }) => m)).toEqual(dataset.matches);
  });
});

describe('ranking tool: the prior slider', () => {
  it('has no prior at 0, then Gamma(a, 1) for each shape, and refuses other positions', () => {
    expect(priorAt(NO_PRIOR)).toBeUndefined();
    expect(priorAt(1)).toEqual({ shape: 1.1, rate: 1 });
    expect(priorAt(DEFAULT_PRIOR_POSITION)).toEqual({ shape: 2, rate: 1 });
    expect(priorAt(PRIOR_SHAPES.length)).toEqual({ shape: 50, rate: 1 });
    expect(priorLabel(NO_PRIOR)).toBe('no prior');
    expect(priorLabel(2)).toBe('shape 1.25');
    expect(() => priorAt(PRIOR_SHAPES.length + 1)).toThrow('prior position 10 is not 0 … 9');
    expect(() => priorAt(1.5)).toThrow(/1\.5/);
  });
});

describe('ranking tool: pasted text', () => {
  it('returns the good rows and every bad one with its line, and the near-duplicate warnings', () => {
    const reading = readPaste(
      'winner\tloser\tdate\nAnn\nBob\tBob\t2024-01-01\nAnn\tCal\t2024-02-30\nann\tBob\t2024-01-02\n',
    );
    expect(reading.kind).toBe('read');
    if (reading.kind !== 'read') return;
    expect(reading.result.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'expected 3 fields, as in the header on line 1, found 1'],
      [3, '"Bob" cannot play themself (winner and loser are the same)'],
      [4, 'date "2024-02-30": February 2024 has 29 days, not day 30'],
    ]);
    expect(reading.entries.map((e) => e.cells)).toEqual([row('ann', 'Bob', '2024-01-02')]);
    const clean = readPaste('winner,loser\nAnn,Bob\nann,Cal\n');
    expect(clean.kind === 'read' && clean.result.warnings.map((w) => w.kind)).toEqual(['near-duplicate-names']);
  });

  it('says why a text without a usable header cannot be read, with the line', () => {
    expect(readPaste('')).toMatchObject({ kind: 'unreadable', line: 1, message: expect.stringMatching(/no header/) });
    expect(readPaste('\nAnn\tBob\nBob\tCal')).toMatchObject({
      kind: 'unreadable',
      line: 2,
      message: expect.stringMatching(/fits neither layout/),
    });
  });
});

describe('ranking tool: the league file', () => {
  const file = JSON.parse(
    readFileSync(
      new URL('../../../content/posts/table-tennis-ranking/data/table-tennis-league.json', import.meta.url),
      'utf8',
    ),
  ) as { names: string[]; matches: { winner: string; loser: string }[] };

  it('reads the simulated league the post ships, every match a row', () => {
    const league = parseLeague(file, 'league.json');
    expect(league.players).toBe(file.names.length);
    expect(league.entries).toHaveLength(file.matches.length);
    expect(league.entries.every((e) => e.reading.kind === 'match')).toBe(true);
    expect(league.entries[0]!.reading).toMatchObject({
      winner: file.matches[0]!.winner,
      loser: file.matches[0]!.loser,
    });
  });

  it('rejects a file that is not a simulated league, naming it and the problem', () => {
    const base = { experiment: 'x', simulated: true, names: ['Ann', 'Bob'] };
    const match = { winner: 'Ann', loser: 'Bob', date: '2024-01-01', score: '3-1' };
    const cases: [unknown, string][] = [
      [[], 'it is not an object'],
      [{ ...base, simulated: false, matches: [] }, 'it is not marked "simulated": true'],
      [{ ...base, matches: [{ ...match, winner: 'Cal' }] }, 'match 1: winner "Cal" is not in names'],
      [{ ...base, matches: [match, { ...match, score: '1-3' }] }, 'match 2: score "1-3": the winner\'s number'],
      [{ ...base, matches: [{ ...match, date: 7 }] }, 'match 1: date is not text'],
    ];
    for (const [value, problem] of cases) {
      expect(() => parseLeague(value, 'league.json')).toThrow(`The league file league.json is malformed: ${problem}`);
    }
  });
});

describe('ranking tool: stored results', () => {
  it('keeps every row as typed, readable or not', () => {
    const table = addRow(
      tableOf(entriesOf([row('Ann', 'Bob', '2024-03-01', '3-1'), row('Cal', 'Cal'), row('"Q"', 'x')])),
    );
    const restored = restoreTable(serializeTable(table));
    expect(restored.rows.map((r) => [r.cells, r.reading])).toEqual(table.rows.map((r) => [r.cells, r.reading]));
  });

  it('says what is wrong with a value that is not a stored table', () => {
    const cases: [string, string][] = [
      ['{', 'it is not JSON'],
      ['[]', 'it is not an object'],
      ['{"version":2,"rows":[]}', 'it has version 2, not 1'],
      ['{"version":1}', 'its rows are not a list'],
      ['{"version":1,"rows":[["a","b","",""],["a","b"]]}', 'row 2 is not 4 texts'],
      ['{"version":1,"rows":[["a","b","",3]]}', 'row 1 is not 4 texts'],
    ];
    for (const [stored, message] of cases) expect(() => restoreTable(stored)).toThrow(message);
  });
});

describe('ranking tool: pages and numbers', () => {
  it('pages the results table', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(PAGE_SIZE)).toBe(1);
    expect(pageCount(PAGE_SIZE + 1)).toBe(2);
    expect(clampPage(5, PAGE_SIZE + 1)).toBe(1);
    expect(clampPage(-1, 10)).toBe(0);
  });

  it('prints ratings, intervals and probabilities', () => {
    expect(formatRating(0.844)).toBe('+0.84');
    expect(formatRating(-1.2)).toBe('−1.20');
    expect(formatInterval(-0.004, 1.5)).toBe('0.00 to +1.50');
    expect(formatPercent(0.634)).toBe('63%');
    expect(formatPercent(0.6346, 1)).toBe('63.5%');
  });
});
