import { describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  formatResults,
  parseResults,
  ResultsFormatError,
  type Match,
  type ParseResult,
} from './parse.ts';

/** Lines joined with \n (the tests of other line ends say so). */
const lines = (...rows: string[]): string => rows.join('\n');

/** The accepted matches as [line, winner's name, loser's name], easier to read than indices. */
const played = (r: ParseResult): [number, string, string][] =>
  r.matches.map((m) => [m.line, r.players[m.winner]!, r.players[m.loser]!]);

/** The matches without their lines, which differ between a file and its canonical rewrite. */
const withoutLines = (matches: readonly Match[]) => matches.map(({ line: _, ...rest }) => rest);

/** The error that `parseResults(text)` throws. */
function thrown(text: string): ResultsFormatError {
  try {
    parseResults(text);
  } catch (e) {
    if (e instanceof ResultsFormatError) return e;
    throw e;
  }
  throw new Error('parseResults did not throw');
}

describe('formats', () => {
  it('reads TSV pasted from a spreadsheet: tabs, \\r\\n, a trailing empty line, commas in names', () => {
    const r = parseResults(
      'Winner\tLoser\tDate\tScore\r\nAnn\tBob\t2024-03-01\t3-1\r\nSmith, Jo\tAnn\t\t\r\n\t\t\t\r\n',
    );
    expect(r.format).toEqual({ delimiter: '\t', layout: 'winner-loser', ignoredColumns: [] });
    expect(r.players).toEqual(['Ann', 'Bob', 'Smith, Jo']);
    expect(r.matches).toEqual([
      { line: 2, winner: 0, loser: 1, date: '2024-03-01', score: [3, 1] },
      { line: 3, winner: 2, loser: 0 },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('reads CSV with quoted fields holding commas, line breaks and doubled quotes, and lists ignored columns', () => {
    const text = lines(
      'winner,loser,notes,Venue',
      '"Smith, Ann","Bob ""The Hammer"" Jones","a long',
      'note, in two lines",Hall',
      'Cy,"Smith, Ann",,',
      '  "  Dee Ray " , Cy ,x,y',
    );
    const r = parseResults(text);
    expect(r.format).toEqual({ delimiter: ',', layout: 'winner-loser', ignoredColumns: ['notes', 'Venue'] });
    expect(parseResults('winner,loser,constructor,toString').format.ignoredColumns).toEqual([
      'constructor',
      'toString',
    ]);
    expect(r.players).toEqual(['Smith, Ann', 'Bob "The Hammer" Jones', 'Cy', 'Dee Ray']);
    expect(played(r)).toEqual([
      [2, 'Smith, Ann', 'Bob "The Hammer" Jones'],
      [4, 'Cy', 'Smith, Ann'],
      [5, 'Dee Ray', 'Cy'],
    ]);
    expect(r.errors).toEqual([]);
  });

  it('counts \\n, \\r\\n and \\r each as one line break, inside quotes too', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const r = parseResults(['winner,loser', '"Ann', 'Lee",Bob', '', 'Cy,Cy', 'Dee,Ann'].join(eol));
      expect(played(r)).toEqual([
        [2, `Ann${eol}Lee`, 'Bob'],
        [6, 'Dee', 'Ann'],
      ]);
      expect(r.errors).toEqual([{ line: 5, message: expect.stringContaining('themself'), raw: 'Cy,Cy' }]);
    }
  });

  it('ignores a byte order mark, comments and blank lines, and counts them for line numbers', () => {
    const text = '\uFEFF' + lines('# league 2024', '', 'winner,loser', '# round 1', 'Ann,Bob', '', ',,', 'Bob,Cy', '');
    const r = parseResults(text);
    expect(played(r)).toEqual([
      [5, 'Ann', 'Bob'],
      [8, 'Bob', 'Cy'],
    ]);
    expect(r.players[0]).toBe('Ann');
    expect(r.warnings).toEqual([]);
  });

  it('detects the delimiter from the header: tab first, then the more frequent of comma and semicolon outside quotes', () => {
    expect(detectDelimiter('winner\tloser,with,commas\n')).toBe('\t');
    expect(detectDelimiter('# a, comment\n\n,,\nwinner;loser;note, more')).toBe(';');
    expect(detectDelimiter('"a, b, c";winner;loser')).toBe(';');
    expect(detectDelimiter('winner,loser;x')).toBe(',');
    expect(detectDelimiter('# nothing but this\n\n')).toBeUndefined();
    const r = parseResults(lines('Winner;Loser;Score', 'Ann;Bob, Jr.;2,5-1,5'));
    expect(r.format.delimiter).toBe(';');
    expect(played(r)).toEqual([[2, 'Ann', 'Bob, Jr.']]);
    expect(r.matches[0]!.score).toEqual([2.5, 1.5]);
  });

  it('reads header names case-insensitively with surrounding spaces trimmed, in any column order', () => {
    const r = parseResults(lines(' SCORE , Loser ,  WINNER  ,Date ', '3-1,Bob,Ann,2024-01-01'));
    expect(r.format.layout).toBe('winner-loser');
    expect(r.matches).toEqual([{ line: 2, winner: 0, loser: 1, date: '2024-01-01', score: [3, 1] }]);
  });

  it('accepts a header with no rows: zero matches', () => {
    expect(parseResults('winner,loser\r\n')).toEqual({
      format: { delimiter: ',', layout: 'winner-loser', ignoredColumns: [] },
      players: [],
      matches: [],
      errors: [],
      warnings: [],
    });
  });

  it('throws a ResultsFormatError at line 1 for empty input', () => {
    for (const text of ['', '\uFEFF', '\n\r\n  \n', '# only a comment\n', ',,\n;;']) {
      const e = thrown(text);
      expect(e.line).toBe(1);
      expect(e.message).toMatch(/no header row: the text is empty/);
    }
  });

  it('throws on a header that fits neither layout, saying what was found and what was expected', () => {
    const e = thrown(lines('# results', 'name,opponent,when', 'Ann,Bob,today'));
    expect(e.line).toBe(2);
    expect(e.message).toContain('found columns "name", "opponent", "when" (split at commas)');
    expect(e.message).toContain('missing "winner", "loser"');
    expect(e.message).toContain('expected "winner" and "loser", or "player 1", "player 2" and "winner"');
    expect(thrown('player 1\twinner\tscore').message).toContain('missing "player 2"');
    expect(thrown('winner loser\nAnn Bob').message).toContain('found one column "winner loser"');
    expect(thrown('winner,loser,Winner').message).toContain('column "Winner" appears twice (columns 1 and 3)');
    expect(thrown('player 1,player 2,winner,loser').message).toContain('mixes the two layouts');
    expect(thrown('winner,"loser').message).toContain('unterminated quote');
  });
});

describe('the two-player layout', () => {
  it('reads the winner as a name, 1/2 or A/B, and turns player 1–player 2 scores into winner–loser', () => {
    const text = lines(
      'Player 1,Player 2,Winner,Score,Date',
      'Ann,Bob,Ann,3-1,2024-03-01',
      'Ann,Bob,Bob,1-3,',
      'Cy,Ann,2,9:11,',
      'Ann,Cy, a ,,',
      'Bob,Cy,B,,',
      'Bob,Cy,1,,',
    );
    const r = parseResults(text);
    expect(r.format).toEqual({ delimiter: ',', layout: 'two-player', ignoredColumns: [] });
    expect(r.errors).toEqual([]);
    expect(played(r)).toEqual([
      [2, 'Ann', 'Bob'],
      [3, 'Bob', 'Ann'],
      [4, 'Ann', 'Cy'],
      [5, 'Ann', 'Cy'],
      [6, 'Cy', 'Bob'],
      [7, 'Bob', 'Cy'],
    ]);
    expect(r.matches.map((m) => m.score)).toEqual([[3, 1], [3, 1], [11, 9], undefined, undefined, undefined]);
    expect(r.matches[0]!.date).toBe('2024-03-01');
  });

  it('takes the other header spellings, and reads a name before 1/2 or A/B', () => {
    for (const header of ['player1\tplayer2\twinner', 'Player A\tPlayer B\tWinner', 'player  a\tPLAYER 2\twinner']) {
      const r = parseResults(lines(header, 'B\tA\tA', 'x\t2\t2', '1\t2\t1'));
      expect(r.format.layout).toBe('two-player');
      expect(played(r)).toEqual([
        [2, 'A', 'B'],
        [3, '2', 'x'],
        [4, '1', '2'],
      ]);
    }
  });

  it('gives the same players and matches as the same results written winner/loser', () => {
    const twoPlayer = parseResults(lines('player 1,player 2,winner,score', 'Bob,Ann,Ann,1-3', 'Cy,Bob,1,2-0'));
    const winnerLoser = parseResults(lines('winner,loser,score', 'Ann,Bob,3-1', 'Cy,Bob,2-0'));
    expect(twoPlayer.players).toEqual(winnerLoser.players);
    expect(twoPlayer.matches).toEqual(winnerLoser.matches);
  });
});

describe('scores and dates', () => {
  it('reads score forms: hyphen, en dash, em dash, minus sign, colon, spaces, decimals', () => {
    const scores = ['3-1', '3–1', '3—1', '3−1', '11:9', '3 - 1', ' 11 : 9 ', '2.5-1.5', '10-0'];
    const r = parseResults(lines('winner,loser,score', ...scores.map((s) => `Ann,Bob,${s}`)));
    expect(r.errors).toEqual([]);
    expect(r.matches.map((m) => m.score)).toEqual([
      [3, 1],
      [3, 1],
      [3, 1],
      [3, 1],
      [11, 9],
      [3, 1],
      [11, 9],
      [2.5, 1.5],
      [10, 0],
    ]);
  });

  it('checks dates: leap days by the Gregorian rules, times, and keeps the text as given', () => {
    const good = [
      '2024-02-29',
      '2000-02-29',
      '2023-12-31',
      '2024-02-29T23:59:59Z',
      '2024-03-01 14:30',
      '2024-03-01T14:30:00.5+01:00',
    ];
    const bad = ['1900-02-29', '2023-02-29', '2024-04-31', '2024-00-10', '2024-02-29T24:00', '2024-2-9', '29.02.2024'];
    const r = parseResults(lines('winner,loser,date', ...[...good, ...bad].map((d) => `Ann,Bob,${d}`)));
    expect(r.matches.map((m) => m.date)).toEqual(good);
    expect(r.errors.map((e) => e.line)).toEqual(bad.map((_, k) => 2 + good.length + k));
    expect(r.errors.map((e) => e.message)).toEqual([
      'date "1900-02-29": February 1900 has 28 days, not day 29',
      'date "2023-02-29": February 2023 has 28 days, not day 29',
      'date "2024-04-31": April 2024 has 30 days, not day 31',
      'date "2024-00-10": month 0 is not 1-12',
      'date "2024-02-29T24:00": the time is not a valid time of day',
      'date "2024-2-9" is not YYYY-MM-DD (optionally followed by a time, as in 2024-03-01T14:30)',
      'date "29.02.2024" is not YYYY-MM-DD (optionally followed by a time, as in 2024-03-01T14:30)',
    ]);
  });
});

describe('names', () => {
  it('trims surrounding whitespace only, never inside a name, and never merges names', () => {
    const r = parseResults(lines('winner\tloser', '  Bo  Li \tann', ' "Bo  Li" \tAnn\u00a0'));
    expect(r.players).toEqual(['Bo  Li', 'ann', 'Ann']);
    expect(played(r)).toEqual([
      [2, 'Bo  Li', 'ann'],
      [3, 'Bo  Li', 'Ann'],
    ]);
  });

  it('warns once per group of near-duplicate names, with the lines where each variant plays', () => {
    const decomposed = 'Jose\u0301';
    const text = lines('winner,loser', 'Ann,Bo  Li', 'ann ,Cy', 'bo li,ANN', 'Cy,Ann', `José,${decomposed}`, 'Cy,Dee');
    const r = parseResults(text);
    expect(r.players).toEqual(['Ann', 'Bo  Li', 'ann', 'Cy', 'bo li', 'ANN', 'José', decomposed, 'Dee']);
    expect(r.warnings).toEqual([
      {
        kind: 'near-duplicate-names',
        names: ['Ann', 'ann', 'ANN'],
        lines: [[2, 5], [3], [4]],
        message:
          'names that differ only in case or spacing, kept as different players: ' +
          '"Ann" (lines 2, 5), "ann" (line 3), "ANN" (line 4)',
      },
      expect.objectContaining({ names: ['Bo  Li', 'bo li'], lines: [[2], [4]] }),
      expect.objectContaining({ names: ['José', decomposed], lines: [[6], [6]] }),
    ]);
  });

  it('warns when a comment line after the header splits like a row (a name starting with #)', () => {
    const r = parseResults(lines('# 2024', 'winner,loser', '#1 Seed,Bob', '"#2 Seed",Bob', '# a note'));
    expect(played(r)).toEqual([[4, '#2 Seed', 'Bob']]);
    expect(r.warnings).toEqual([
      {
        kind: 'commented-rows',
        lines: [3],
        message:
          'line 3 starts with "#", so it was skipped as a comment, but split into 2 fields like a row; ' +
          'put a name that starts with "#" in double quotes',
      },
    ]);
  });
});

interface Malformed {
  what: string;
  header?: string;
  /** Rows after the header (the WL header unless given): one malformed, the others good. */
  rows: string[];
  line: number;
  message: RegExp;
  /** The good rows' lines, all accepted. */
  good: number[];
  raw?: string;
}

const WL = 'winner,loser,date,score';
const TP = 'player 1,player 2,winner,score';

/** Each malformed row sits among good ones: the error has the row's line and names the problem; nothing else is lost. */
const MALFORMED: Malformed[] = [
  {
    what: 'an unquoted comma in a name: too many fields',
    rows: ['Ann,Bob,,', 'Smith, Jo,Bob,,', 'Cy,Dee,,'],
    line: 3,
    message: /^expected 4 fields, as in the header on line 1, found 5; a name with a comma must be in double quotes$/,
    good: [2, 4],
  },
  {
    what: 'too few fields',
    rows: ['Ann,Bob,,', 'Ann,Bob', 'Cy,Dee,,'],
    line: 3,
    message: /^expected 4 fields, as in the header on line 1, found 2$/,
    good: [2, 4],
  },
  {
    what: 'an empty winner',
    rows: ['Ann,Bob,,', ' ,Bob,,', 'Cy,Dee,,'],
    line: 3,
    message: /^the winner is empty$/,
    good: [2, 4],
  },
  {
    what: 'an empty loser',
    rows: ['Ann,Bob,,', 'Ann,"  ",,', 'Cy,Dee,,'],
    line: 3,
    message: /^the loser is empty$/,
    good: [2, 4],
  },
  {
    what: 'a player playing themself',
    rows: ['Ann,Bob,,', 'Ann, Ann ,,', 'Cy,Dee,,'],
    line: 3,
    message: /"Ann" cannot play themself/,
    good: [2, 4],
  },
  {
    what: 'an unterminated quote: reported where it opened, the rows after it kept',
    rows: ['Ann,Bob,,', 'Cy,"Dee,,', 'Eve,Fay,,', 'Gus,Hal,,'],
    line: 3,
    message: /unterminated quote: the double quote that opens field 2 on line 3 is never closed/,
    good: [2, 4, 5],
    raw: 'Cy,"Dee,,',
  },
  {
    what: 'an unterminated quote after a multi-line quoted field',
    rows: ['"Ann', 'Lee",Bob,,', 'Cy,Dee,,', '"Eve', 'Fay,Gus,,', 'Hal,Ida,,'],
    line: 5,
    message: /the double quote that opens field 1 on line 5 is never closed/,
    good: [2, 4, 6, 7],
  },
  {
    what: 'text after a closing quote',
    rows: ['Ann,Bob,,', '"Ann" Smith,Bob,,', 'Cy,Dee,,'],
    line: 3,
    message: /^field 1: text after the closing quote/,
    good: [2, 4],
  },
  {
    what: 'a score that is not two numbers',
    rows: ['Ann,Bob,,3-1', 'Ann,Bob,,3-x', 'Cy,Dee,,1:0'],
    line: 3,
    message: /^score "3-x" is not two numbers such as 3-1, 3–1 or 11:9$/,
    good: [2, 4],
  },
  {
    what: 'a score that a spreadsheet turned into a date',
    rows: ['Ann,Bob,,3-1', 'Ann,Bob,,1-Mar', 'Cy,Dee,,1:0'],
    line: 3,
    message: /score "1-Mar" is not two numbers.*looks like a date/,
    good: [2, 4],
  },
  {
    what: "a score where the winner's number is smaller",
    rows: ['Ann,Bob,,3-1', 'Ann,Bob,,1-3', 'Cy,Dee,,1:0'],
    line: 3,
    message: /^score "1-3": the winner's number must be larger/,
    good: [2, 4],
  },
  {
    what: 'a drawn score',
    rows: ['Ann,Bob,,3-1', 'Ann,Bob,,2–2', 'Cy,Dee,,1:0'],
    line: 3,
    message: /^score "2–2" is a draw/,
    good: [2, 4],
  },
  {
    what: 'a date that is not ISO',
    rows: ['Ann,Bob,2024-03-01,', 'Ann,Bob,03/01/2024,', 'Cy,Dee,2024-03-02,'],
    line: 3,
    message: /^date "03\/01\/2024" is not YYYY-MM-DD/,
    good: [2, 4],
  },
  {
    what: 'a month out of range',
    rows: ['Ann,Bob,2024-03-01,', 'Ann,Bob,2024-13-01,', 'Cy,Dee,2024-03-02,'],
    line: 3,
    message: /^date "2024-13-01": month 13 is not 1-12$/,
    good: [2, 4],
  },
  {
    what: 'a day out of range (29 February of a common year)',
    rows: ['Ann,Bob,2024-02-29,', 'Ann,Bob,2023-02-29,', 'Cy,Dee,2024-03-02,'],
    line: 3,
    message: /^date "2023-02-29": February 2023 has 28 days, not day 29$/,
    good: [2, 4],
  },
  {
    what: 'several problems in one row, all named',
    rows: ['Ann,Bob,,', 'Ann,Ann,2024-02-30,x', 'Cy,Dee,,'],
    line: 3,
    message:
      /^"Ann" cannot play themself.*; score "x" is not two numbers.*; date "2024-02-30": February 2024 has 29 days/,
    good: [2, 4],
  },
  {
    what: 'a bad row after a quoted multi-line field',
    rows: ['"Ann', 'Lee",Bob,,', '"Cy', 'Dee","Cy', 'Dee",,', 'Eve,Fay,,'],
    line: 4,
    message: /"Cy\nDee" cannot play themself/,
    good: [2, 7],
    raw: '"Cy\nDee","Cy\nDee",,',
  },
  {
    what: 'two-player: a winner who is neither player',
    header: TP,
    rows: ['Ann,Bob,Ann,', 'Ann,Bob,Cy,', 'Cy,Dee,2,'],
    line: 3,
    message:
      /^winner "Cy" is neither player 1 \("Ann"\) nor player 2 \("Bob"\); expected one of the two names, 1 or 2, or A or B$/,
    good: [2, 4],
  },
  {
    what: 'two-player: a winner who differs from a player in case only',
    header: TP,
    rows: ['Ann,Bob,Ann,', 'Ann,Bob,bob,', 'Cy,Dee,2,'],
    line: 3,
    message: /winner "bob" is neither.*did you mean "Bob"\?/,
    good: [2, 4],
  },
  {
    what: 'two-player: an empty winner',
    header: TP,
    rows: ['Ann,Bob,Ann,', 'Ann,Bob, ,', 'Cy,Dee,2,'],
    line: 3,
    message: /^the winner is empty$/,
    good: [2, 4],
  },
  {
    what: 'two-player: an empty player 2',
    header: TP,
    rows: ['Ann,Bob,Ann,', 'Ann,,Ann,', 'Cy,Dee,2,'],
    line: 3,
    message: /^player 2 is empty$/,
    good: [2, 4],
  },
  {
    what: 'two-player: a player playing themself',
    header: TP,
    rows: ['Ann,Bob,Ann,', 'Bob,Bob,1,', 'Cy,Dee,2,'],
    line: 3,
    message: /^"Bob" cannot play themself/,
    good: [2, 4],
  },
  {
    what: "two-player: a score that says the other player won (player 1's–player 2's)",
    header: TP,
    rows: ['Ann,Bob,Bob,1-3', 'Ann,Bob,Bob,3-1', 'Cy,Dee,1,3-1'],
    line: 3,
    message: /^score "3-1" \(written player 1's–player 2's\) says player 1 won, but the winner is player 2$/,
    good: [2, 4],
  },
  {
    what: 'a TSV row with a missing cell',
    header: 'winner\tloser\tscore',
    rows: ['Ann\tBob\t1-0', 'Ann\tBob', 'Cy\tDee\t'],
    line: 3,
    message: /^expected 3 fields, as in the header on line 1, found 2$/,
    good: [2, 4],
  },
];

describe('malformed rows', () => {
  it.each(MALFORMED)('$what', ({ header, rows, line, message, good, raw }) => {
    const r = parseResults(lines(header ?? WL, ...rows));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(line);
    expect(r.errors[0]!.message).toMatch(message);
    if (raw !== undefined) expect(r.errors[0]!.raw).toBe(raw);
    expect(r.matches.map((m) => m.line)).toEqual(good);
  });
});

describe('formatResults', () => {
  const players = [
    'Smith, Ann',
    'Bob "The Hammer" Jones',
    'Łukasz Żółw',
    '李娜',
    'Zoë; Renée',
    '#1 Seed',
    "O'Brien",
    'Two\nLines',
    'Tab\tIn',
  ];
  const matches: Omit<Match, 'line'>[] = [
    { winner: 0, loser: 1, date: '2024-02-29', score: [3, 1] },
    { winner: 2, loser: 0 },
    { winner: 3, loser: 2, score: [2.5, 1.5] },
    { winner: 4, loser: 5, date: '2024-03-01T14:30:00Z' },
    { winner: 5, loser: 6, score: [11, 9] },
    { winner: 7, loser: 8 },
    { winner: 8, loser: 3, score: [1, 0] },
  ];

  it('writes canonical CSV that reads back to the same players and matches', () => {
    const text = formatResults(players, matches);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'winner,loser,date,score',
      '"Smith, Ann","Bob ""The Hammer"" Jones",2024-02-29,3-1',
      'Łukasz Żółw,"Smith, Ann",,',
    ]);
    const back = parseResults(text);
    expect(back.errors).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(back.format).toEqual({ delimiter: ',', layout: 'winner-loser', ignoredColumns: [] });
    expect(back.players).toEqual(players);
    expect(withoutLines(back.matches)).toEqual(matches);
  });

  it('round-trips what parseResults read from a two-player TSV', () => {
    const first = parseResults(
      lines('player 1\tplayer 2\twinner\tscore', 'Bo, Li\tAnn\t2\t1-3', '"A ""B"""\tAnn\tA\t'),
    );
    const back = parseResults(formatResults(first.players, first.matches));
    expect(back.players).toEqual(first.players);
    expect(withoutLines(back.matches)).toEqual(withoutLines(first.matches));
  });

  it('gives back the same matches by name when players are not in order of first appearance', () => {
    const back = parseResults(formatResults(['Unused', 'Cy', 'Ann'], [{ winner: 2, loser: 1 }]));
    expect(played(back)).toEqual([[2, 'Ann', 'Cy']]);
  });

  it('refuses what would not read back', () => {
    expect(() => formatResults([' Ann', 'Bob'], [{ winner: 0, loser: 1 }])).toThrow(/not trimmed/);
    expect(() => formatResults(['Ann', 'Bob'], [{ winner: 0, loser: 2 }])).toThrow(/player 2, but there are 2 players/);
    expect(() => formatResults(['Ann', 'Bob'], [{ winner: 1, loser: 1 }])).toThrow(/plays themself/);
    expect(() => formatResults(['Ann', 'Bob'], [{ winner: 0, loser: 1, score: [1, 3] }])).toThrow(/score/);
    expect(() => formatResults(['Ann', 'Bob'], [{ winner: 0, loser: 1, date: '2023-02-29' }])).toThrow(/28 days/);
  });
});
