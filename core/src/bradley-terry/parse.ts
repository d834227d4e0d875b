/**
 * Match results as readers keep them in a spreadsheet: text pasted as TSV or loaded as CSV, read
 * into players and matches for the Bradley-Terry fit. Shared by the site's ranking tool and the
 * training side's simulated league, so it takes a JS string and uses the language's library only.
 *
 * The reader's data is never silently changed: names are matched exactly (after trimming) and
 * never merged, every rejected row comes back as an error with its line, and what looks like a
 * mistake but parses (two spellings of one name, a data row that starts with `#`) is a warning.
 *
 * Detection, in order:
 * - A UTF-8 byte order mark at the start is dropped.
 * - The header is the first line that is not blank, not a comment (`#` as its first character) and
 *   not only delimiters (a spreadsheet's empty row exports as `,,`). Its delimiter: tab if it has
 *   a tab; otherwise whichever of comma and semicolon occurs more often outside quotes (comma on a tie).
 * - The header's columns, lower-cased with whitespace collapsed, choose the layout: `winner` and
 *   `loser`, or `player 1` (`player1`, `player a`), `player 2` (`player2`, `player b`) and `winner`;
 *   `date` and `score` are optional in both, anything else is ignored and reported.
 * - Fields follow RFC 4180 (double quotes, `""` for a quote, delimiters and line breaks allowed in
 *   quotes), with two allowances: spaces before an opening quote or after a closing one are ignored.
 *   Every field is then trimmed, quoted or not. Line breaks are \n, \r\n or \r.
 * - A blank row (every field empty) and a comment line are skipped but counted for line numbers.
 *
 * Players are numbered in order of first appearance, the winner of a match before its loser, so the
 * same results give the same numbers in either layout. Near-duplicate names are those equal after
 * Unicode composition (NFC), lower-casing and collapsing internal whitespace.
 *
 * What cannot be read at all (no header, a header that fits neither layout) throws a
 * {@link ResultsFormatError} with its line, rather than returning a result with no format.
 */

export type Delimiter = '\t' | ',' | ';';
export type Layout = 'winner-loser' | 'two-player';

export interface Format {
  delimiter: Delimiter;
  layout: Layout;
  /** Header names (trimmed, as written) of the columns that were read but not used; unnamed ones left out. */
  ignoredColumns: string[];
}

export interface Match {
  /** 1-based line of the text where the row starts. */
  line: number;
  /** Indices into `players`. */
  winner: number;
  loser: number;
  /** As written (trimmed), checked to be a valid ISO date, optionally with a time. */
  date?: string;
  /** [winner's, loser's]; the winner's is larger. */
  score?: [number, number];
}

export interface RowError {
  /** 1-based line where the row starts; for a quoting problem, the line it is on (where an unclosed quote opened). */
  line: number;
  message: string;
  /** The row as it stands in the text (several lines for a multi-line quoted field). */
  raw: string;
}

/** Names that differ only in case, internal whitespace or Unicode composition: kept apart, but flagged. */
export interface NearDuplicateWarning {
  kind: 'near-duplicate-names';
  /** The variants, in order of first appearance. */
  names: string[];
  /** lines[k]: the lines of the matches in which names[k] plays. */
  lines: number[][];
  message: string;
}

/** Comment lines that split into as many fields as the header: a row whose name starts with `#`? */
export interface CommentedRowsWarning {
  kind: 'commented-rows';
  lines: number[];
  message: string;
}

export type Warning = NearDuplicateWarning | CommentedRowsWarning;

export interface ParseResult {
  format: Format;
  /** Distinct names of the accepted matches, in order of first appearance, the winner of a match before its loser. */
  players: string[];
  /** Every accepted row, in input order. */
  matches: Match[];
  /** Every rejected row, in input order. */
  errors: RowError[];
  warnings: Warning[];
}

/** The text as a whole cannot be read: no header, or a header that fits neither layout. */
export class ResultsFormatError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'ResultsFormatError';
    this.line = line;
  }
}

// ---------------------------------------------------------------------------------------------
// Records: RFC 4180 fields, with the line each record starts on.

/** One row as split into fields, before its fields mean anything. */
interface RawRecord {
  line: number;
  raw: string;
  fields: string[];
  /** A quoting error; the fields are then not to be trusted. */
  problem?: { line: number; message: string };
}

interface Comment {
  line: number;
  text: string;
}

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** The offset just past the line break at `i` (\r\n is one break). */
const pastBreak = (text: string, i: number): number => (text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1);

function endOfLine(text: string, i: number): number {
  while (i < text.length && !isBreak(text[i])) i++;
  return i;
}

/**
 * The record starting at `start` (on `line`), and where the next one starts. An unterminated quote
 * would swallow the rest of the text; instead the record ends with the line the quote opened on,
 * and reading resumes on the next line, so that the rows after a stray quote are not lost.
 */
function readRecord(text: string, start: number, line: number, delimiter: Delimiter) {
  const fields: string[] = [];
  let field = '';
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  let problem: RawRecord['problem'];
  let current = line;
  let quoteLine = line;
  // The end of the line on which the last quote opened, and the start of the next one.
  let quoteLineEnd = -1;
  let afterQuoteLine = -1;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (state === 'quoted') {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        state = 'closed';
        i++;
      } else if (isBreak(c)) {
        const next = pastBreak(text, i);
        if (quoteLineEnd < 0) [quoteLineEnd, afterQuoteLine] = [i, next];
        field += text.slice(i, next);
        i = next;
        current++;
      } else {
        field += c;
        i++;
      }
      continue;
    }
    if (c === delimiter || isBreak(c)) {
      fields.push(field);
      [field, state] = ['', 'start'];
      if (isBreak(c)) break;
      i++;
      continue;
    }
    if (state === 'start' && c === '"') {
      [field, state, quoteLine, quoteLineEnd] = ['', 'quoted', current, -1];
    } else if (state === 'closed' && c !== ' ' && c !== '\t') {
      problem ??= {
        line: current,
        message: `field ${fields.length + 1}: text after the closing quote; inside quotes, write a quote as ""`,
      };
      field += c;
      state = 'plain';
    } else if (state !== 'closed') {
      field += c;
      if (c !== ' ' && c !== '\t') state = 'plain';
    }
    i++;
  }
  if (state === 'quoted') {
    const end = quoteLineEnd < 0 ? text.length : quoteLineEnd;
    const message = `unterminated quote: the double quote that opens field ${fields.length + 1} on line ${quoteLine} is never closed`;
    return {
      record: { line: quoteLine, raw: text.slice(start, end), fields, problem: { line: quoteLine, message } },
      next: afterQuoteLine < 0 ? text.length : afterQuoteLine,
      nextLine: quoteLine + 1,
    };
  }
  if (i === text.length) fields.push(field);
  const record: RawRecord = { line, raw: text.slice(start, i), fields, ...(problem ? { problem } : {}) };
  return i < text.length
    ? { record, next: pastBreak(text, i), nextLine: current + 1 }
    : { record, next: i, nextLine: current };
}

const isBlank = (record: RawRecord): boolean => !record.problem && record.fields.every((f) => f.trim() === '');

/** All records that carry data (the header first), and the comment lines, each with its line. */
function readRecords(text: string, delimiter: Delimiter): { records: RawRecord[]; comments: Comment[] } {
  const records: RawRecord[] = [];
  const comments: Comment[] = [];
  let [i, line] = [0, 1];
  while (i < text.length) {
    if (text[i] === '#') {
      const end = endOfLine(text, i);
      comments.push({ line, text: text.slice(i, end) });
      [i, line] = [end < text.length ? pastBreak(text, end) : end, line + 1];
      continue;
    }
    const { record, next, nextLine } = readRecord(text, i, line, delimiter);
    if (!isBlank(record)) records.push(record);
    [i, line] = [next, nextLine];
  }
  return { records, comments };
}

/** How often `char` occurs in `line` outside double quotes. */
function countOutsideQuotes(line: string, char: string): number {
  let [count, quoted] = [0, false];
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count++;
  }
  return count;
}

/** The delimiter of the header line (see the module comment), or undefined when there is no header line. */
export function detectDelimiter(text: string): Delimiter | undefined {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .find((l) => !l.startsWith('#') && !/^[\s,;]*$/.test(l));
  if (header === undefined) return undefined;
  if (header.includes('\t')) return '\t';
  return countOutsideQuotes(header, ';') > countOutsideQuotes(header, ',') ? ';' : ',';
}

// ---------------------------------------------------------------------------------------------
// The header: which column plays which role.

type Role = 'winner' | 'loser' | 'player1' | 'player2' | 'date' | 'score';

const ROLES: Readonly<Record<string, Role>> = {
  winner: 'winner',
  loser: 'loser',
  'player 1': 'player1',
  player1: 'player1',
  'player a': 'player1',
  'player 2': 'player2',
  player2: 'player2',
  'player b': 'player2',
  date: 'date',
  score: 'score',
};

const EXPECTED =
  'expected "winner" and "loser", or "player 1", "player 2" and "winner" ' +
  '(optional in both: "date", "score"; "player1"/"player a" and "player2"/"player b" also work)';

const DELIMITER_NAMES: Readonly<Record<Delimiter, string>> = { '\t': 'tabs', ',': 'commas', ';': 'semicolons' };

interface Header {
  line: number;
  width: number;
  layout: Layout;
  columns: Partial<Record<Role, number>>;
  ignoredColumns: string[];
}

const headerKey = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');
const quoted = (names: readonly string[]): string => names.map((n) => JSON.stringify(n)).join(', ');

/** The layout that the header's columns fit; throws, naming what was found and what was expected, if none. */
function readHeader(record: RawRecord, delimiter: Delimiter): Header {
  const where = `header (line ${record.line})`;
  if (record.problem) throw new ResultsFormatError(record.problem.line, `${where}: ${record.problem.message}`);
  const columns: Partial<Record<Role, number>> = {};
  const ignoredColumns: string[] = [];
  record.fields.forEach((name, index) => {
    // Own keys only: a column called "constructor" is not a role.
    const key = headerKey(name);
    const role = Object.hasOwn(ROLES, key) ? ROLES[key] : undefined;
    if (role === undefined) {
      if (name.trim() !== '') ignoredColumns.push(name.trim());
    } else if (columns[role] !== undefined) {
      const message = `${where}: column "${name.trim()}" appears twice (columns ${columns[role] + 1} and ${index + 1})`;
      throw new ResultsFormatError(record.line, message);
    } else columns[role] = index;
  });
  const has = (role: Role) => columns[role] !== undefined;
  const found = `found ${record.fields.length === 1 ? 'one column' : 'columns'} ${quoted(record.fields.map((f) => f.trim()))} (split at ${DELIMITER_NAMES[delimiter]})`;
  const playerColumns = has('player1') || has('player2');
  if (playerColumns && has('loser')) {
    throw new ResultsFormatError(record.line, `${where} mixes the two layouts: ${found}; ${EXPECTED}`);
  }
  const needed: Role[] = playerColumns ? ['player1', 'player2', 'winner'] : ['winner', 'loser'];
  const missing = needed.filter((role) => !has(role));
  if (missing.length > 0) {
    const names = missing.map((role) => role.replace(/(\d)$/, ' $1'));
    const message = `${where} fits neither layout: ${found}, missing ${quoted(names)}; ${EXPECTED}`;
    throw new ResultsFormatError(record.line, message);
  }
  const layout = playerColumns ? 'two-player' : 'winner-loser';
  return { line: record.line, width: record.fields.length, layout, columns, ignoredColumns };
}

// ---------------------------------------------------------------------------------------------
// Scores and dates.

/** A score: two non-negative numbers (a decimal point or comma allowed: chess's 2.5-1.5) joined by - – — − or :. */
const SCORE = /^(\d+(?:[.,]\d+)?)\s*[-\u2013\u2014\u2212:]\s*(\d+(?:[.,]\d+)?)$/;

/** The two numbers of a score as written, left then right, or why it is not one. */
export function parseScore(text: string): [number, number] | { error: string } {
  const m = SCORE.exec(text.trim());
  if (m) return [Number(m[1]!.replace(',', '.')), Number(m[2]!.replace(',', '.'))];
  // Spreadsheets turn 3-1 into the 1st of March unless the column is formatted as text.
  const dateLike = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|^\d{4}-\d{2}-\d{2}|\d\/\d/i.test(text);
  const hint = dateLike
    ? ' (it looks like a date: a spreadsheet may have converted it; format the column as text)'
    : '';
  return { error: `score "${text}" is not two numbers such as 3-1, 3–1 or 11:9${hint}` };
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Days in `month` (1 … 12) of `year`, in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Why `text` is not an ISO date (YYYY-MM-DD, optionally with a time), or undefined when it is one. */
export function dateProblem(text: string): string | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return `date "${text}" is not YYYY-MM-DD (optionally followed by a time, as in 2024-03-01T14:30)`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `date "${text}": month ${month} is not 1-12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `date "${text}": ${MONTHS[month - 1]} ${year} has ${days} days, not day ${day}`;
  const [hour, minute, second, offsetHour, offsetMinute] = [m[4], m[5], m[6], m[7], m[8]].map(Number);
  if (hour! > 23 || minute! > 59 || second! > 59 || offsetHour! > 23 || offsetMinute! > 59) {
    return `date "${text}": the time is not a valid time of day`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Rows.

/** A row as names, before the names are numbered. */
interface Result {
  winner: string;
  loser: string;
  date?: string;
  score?: [number, number];
}

const cell = (record: RawRecord, index: number | undefined): string =>
  index === undefined ? '' : record.fields[index]!.trim();

/** In the two-player form: which player the winner column names, or why it names neither. */
function whichPlayer(value: string, one: string, two: string): 1 | 2 | string {
  // A name wins over 1/2 and a/b, so that players called "1" or "B" are read as themselves.
  if (value === one) return 1;
  if (value === two) return 2;
  if (value === '1' || value.toLowerCase() === 'a') return 1;
  if (value === '2' || value.toLowerCase() === 'b') return 2;
  if (value === '') return 'the winner is empty';
  const close = [one, two].find((name) => nameKey(name) === nameKey(value));
  const hint = close === undefined ? '' : ` (did you mean "${close}"? names must match exactly)`;
  return `winner "${value}" is neither player 1 ("${one}") nor player 2 ("${two}"); expected one of the two names, 1 or 2, or A or B${hint}`;
}

/** The names of the row, or what is wrong with them. */
function readNames(record: RawRecord, header: Header): { winner: string; loser: string; flipped: boolean } | string[] {
  const { columns } = header;
  const problems: string[] = [];
  if (header.layout === 'winner-loser') {
    const [winner, loser] = [cell(record, columns.winner), cell(record, columns.loser)];
    if (winner === '') problems.push('the winner is empty');
    if (loser === '') problems.push('the loser is empty');
    if (winner !== '' && winner === loser)
      problems.push(`"${winner}" cannot play themself (winner and loser are the same)`);
    return problems.length > 0 ? problems : { winner, loser, flipped: false };
  }
  const [one, two] = [cell(record, columns.player1), cell(record, columns.player2)];
  if (one === '') problems.push('player 1 is empty');
  if (two === '') problems.push('player 2 is empty');
  if (one !== '' && one === two) problems.push(`"${one}" cannot play themself (player 1 and player 2 are the same)`);
  if (problems.length > 0) return problems;
  const which = whichPlayer(cell(record, columns.winner), one, two);
  if (typeof which === 'string') return [which];
  return which === 1 ? { winner: one, loser: two, flipped: false } : { winner: two, loser: one, flipped: true };
}

/** A score read left then right as [winner's, loser's], or what is wrong with it. `flipped`: player 2 won. */
function orientScore(
  parsed: [number, number],
  text: string,
  layout: Layout,
  flipped: boolean,
): [number, number] | string {
  const [w, l] = flipped ? [parsed[1], parsed[0]] : parsed;
  if (w > l) return [w, l];
  if (w === l) return `score "${text}" is a draw; a result needs a winner`;
  if (layout === 'winner-loser')
    return `score "${text}": the winner's number must be larger (it is written winner's–loser's)`;
  const [winner, other] = flipped ? ['player 2', 'player 1'] : ['player 1', 'player 2'];
  return `score "${text}" (written player 1's–player 2's) says ${other} won, but the winner is ${winner}`;
}

/** The row's result, or why it is rejected (every problem found, so that the reader can fix them at once). */
function readRow(record: RawRecord, header: Header, delimiter: Delimiter): Result | string {
  if (record.problem) return record.problem.message;
  if (record.fields.length !== header.width) {
    const comma = record.fields.length > header.width && delimiter === ',';
    const hint = comma ? '; a name with a comma must be in double quotes' : '';
    return `expected ${header.width} fields, as in the header on line ${header.line}, found ${record.fields.length}${hint}`;
  }
  const names = readNames(record, header);
  const problems = Array.isArray(names) ? [...names] : [];
  let score: [number, number] | undefined;
  const scoreText = cell(record, header.columns.score);
  const parsed = scoreText === '' ? undefined : parseScore(scoreText);
  if (parsed !== undefined && !Array.isArray(parsed)) problems.push(parsed.error);
  // Which way round a score goes is only known once the winner is.
  else if (parsed !== undefined && !Array.isArray(names)) {
    const oriented = orientScore(parsed, scoreText, header.layout, names.flipped);
    if (typeof oriented === 'string') problems.push(oriented);
    else score = oriented;
  }
  const date = cell(record, header.columns.date);
  const problem = date === '' ? undefined : dateProblem(date);
  if (problem !== undefined) problems.push(problem);
  if (Array.isArray(names) || problems.length > 0) return problems.join('; ');
  return { winner: names.winner, loser: names.loser, ...(date === '' ? {} : { date }), ...(score ? { score } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Players and warnings.

/** Names equal after Unicode composition, lower-casing and collapsing whitespace (names are already trimmed). */
const nameKey = (name: string): string => name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');

/** Names numbered in order of first appearance, with the lines each plays on. */
class Roster {
  readonly names: string[] = [];
  readonly lines: number[][] = [];
  readonly #index = new Map<string, number>();

  indexOf(name: string, line: number): number {
    let index = this.#index.get(name);
    if (index === undefined) {
      index = this.names.push(name) - 1;
      this.#index.set(name, index);
      this.lines.push([]);
    }
    this.lines[index]!.push(line);
    return index;
  }
}

const lineList = (lines: readonly number[]): string => `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`;

function nearDuplicates(roster: Roster): NearDuplicateWarning[] {
  const groups = new Map<string, number[]>();
  roster.names.forEach((name, index) => {
    const key = nameKey(name);
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group): NearDuplicateWarning => {
      const names = group.map((i) => roster.names[i]!);
      const lines = group.map((i) => [...new Set(roster.lines[i])]);
      const variants = names.map((n, k) => `"${n}" (${lineList(lines[k]!)})`).join(', ');
      const message = `names that differ only in case or spacing, kept as different players: ${variants}`;
      return { kind: 'near-duplicate-names', names, lines, message };
    });
}

/** Comments after the header that split into as many fields as it: a row whose first name starts with `#`? */
function commentedRows(comments: readonly Comment[], header: Header, delimiter: Delimiter): CommentedRowsWarning[] {
  const lines = comments
    .filter((c) => c.line > header.line && header.width > 1)
    .filter((c) => readRecord(c.text, 0, c.line, delimiter).record.fields.length === header.width)
    .map((c) => c.line);
  if (lines.length === 0) return [];
  const [starts, skipped] =
    lines.length === 1 ? ['starts', 'it was skipped as a comment'] : ['start', 'they were skipped as comments'];
  const message =
    `${lineList(lines)} ${starts} with "#", so ${skipped}, but split into ${header.width} fields like a row; ` +
    'put a name that starts with "#" in double quotes';
  return [{ kind: 'commented-rows', lines, message }];
}

// ---------------------------------------------------------------------------------------------
// Reading and writing.

/**
 * Reads match results (see the module comment for the formats). Throws a {@link ResultsFormatError}
 * when there is no header (the text is empty, or only blank lines and comments) or when the header
 * fits neither layout; a header with no rows is valid and gives no matches.
 */
export function parseResults(text: string): ParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const empty =
    'no header row: the text is empty (or only blank lines and comments); expected a header such as "winner,loser"';
  if (delimiter === undefined) throw new ResultsFormatError(1, empty);
  const { records, comments } = readRecords(body, delimiter);
  const [headRecord, ...rows] = records;
  if (headRecord === undefined) throw new ResultsFormatError(1, empty);
  const header = readHeader(headRecord, delimiter);
  const roster = new Roster();
  const matches: Match[] = [];
  const errors: RowError[] = [];
  for (const record of rows) {
    const result = readRow(record, header, delimiter);
    if (typeof result === 'string') {
      errors.push({ line: record.problem?.line ?? record.line, message: result, raw: record.raw });
      continue;
    }
    const { line } = record;
    const match: Match = {
      line,
      winner: roster.indexOf(result.winner, line),
      loser: roster.indexOf(result.loser, line),
    };
    if (result.date !== undefined) match.date = result.date;
    if (result.score !== undefined) match.score = result.score;
    matches.push(match);
  }
  return {
    format: { delimiter, layout: header.layout, ignoredColumns: header.ignoredColumns },
    players: roster.names,
    matches,
    errors,
    warnings: [...nearDuplicates(roster), ...commentedRows(comments, header, delimiter)],
  };
}

/** A CSV field, in double quotes when it holds a quote, comma or line break, or starts with `#` (a comment). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text.startsWith('#') ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The match's fields, checked to read back as they are. */
function formatRow(players: readonly string[], match: Omit<Match, 'line'>, k: number): string[] {
  const name = (index: number) => {
    const player = players[index];
    if (!Number.isInteger(index) || player === undefined) {
      throw new Error(`formatResults: match ${k} names player ${index}, but there are ${players.length} players`);
    }
    if (player === '' || player !== player.trim()) {
      throw new Error(`formatResults: player ${index} (${JSON.stringify(player)}) is empty or not trimmed`);
    }
    return player;
  };
  if (match.winner === match.loser) throw new Error(`formatResults: match ${k}: player ${match.winner} plays themself`);
  const date = match.date ?? '';
  if (date !== '' && dateProblem(date) !== undefined)
    throw new Error(`formatResults: match ${k}: ${dateProblem(date)}`);
  const score = match.score ? `${match.score[0]}-${match.score[1]}` : '';
  if (match.score) {
    const back = parseScore(score);
    if (!Array.isArray(back) || back[0] !== match.score[0] || back[1] !== match.score[1] || back[0] <= back[1]) {
      throw new Error(`formatResults: match ${k}: score ${JSON.stringify(match.score)} is not [winner's, loser's]`);
    }
  }
  return [name(match.winner), name(match.loser), date, score];
}

/**
 * The canonical CSV of results: `winner,loser,date,score`, \n line ends. parseResults gives back the
 * same matches (lines apart) and the same players when `players` lists, as parseResults does,
 * every player in order of first appearance (winner before loser); otherwise the same matches by name.
 * Throws on what would not read back: an unknown index, a name empty or with surrounding whitespace
 * (parsing trims), a self-match, an invalid date or a score that is not [winner's, loser's].
 */
export function formatResults(players: readonly string[], matches: readonly Omit<Match, 'line'>[]): string {
  const rows = matches.map((m, k) => formatRow(players, m, k).map(csvField).join(','));
  return ['winner,loser,date,score', ...rows].join('\n') + '\n';
}
