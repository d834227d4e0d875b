/**
 * The ranking tool's logic, without the DOM: the reader's results as an editable table, read row by
 * row with core's parser (so a typed row obeys exactly the rules of a pasted one), the league file
 * it starts from, what is stored in the browser, and the one update the island recomputes on every
 * edit (`updateRanking`: the fit, the league table with intervals, the win-probability matrix).
 * Everything numeric is core's (`bradley-terry/*`).
 */
import { existence, winCounts } from '@bounded-rationality/core/bradley-terry/graph.ts';
import { winProbability, type GammaPrior } from '@bounded-rationality/core/bradley-terry/fit.ts';
import {
  formatResults,
  parseResults,
  ResultsFormatError,
  type Match,
  type ParseResult,
} from '@bounded-rationality/core/bradley-terry/parse.ts';
import { rankPlayers, type Ranking, type RankingRow } from '@bounded-rationality/core/bradley-terry/ranking.ts';
import { formatNumber, formatSigned } from '../format.ts';

/** The table's columns, in the order a headerless sheet would have them. */
export const COLUMNS = ['winner', 'loser', 'date', 'score'] as const;
export type Column = (typeof COLUMNS)[number];
export type Cells = Record<Column, string>;

/** What a row says once read: a match, why it is left out, or nothing (every cell empty). */
export type Reading =
  | { kind: 'match'; winner: string; loser: string; date?: string; score?: [number, number] }
  | { kind: 'error'; message: string }
  | { kind: 'blank' };

export interface Entry {
  cells: Cells;
  reading: Reading;
}

export interface TableRow extends Entry {
  /** Stable across edits, for the list's keys and focus. */
  id: number;
}

export interface ResultsTable {
  rows: TableRow[];
  nextId: number;
}

const blankCells = (): Cells => ({ winner: '', loser: '', date: '', score: '' });

/** A cell's text as the table keeps it: on one line (the rows are read as lines of a sheet). */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/**
 * Each row read as core's parseResults reads a sheet: the rows become the lines of a TSV under the
 * header `winner loser date score`, every field quoted, so that what a reader types in a cell
 * (a quote, a tab, a leading `#`) is that cell's text and nothing else. Row k is line k + 2.
 */
export function readCells(list: readonly Cells[]): Reading[] {
  if (list.length === 0) return [];
  const lines = list.map((cells) => COLUMNS.map((column) => quote(oneLine(cells[column]))).join('\t'));
  const parsed = parseResults([COLUMNS.join('\t'), ...lines].join('\n'));
  const readings: Reading[] = list.map(() => ({ kind: 'blank' }));
  for (const m of parsed.matches) readings[m.line - 2] = matchReading(parsed.players, m);
  for (const e of parsed.errors) readings[e.line - 2] = { kind: 'error', message: e.message };
  return readings;
}

function matchReading(players: readonly string[], m: Omit<Match, 'line'>): Reading {
  return {
    kind: 'match',
    winner: players[m.winner]!,
    loser: players[m.loser]!,
    ...(m.date === undefined ? {} : { date: m.date }),
    ...(m.score === undefined ? {} : { score: m.score }),
  };
}

/** Cells read into entries (one parse for all of them). */
export function entriesOf(list: readonly Cells[]): Entry[] {
  const cells = list.map((c) => ({
    winner: oneLine(c.winner),
    loser: oneLine(c.loser),
    date: oneLine(c.date),
    score: oneLine(c.score),
  }));
  const readings = readCells(cells);
  return cells.map((c, k) => ({ cells: c, reading: readings[k]! }));
}

/** Parsed matches as entries, without reading them again: their cells read back as these readings. */
export function entriesOfMatches(players: readonly string[], matches: readonly Omit<Match, 'line'>[]): Entry[] {
  return matches.map((m) => ({
    cells: {
      winner: players[m.winner]!,
      loser: players[m.loser]!,
      date: m.date ?? '',
      score: m.score ? `${m.score[0]}-${m.score[1]}` : '',
    },
    reading: matchReading(players, m),
  }));
}

export const tableOf = (entries: readonly Entry[]): ResultsTable => appendEntries({ rows: [], nextId: 0 }, entries);

export function appendEntries(table: ResultsTable, entries: readonly Entry[]): ResultsTable {
  const rows = entries.map((e, k) => ({ ...e, id: table.nextId + k }));
  return { rows: [...table.rows, ...rows], nextId: table.nextId + rows.length };
}

/** The table with a blank row at the end (its id is the table's old nextId). */
export const addRow = (table: ResultsTable): ResultsTable =>
  appendEntries(table, [{ cells: blankCells(), reading: { kind: 'blank' } }]);

export const deleteRow = (table: ResultsTable, id: number): ResultsTable => ({
  ...table,
  rows: table.rows.filter((r) => r.id !== id),
});

/** The table with one cell changed, and that row (only) read again. */
export function editCell(table: ResultsTable, id: number, column: Column, value: string): ResultsTable {
  return {
    ...table,
    rows: table.rows.map((row) => {
      if (row.id !== id) return row;
      const [entry] = entriesOf([{ ...row.cells, [column]: value }]);
      return { ...entry!, id };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// From the table to the fit.

export interface Dataset {
  /** Players in order of first appearance, the winner of a match before its loser (as parseResults numbers them). */
  names: string[];
  /** The rows that read as matches, by index into `names`. */
  matches: Omit<Match, 'line'>[];
  /** The rows left out: 1-based row number and why. */
  problems: { row: number; message: string }[];
}

export function datasetOf(table: ResultsTable): Dataset {
  const names: string[] = [];
  const index = new Map<string, number>();
  const player = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.push(name) - 1;
      index.set(name, i);
    }
    return i;
  };
  const matches: Dataset['matches'] = [];
  const problems: Dataset['problems'] = [];
  table.rows.forEach(({ reading }, k) => {
    if (reading.kind === 'error') problems.push({ row: k + 1, message: reading.message });
    if (reading.kind !== 'match') return;
    const match: Dataset['matches'][number] = { winner: player(reading.winner), loser: player(reading.loser) };
    if (reading.date !== undefined) match.date = reading.date;
    if (reading.score !== undefined) match.score = reading.score;
    matches.push(match);
  });
  return { names, matches, problems };
}

/**
 * The prior slider's positions: 0 is no prior (the maximum-likelihood fit), then Gamma(a, 1) for
 * these shapes a. The rate only sets the scale of the strengths, which ratings relative to the
 * average player do not see; the shape sets how strongly the strengths are pulled together.
 */
export const PRIOR_SHAPES = [1.1, 1.25, 1.5, 2, 3, 5, 10, 20, 50] as const;
/** Shape 2, the prior of the post's own fits. */
export const DEFAULT_PRIOR_POSITION = 4;
export const NO_PRIOR = 0;

/** The prior at slider position `position`, or undefined for no prior. */
export function priorAt(position: number): GammaPrior | undefined {
  if (!Number.isInteger(position) || position < 0 || position > PRIOR_SHAPES.length)
    throw new Error(`prior position ${position} is not 0 … ${PRIOR_SHAPES.length}`);
  return position === NO_PRIOR ? undefined : { shape: PRIOR_SHAPES[position - 1]!, rate: 1 };
}

/** A slider position as its readout says it: "no prior", "shape 2". */
export const priorLabel = (position: number): string =>
  position === NO_PRIOR ? 'no prior' : `shape ${priorAt(position)!.shape}`;

/** The highest-ranked players of a fit and P(row beats column) among them, in rank order. */
export interface WinMatrix {
  players: RankingRow[];
  /** probability[r][c]: P(players[r] beats players[c]); NaN on the diagonal. */
  probability: number[][];
  /** Players in the ranking, of whom `players` are the first. */
  of: number;
}

/** How many players the matrix shows at most (a 200 × 200 table helps nobody). */
export const MATRIX_LIMIT = 20;

export function winMatrix(ranking: Ranking, limit = MATRIX_LIMIT): WinMatrix {
  const players = ranking.rows.slice(0, limit);
  const probability = players.map((a) =>
    players.map((b) => (a === b ? NaN : winProbability(ranking.fit, a.player, b.player))),
  );
  return { players, probability, of: ranking.rows.length };
}

export interface RankingUpdate {
  dataset: Dataset;
  /** The fit and league table; null with fewer than two players. */
  ranking: Ranking | null;
  /** The prior used: the slider's, or the weakest one when the slider says none and no MLE exists. */
  prior: GammaPrior | undefined;
  /** Whether the slider says no prior but the maximum-likelihood ranking does not exist. */
  priorForced: boolean;
  matrix: WinMatrix | null;
}

/**
 * Everything the island shows that depends on the results and the prior, recomputed on every edit:
 * the players and matches of the rows, whether the MLE exists (core's existence report), the fit
 * with its intervals (rankPlayers) and the matrix. The one function the benchmark times.
 */
export function updateRanking(table: ResultsTable, position: number, previous?: RankingUpdate | null): RankingUpdate {
  const dataset = datasetOf(table);
  const n = dataset.names.length;
  if (n < 2) return { dataset, ranking: null, prior: priorAt(position), priorForced: false, matrix: null };
  const mle = position === NO_PRIOR && existence(n, winCounts(n, dataset.matches)).exists;
  const priorForced = position === NO_PRIOR && !mle;
  const prior = priorAt(priorForced ? NO_PRIOR + 1 : position);
  // After an edit that kept the same players, the last fit is a close start: MM has less to climb.
  const last = previous?.ranking;
  const samePlayers =
    last && previous.dataset.names.length === n && previous.dataset.names.every((name, i) => name === dataset.names[i]);
  const ranking = rankPlayers(dataset.names, dataset.matches, prior, samePlayers ? last.fit.strengths : undefined);
  return { dataset, ranking, prior, priorForced, matrix: winMatrix(ranking) };
}

/** The results of the readable rows as canonical CSV (core's formatResults): what "Export results" downloads. */
export const resultsCsvOf = (dataset: Dataset): string => formatResults(dataset.names, dataset.matches);

// ---------------------------------------------------------------------------------------------
// Pasted text and files.

export type PasteReading =
  /** The text as a whole cannot be read (no header, or one that fits neither layout). */
  | { kind: 'unreadable'; line: number; message: string }
  /** Read: `entries` are its good rows; `result.errors` the rejected ones. */
  | { kind: 'read'; result: ParseResult; entries: Entry[] };

export function readPaste(text: string): PasteReading {
  try {
    const result = parseResults(text);
    return { kind: 'read', result, entries: entriesOfMatches(result.players, result.matches) };
  } catch (error) {
    if (error instanceof ResultsFormatError) return { kind: 'unreadable', line: error.line, message: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The league file and the browser's storage.

/** The simulated league the tool starts from (`{ experiment, simulated: true, names, matches }`). */
export interface League {
  experiment: string;
  players: number;
  entries: Entry[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The league file, checked: marked simulated (the tool labels it so), its names a list of strings,
 * every match between two of them and readable as a row of the table. A file that is not one fails
 * with a message naming it (`source`) and what is wrong.
 */
export function parseLeague(value: unknown, source: string): League {
  try {
    if (!isObject(value)) throw new Error('it is not an object');
    if (typeof value.experiment !== 'string' || value.experiment === '') throw new Error('experiment is not a name');
    if (value.simulated !== true) throw new Error('it is not marked "simulated": true');
    const { names, matches } = value;
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw new Error('names is not a list');
    if (!Array.isArray(matches)) throw new Error('matches is not a list');
    const known = new Set(names);
    const cells = matches.map((m: unknown, k): Cells => {
      if (!isObject(m)) throw new Error(`match ${k + 1} is not an object`);
      const text = (key: Column) => {
        const v = m[key] ?? '';
        if (typeof v !== 'string') throw new Error(`match ${k + 1}: ${key} is not text`);
        return v;
      };
      for (const key of ['winner', 'loser'] as const) {
        if (!known.has(text(key))) throw new Error(`match ${k + 1}: ${key} "${text(key)}" is not in names`);
      }
      return { winner: text('winner'), loser: text('loser'), date: text('date'), score: text('score') };
    });
    const entries = entriesOf(cells);
    const bad = entries.findIndex((e) => e.reading.kind !== 'match');
    if (bad >= 0) {
      const { reading } = entries[bad]!;
      throw new Error(`match ${bad + 1}: ${reading.kind === 'error' ? reading.message : 'it is empty'}`);
    }
    return { experiment: value.experiment, players: names.length, entries };
  } catch (error) {
    throw new Error(`The league file ${source} is malformed: ${(error as Error).message}.`, { cause: error });
  }
}

/** localStorage key of the reader's results; the version changes with the stored format. */
export const STORAGE_KEY = 'bounded-rationality:ranking-tool:v1';
const STORAGE_VERSION = 1;

/** The table as stored: `{ version, rows: [[winner, loser, date, score], …] }`, every row's cells as typed. */
export const serializeTable = (table: ResultsTable): string =>
  JSON.stringify({ version: STORAGE_VERSION, rows: table.rows.map((r) => COLUMNS.map((c) => r.cells[c])) });

/** A stored table read back; throws, saying what is wrong, when the value is not one. */
export function restoreTable(stored: string): ResultsTable {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    throw new Error('it is not JSON');
  }
  if (!isObject(value)) throw new Error('it is not an object');
  if (value.version !== STORAGE_VERSION)
    throw new Error(`it has version ${String(value.version)}, not ${STORAGE_VERSION}`);
  if (!Array.isArray(value.rows)) throw new Error('its rows are not a list');
  const cells = value.rows.map((row: unknown, k): Cells => {
    if (!Array.isArray(row) || row.length !== COLUMNS.length || !row.every((c) => typeof c === 'string'))
      throw new Error(`row ${k + 1} is not ${COLUMNS.length} texts`);
    const [winner, loser, date, score] = row as string[];
    return { winner: winner!, loser: loser!, date: date!, score: score! };
  });
  return tableOf(entriesOf(cells));
}

// ---------------------------------------------------------------------------------------------
// Paging and printing.

/** Rows of the results table per page. */
export const PAGE_SIZE = 25;

export const pageCount = (rows: number): number => Math.max(1, Math.ceil(rows / PAGE_SIZE));

/** `page` (0-based) kept within the pages of `rows` rows. */
export const clampPage = (page: number, rows: number): number => Math.min(Math.max(0, page), pageCount(rows) - 1);

/** A rating as the table prints it: "+0.84", "−1.20". */
export const formatRating = (rating: number): string => formatSigned(rating, 2);

export const formatInterval = (low: number, high: number): string => `${formatRating(low)} to ${formatRating(high)}`;

/** A probability as a percentage: "63%", or "63.2%" with `digits`. */
export const formatPercent = (p: number, digits = 0): string => `${formatNumber(100 * p, digits)}%`;
