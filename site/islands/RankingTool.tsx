/**
 * The ranking tool of the table-tennis post: the reader's match results (a simulated league to
 * start with) in an editable table, and on every edit the Bradley-Terry ranking with 95% intervals,
 * whether the maximum-likelihood ranking exists, the win-probability matrix and a "who would
 * win?" picker. Results come from typing, from pasting a spreadsheet (TSV or CSV, read by core's
 * parser: a paste with bad rows changes nothing until the reader says so) or from a CSV file, and
 * go out as CSV. The results stay in the browser: kept in localStorage under a versioned key, with
 * a button that clears them. The logic is lib/demo/ranking-tool.ts; the numbers are core's.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { predictMatch } from '@bounded-rationality/core/bradley-terry/uncertainty.ts';
import { rankingCsv, type Ranking } from '@bounded-rationality/core/bradley-terry/ranking.ts';
import type { Warning } from '@bounded-rationality/core/bradley-terry/parse.ts';
import {
  addRow,
  appendEntries,
  clampPage,
  COLUMNS,
  DEFAULT_PRIOR_POSITION,
  deleteRow,
  editCell,
  formatInterval,
  formatPercent,
  formatRating,
  NO_PRIOR,
  PAGE_SIZE,
  pageCount,
  parseLeague,
  priorLabel,
  PRIOR_SHAPES,
  readPaste,
  restoreTable,
  resultsCsvOf,
  serializeTable,
  STORAGE_KEY,
  tableOf,
  updateRanking,
  type Column,
  type PasteReading,
  type RankingUpdate,
  type ResultsTable,
  type TableRow,
  type WinMatrix,
} from '../lib/demo/ranking-tool.ts';
import { useDataFile } from './shared/use-data-file.ts';
import { DemoStatus, type DemoState } from './shared/DemoStatus.tsx';
import './shared/demo.css';
import './RankingTool.css';

export interface RankingToolProps {
  /** URL of the simulated league (`{ experiment, simulated: true, names, matches }`), imported with `?url&no-inline`. */
  data: string;
}

/** Where the table's rows came from. */
type Origin = 'league' | 'stored' | 'yours';

/** Whether the browser keeps the reader's results, and why not. */
type Storage = { kind: 'unchecked' | 'ok' | 'unavailable' | 'full' } | { kind: 'corrupt'; message: string };

/** A read paste or file, waiting for the reader because it has bad rows (or none). */
interface Pending {
  reading: PasteReading;
  mode: 'replace' | 'add';
  what: string;
}

const COLUMN_LABELS: Record<Column, string> = {
  winner: 'Winner',
  loser: 'Loser',
  date: 'Date (optional)',
  score: 'Score (optional)',
};

const UPDATE_MEASURE = 'ranking-tool:update';
const PROMPT = 'Edit a cell, paste results or load a CSV file: the ranking follows every change.';

/** A localStorage call, false when the browser refuses it (storage off, or full). */
function tryStorage(call: () => void): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}

/** The stored results: null when there are none, undefined when the browser does not let the page read them. */
function storedResults(): string | null | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return undefined;
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Saves `text` as a file the browser downloads. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started from the click; the URL is needed no longer.
  setTimeout(() => URL.revokeObjectURL(url));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function summaryOf(update: RankingUpdate): string {
  const { dataset, ranking, prior } = update;
  const left = dataset.problems.length ? `; ${plural(dataset.problems.length, 'row')} left out` : '';
  if (!ranking) return `Not enough results for a ranking: it needs matches between at least two players${left}.`;
  const how = prior ? `a Gamma prior of shape ${prior.shape}` : 'no prior (maximum likelihood)';
  return `${plural(dataset.names.length, 'player')} ranked from ${plural(dataset.matches.length, 'match', 'matches')} with ${how}${left}. First: ${ranking.rows[0]!.name}.`;
}

function ExistenceNote({ update }: { update: RankingUpdate }) {
  const { ranking, prior, priorForced } = update;
  if (!ranking) return null;
  if (ranking.existence.exists) {
    return (
      <p class="existence exists">
        A maximum-likelihood ranking exists for these results (every group of players has lost to someone outside it),
        so the prior can also be switched off.
      </p>
    );
  }
  return (
    <p class="existence missing">
      <strong>No maximum-likelihood ranking exists</strong> for these results: {ranking.existence.reason} The prior
      (shape {prior!.shape}) keeps every strength finite
      {priorForced ? '; “no prior” is not available, so the weakest prior is used.' : '.'}
    </p>
  );
}

function PriorControl({
  update,
  position,
  onPosition,
}: {
  update: RankingUpdate;
  position: number;
  onPosition: (position: number) => void;
}) {
  const id = useId();
  const mle = update.ranking?.existence.exists ?? false;
  const shown = update.priorForced ? NO_PRIOR + 1 : position;
  return (
    <div class="prior">
      <div class="prior-control">
        <label for={`${id}-prior`}>Prior strength</label>
        <input
          id={`${id}-prior`}
          type="range"
          min={mle ? NO_PRIOR : NO_PRIOR + 1}
          max={PRIOR_SHAPES.length}
          step={1}
          value={shown}
          aria-valuetext={priorLabel(shown)}
          aria-describedby={`${id}-prior-caption`}
          onInput={(e) => onPosition(Number(e.currentTarget.value))}
        />
        <output for={`${id}-prior`}>{priorLabel(shown)}</output>
      </div>
      <p class="caption" id={`${id}-prior-caption`}>
        Before any match is counted, the prior takes each player’s strength to be drawn from a Gamma(a, 1) distribution.
        A larger shape a pulls the ratings towards the average, the more for players with few matches; it also keeps the
        strengths of unbeaten and winless players finite. At the far left, “no prior” is the maximum-likelihood ranking,
        offered only when it exists.
      </p>
    </div>
  );
}

/** The league table: rank, player, rating with its interval, record. */
function LeagueTable({ ranking }: { ranking: Ranking }) {
  return (
    <div class="scroll league-scroll" role="region" aria-label="League table" tabIndex={0}>
      <table class="league">
        <caption>
          Ratings are log-strengths relative to the average player: a difference of 1 means odds of e ≈ 2.7 to 1.
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Player</th>
            <th scope="col">Rating</th>
            <th scope="col">95% interval</th>
            <th scope="col">Won</th>
            <th scope="col">Lost</th>
          </tr>
        </thead>
        <tbody>
          {ranking.rows.map((row) => (
            <tr key={row.player}>
              <td>{row.rank}</td>
              <th scope="row">{row.name}</th>
              <td class="number">{formatRating(row.rating)}</td>
              <td class="number interval">{formatInterval(row.low, row.high)}</td>
              <td class="number">{row.wins}</td>
              <td class="number">{row.losses}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Two players and P(A beats B) with its interval (core's predictMatch). */
function Matchup({ ranking }: { ranking: Ranking }) {
  const id = useId();
  const names = ranking.rows.map((r) => r.name);
  const [picked, setPicked] = useState<[string, string] | null>(null);
  // A pick whose player is gone falls back to the top two.
  const [a, b] = picked && picked.every((name) => names.includes(name)) ? picked : [names[0]!, names[1]!];
  const index = (name: string) => ranking.rows.find((r) => r.name === name)!.player;
  const prediction = a === b ? null : predictMatch(ranking.fit, ranking.covariance, index(a), index(b));
  const select = (which: 0 | 1, label: string) => (
    <label>
      {label}
      <select
        class="demo-select"
        value={which === 0 ? a : b}
        onChange={(e) => {
          const name = e.currentTarget.value;
          setPicked(which === 0 ? [name, b] : [a, name]);
        }}
      >
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset class="matchup">
      <legend>Who would win?</legend>
      <div class="matchup-players">
        {select(0, 'Player A')}
        {select(1, 'Player B')}
      </div>
      <p class="prediction" id={`${id}-prediction`} aria-live="polite">
        {prediction ? (
          <>
            P({a} beats {b}) = <strong>{formatPercent(prediction.probability, 1)}</strong> (95% interval{' '}
            {formatPercent(prediction.low, 1)} to {formatPercent(prediction.high, 1)})
          </>
        ) : (
          'Choose two different players.'
        )}
      </p>
    </fieldset>
  );
}

/** P(row beats column) among the top players, as a heat map with the numbers in it. */
function WinMatrixTable({ matrix }: { matrix: WinMatrix }) {
  const { players, probability, of } = matrix;
  const part = of > players.length ? `, the ${players.length} highest-ranked of ${of} players` : '';
  return (
    <div class="scroll matrix-scroll" role="region" aria-label="Win probabilities" tabIndex={0}>
      <table class="win-matrix">
        <caption>Chance (%) that the row’s player beats the column’s, in rank order{part}.</caption>
        <thead>
          <tr>
            <td />
            {players.map((p) => (
              <th key={p.player} scope="col">
                <span>{p.name}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {players.map((row, r) => (
            <tr key={row.player}>
              <th scope="row">{row.name}</th>
              {players.map((column, c) => {
                const p = probability[r]![c]!;
                if (r === c) {
                  return (
                    <td key={column.player} class="self">
                      –
                    </td>
                  );
                }
                return (
                  <td
                    key={column.player}
                    class={p >= 0.5 ? 'favourite' : 'underdog'}
                    style={{ '--lead': Math.abs(2 * p - 1) }}
                  >
                    {Math.round(100 * p)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Warnings({ warnings }: { warnings: readonly Warning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul class="warnings">
      {warnings.map((w) => (
        <li key={w.message}>Check: {w.message}.</li>
      ))}
    </ul>
  );
}

/** A paste or file with bad rows (or none): what is wrong, line by line, and what the reader can do. */
function PendingPanel({
  pending,
  onApply,
  onDismiss,
}: {
  pending: Pending;
  onApply: () => void;
  onDismiss: () => void;
}) {
  const { reading, mode, what } = pending;
  const dismiss = (
    <button type="button" class="demo-button" onClick={onDismiss}>
      Dismiss
    </button>
  );
  if (reading.kind === 'unreadable') {
    return (
      <div class="pending">
        <p>
          <strong>{capitalized(what)} could not be read, so nothing was changed.</strong> Line {reading.line}:{' '}
          {reading.message}.
        </p>
        <div class="demo-controls">{dismiss}</div>
      </div>
    );
  }
  const { errors, warnings } = reading.result;
  const good = reading.entries.length;
  return (
    <div class="pending">
      <p>
        <strong>
          {errors.length > 0
            ? `${plural(errors.length, 'row')} of ${what} could not be read`
            : `${capitalized(what)} has a header but no rows`}
          , so nothing was changed yet.
        </strong>{' '}
        {errors.length > 0 && 'Fix them in the box and read it again, or use the rows that could be read.'}
      </p>
      {errors.length > 0 && (
        <ol class="row-errors">
          {errors.map((e) => (
            <li key={e.line}>
              Line {e.line}: {e.message}
              {e.raw.trim() !== '' && (
                <>
                  {' '}
                  <code>{e.raw}</code>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <Warnings warnings={warnings} />
      <div class="demo-controls">
        {good > 0 && (
          <button type="button" class="demo-button" onClick={onApply}>
            {mode === 'replace' ? 'Replace my results with' : 'Add'} the {plural(good, 'good row')}
          </button>
        )}
        {dismiss}
      </div>
    </div>
  );
}

/** One row of the results table: its cells as inputs, a delete button, and why it is left out. */
function ResultRow({
  row,
  number,
  id,
  onEdit,
  onDelete,
}: {
  row: TableRow;
  number: number;
  id: string;
  onEdit: (column: Column, value: string) => void;
  onDelete: () => void;
}) {
  const problem = row.reading.kind === 'error' ? row.reading.message : null;
  const problemId = `${id}-problem-${row.id}`;
  return (
    <>
      <tr data-row-id={row.id} class={problem ? 'invalid' : undefined}>
        <th scope="row">{number}</th>
        {COLUMNS.map((column) => (
          <td key={column}>
            <input
              type="text"
              data-column={column}
              value={row.cells[column]}
              aria-label={`Row ${number}, ${COLUMN_LABELS[column].toLowerCase()}`}
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby={problem ? problemId : undefined}
              placeholder={column === 'date' ? 'YYYY-MM-DD' : column === 'score' ? '3-1' : undefined}
              onInput={(e) => onEdit(column, e.currentTarget.value)}
            />
          </td>
        ))}
        <td>
          <button
            type="button"
            class="demo-button delete"
            data-column="delete"
            aria-label={`Delete row ${number}`}
            onClick={onDelete}
          >
            ×
          </button>
        </td>
      </tr>
      {problem && (
        <tr class="problem">
          <td colSpan={COLUMNS.length + 2} id={problemId}>
            Row {number} is left out: {problem}.
          </td>
        </tr>
      )}
    </>
  );
}

/** The editable results, a page at a time. */
function ResultsEditor({
  table,
  origin,
  page,
  onPage,
  onChange,
  onPaste,
}: {
  table: ResultsTable;
  origin: Origin;
  page: number;
  onPage: (page: number) => void;
  onChange: (change: (t: ResultsTable) => ResultsTable) => void;
  onPaste: (text: string) => void;
}) {
  const id = useId();
  const container = useRef<HTMLDivElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // What gets the focus once the table has re-rendered: a new row's first cell, or after a
  // delete the next row's delete button (the Add button when none is left). Before the next key
  // press: a layout effect runs in the task of the render.
  const [focus, setFocus] = useState<{ id: number; column: Column | 'delete' } | 'add' | null>(null);
  useLayoutEffect(() => {
    if (focus === null) return;
    const target =
      focus === 'add'
        ? addButton.current
        : container.current?.querySelector<HTMLElement>(`[data-row-id="${focus.id}"] [data-column="${focus.column}"]`);
    target?.focus();
    setFocus(null);
  }, [focus]);

  const count = table.rows.length;
  const current = clampPage(page, count);
  const start = current * PAGE_SIZE;
  const rows = table.rows.slice(start, start + PAGE_SIZE);
  const pages = pageCount(count);
  const remove = (row: TableRow) => {
    const at = table.rows.indexOf(row);
    const next = table.rows[at + 1] ?? table.rows[at - 1];
    onChange((t) => deleteRow(t, row.id));
    setFocus(next ? { id: next.id, column: 'delete' } : 'add');
    if (next && table.rows.indexOf(next) < start) onPage(current - 1);
  };
  return (
    <div class="results-editor" ref={container}>
      <div class="scroll">
        <table
          class="results"
          onPaste={(e) => {
            const text = e.clipboardData?.getData('text/plain') ?? '';
            // A single cell's text is typed into the cell; rows from a sheet are read as results.
            if (!/[\t\r\n]/.test(text)) return;
            e.preventDefault();
            onPaste(text);
          }}
        >
          <caption id={`${id}-caption`}>
            {origin === 'league' ? 'Results of the simulated league' : 'Your results'}:{' '}
            {count === 0 ? 'no rows' : `rows ${start + 1}–${start + rows.length} of ${count}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              {COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {COLUMN_LABELS[column]}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, k) => (
              <ResultRow
                key={row.id}
                row={row}
                number={start + k + 1}
                id={id}
                onEdit={(column, value) => onChange((t) => editCell(t, row.id, column, value))}
                onDelete={() => remove(row)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div class="demo-controls">
        <button
          type="button"
          class="demo-button"
          ref={addButton}
          onClick={() => {
            setFocus({ id: table.nextId, column: 'winner' });
            onChange(addRow);
            onPage(pageCount(count + 1) - 1);
          }}
        >
          Add a row
        </button>
        {pages > 1 && (
          <nav class="pager" aria-label="Pages of results">
            <button type="button" class="demo-button" disabled={current === 0} onClick={() => onPage(0)}>
              First
            </button>
            <button type="button" class="demo-button" disabled={current === 0} onClick={() => onPage(current - 1)}>
              Previous
            </button>
            <span>
              Page {current + 1} of {pages}
            </span>
            <button
              type="button"
              class="demo-button"
              disabled={current === pages - 1}
              onClick={() => onPage(current + 1)}
            >
              Next
            </button>
            <button
              type="button"
              class="demo-button"
              disabled={current === pages - 1}
              onClick={() => onPage(pages - 1)}
            >
              Last
            </button>
          </nav>
        )}
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class="part" aria-labelledby={id}>
      <p class="part-title" id={id}>
        {title}
      </p>
      {children}
    </section>
  );
}

export default function RankingTool({ data }: RankingToolProps) {
  const league = useDataFile(data, 'league file', parseLeague);
  const leagueValue = league.status.kind === 'ready' ? league.status.value : null;
  const [table, setTable] = useState<ResultsTable | null>(null);
  const [origin, setOrigin] = useState<Origin>('league');
  const [storage, setStorage] = useState<Storage>({ kind: 'unchecked' });
  const [position, setPosition] = useState(DEFAULT_PRIOR_POSITION);
  const [page, setPage] = useState(0);
  const [pasteText, setPasteText] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<{ text: string; warnings: readonly Warning[] } | null>(null);
  const id = useId();

  // The reader's stored results, read once on the page (never in the server's render).
  useEffect(() => {
    const stored = storedResults();
    if (stored === undefined) return setStorage({ kind: 'unavailable' });
    if (stored === null) return setStorage({ kind: 'ok' });
    try {
      setTable(restoreTable(stored));
      setOrigin('stored');
      setStorage({ kind: 'ok' });
    } catch (error) {
      setStorage({ kind: 'corrupt', message: (error as Error).message });
    }
  }, []);

  // Without stored results, the simulated league.
  useEffect(() => {
    if (storage.kind !== 'unchecked' && table === null && leagueValue) setTable(tableOf(leagueValue.entries));
  }, [storage.kind, table, leagueValue]);

  // The reader's changes are kept in the browser as they are made.
  useEffect(() => {
    if (origin !== 'yours' || !table || storage.kind === 'unavailable') return;
    if (!tryStorage(() => localStorage.setItem(STORAGE_KEY, serializeTable(table)))) setStorage({ kind: 'full' });
    else if (storage.kind !== 'ok') setStorage({ kind: 'ok' });
  }, [table, origin]);

  const lastUpdate = useRef<RankingUpdate | null>(null);
  const update = useMemo(() => {
    if (!table) return null;
    const start = performance.now();
    const result = updateRanking(table, position, lastUpdate.current);
    lastUpdate.current = result;
    performance.measure(UPDATE_MEASURE, {
      start,
      detail: { players: result.dataset.names.length, matches: result.dataset.matches.length },
    });
    return result;
  }, [table, position]);

  const change = (fn: (t: ResultsTable) => ResultsTable) => {
    setTable((t) => t && fn(t));
    setOrigin('yours');
  };

  const apply = (reading: Extract<PasteReading, { kind: 'read' }>, mode: Pending['mode'], what: string) => {
    const rows = table?.rows.length ?? 0;
    change((t) => (mode === 'replace' ? tableOf(reading.entries) : appendEntries(t, reading.entries)));
    setPage(mode === 'replace' ? 0 : clampPage(Math.floor(rows / PAGE_SIZE), rows + reading.entries.length));
    setPending(null);
    const n = plural(reading.entries.length, 'match', 'matches');
    const text =
      mode === 'replace' ? `Your results are now the ${n} of ${what}.` : `Added the ${n} of ${what} to your results.`;
    setNotice({ text, warnings: reading.result.warnings });
  };

  /** Reads a paste or a file; applies it at once only when every row could be read. */
  const read = (text: string, mode: Pending['mode'], what: string) => {
    const reading = readPaste(text);
    setNotice(null);
    if (reading.kind === 'read' && reading.result.errors.length === 0 && reading.entries.length > 0) {
      apply(reading, mode, what);
    } else setPending({ reading, mode, what });
  };

  const clear = () => {
    tryStorage(() => localStorage.removeItem(STORAGE_KEY));
    setTable(leagueValue ? tableOf(leagueValue.entries) : null);
    setOrigin('league');
    setStorage((s) => (s.kind === 'unavailable' ? s : { kind: 'ok' }));
    setPage(0);
    setPending(null);
    setNotice({ text: 'Your results were removed from this browser; the simulated league is back.', warnings: [] });
  };

  const state: DemoState =
    league.status.kind === 'error'
      ? { kind: 'error', message: league.status.message }
      : storage.kind === 'unchecked'
        ? { kind: 'idle' }
        : { kind: 'ready' };
  const line = table ? PROMPT : 'Loading the simulated league…';
  const source =
    origin === 'league'
      ? leagueValue &&
        `Showing a simulated league: ${plural(leagueValue.entries.length, 'match', 'matches')} between ${leagueValue.players} invented players, not real people. Replace them with your own results below.`
      : origin === 'stored'
        ? 'Showing your results, as this browser kept them.'
        : 'Showing your results.';
  const storageLine = {
    unchecked: '',
    ok: 'Your results never leave this browser: the ranking is computed on this page, and your changes are kept in its local storage until you clear them.',
    unavailable:
      'Your results never leave this browser. It does not let this page store them, so your changes last until you leave the page.',
    full: 'Your results never leave this browser. They are too large for its storage, so your latest changes last until you leave the page.',
    corrupt: '',
  }[storage.kind];

  return (
    <div class="ranking-tool" data-status={state.kind} data-origin={origin}>
      <div class="source">
        {source && <p>{source}</p>}
        {storage.kind === 'corrupt' ? (
          <p class="demo-error" role="alert">
            Your saved results could not be read ({storage.message}), so the simulated league is shown. Clear them to
            start again; they are replaced as soon as you change something.
          </p>
        ) : (
          storageLine && <p class="privacy">{storageLine}</p>
        )}
        <div class="demo-controls">
          <button
            type="button"
            class="demo-button"
            disabled={!leagueValue || (origin === 'league' && storage.kind !== 'corrupt')}
            onClick={clear}
          >
            Clear my data and reset to the simulated league
          </button>
        </div>
      </div>

      {update && (
        <>
          <Section title="Ranking">
            <p class="summary" role="status">
              {summaryOf(update)}
            </p>
            <ExistenceNote update={update} />
            {update.ranking && <PriorControl update={update} position={position} onPosition={setPosition} />}
            {update.dataset.problems.length > 0 && (
              <div class="left-out">
                <p>Rows left out of the ranking until they are fixed:</p>
                <ul>
                  {update.dataset.problems.map((p) => (
                    <li key={p.row}>
                      Row {p.row}: {p.message}.
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {update.ranking && (
              <>
                <LeagueTable ranking={update.ranking} />
                <div class="demo-controls">
                  <button
                    type="button"
                    class="demo-button"
                    onClick={() => download('ranking.csv', rankingCsv(update.ranking!.rows))}
                  >
                    Export the ranking (CSV)
                  </button>
                </div>
              </>
            )}
          </Section>
          {update.ranking && (
            <Section title="Win probabilities">
              <Matchup ranking={update.ranking} />
              <WinMatrixTable matrix={update.matrix!} />
            </Section>
          )}
        </>
      )}

      {table && (
        <Section title="Results">
          <div class="paste">
            <label for={`${id}-paste`}>Paste results (TSV or CSV)</label>
            <p class="hint" id={`${id}-paste-hint`}>
              With a header row: winner, loser and optionally date (YYYY-MM-DD) and score; or player 1, player 2 and
              winner. Rows copied from a spreadsheet with their header can also be pasted into the table, which adds
              them.
            </p>
            <textarea
              id={`${id}-paste`}
              rows={5}
              spellcheck={false}
              value={pasteText}
              aria-describedby={`${id}-paste-hint`}
              onInput={(e) => setPasteText(e.currentTarget.value)}
            />
            <div class="demo-controls">
              <button type="button" class="demo-button" onClick={() => read(pasteText, 'replace', 'your paste')}>
                Replace my results with these
              </button>
              <button type="button" class="demo-button" onClick={() => read(pasteText, 'add', 'your paste')}>
                Add these to my results
              </button>
              <label class="demo-button file">
                Load CSV file
                <input
                  type="file"
                  accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
                  onChange={(e) => {
                    const input = e.currentTarget;
                    const file = input.files?.[0];
                    if (!file) return;
                    input.value = '';
                    file.text().then((text) => {
                      setPasteText(text);
                      read(text, 'replace', `the file ${file.name}`);
                    });
                  }}
                />
              </label>
            </div>
          </div>
          <div class="messages" aria-live="polite">
            {pending && (
              <PendingPanel
                pending={pending}
                onApply={() => pending.reading.kind === 'read' && apply(pending.reading, pending.mode, pending.what)}
                onDismiss={() => setPending(null)}
              />
            )}
            {notice && (
              <div class="notice">
                <p>{notice.text}</p>
                <Warnings warnings={notice.warnings} />
              </div>
            )}
          </div>
          <ResultsEditor
            table={table}
            origin={origin}
            page={page}
            onPage={setPage}
            onChange={change}
            onPaste={(text) => {
              setPasteText(text);
              read(text, 'add', 'the pasted rows');
            }}
          />
          <div class="demo-controls">
            <button
              type="button"
              class="demo-button"
              disabled={!update || update.dataset.matches.length === 0}
              onClick={() => update && download('results.csv', resultsCsvOf(update.dataset))}
            >
              Export the results (CSV)
            </button>
          </div>
        </Section>
      )}

      <DemoStatus status={state} retry={league.retry}>
        {line}
      </DemoStatus>
    </div>
  );
}
