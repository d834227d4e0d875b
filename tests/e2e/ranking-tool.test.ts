import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { predictMatch } from '@bounded-rationality/core/bradley-terry/uncertainty.ts';
import { parseResults } from '@bounded-rationality/core/bradley-terry/parse.ts';
import { baseUrl, launchBrowser, openPage, root } from '../support/harness.ts';
import { seriousViolations } from '../quality/axe.ts';
import {
  DEFAULT_PRIOR_POSITION,
  formatPercent,
  formatRating,
  NO_PRIOR,
  parseLeague,
  PRIOR_SHAPES,
  readPaste,
  STORAGE_KEY,
  tableOf,
  updateRanking,
  type RankingUpdate,
} from '../../site/lib/demo/ranking-tool.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());
afterEach(() => Promise.all(browser.contexts().map((context) => context.close())));

const POST = '/posts/ranking-demo/';
const league = parseLeague(
  JSON.parse(readFileSync(join(root, 'content/posts/table-tennis-ranking/data/table-tennis-league.json'), 'utf8')),
  'the league file',
);

/** Ann > Bob > Cal, each pair 2-1: the maximum-likelihood ranking exists. */
const TRIO = [
  'winner\tloser\tdate\tscore',
  'Ann\tBob\t2024-03-01\t3-1',
  'Ann\tBob\t2024-03-02\t3-2',
  'Bob\tAnn\t2024-03-03\t3-0',
  'Bob\tCal\t2024-03-04\t3-1',
  'Bob\tCal\t2024-03-05\t3-1',
  'Cal\tBob\t2024-03-06\t3-2',
  'Ann\tCal\t2024-03-07\t3-0',
  'Ann\tCal\t2024-03-08\t3-1',
  'Cal\tAnn\t2024-03-09\t3-2',
].join('\n');

/** What the island should show for `text` (or the league) at a slider position: the lib's update, in Node. */
function expected(text: string | null, position = DEFAULT_PRIOR_POSITION): RankingUpdate {
  const reading = text === null ? null : readPaste(text);
  if (reading && reading.kind !== 'read') throw new Error('not a readable paste');
  return updateRanking(tableOf(reading ? reading.entries : league.entries), position);
}

const names = (update: RankingUpdate) => update.ranking!.rows.map((r) => r.name);

/** The fixture post with the tool hydrated and its first ranking shown; page errors and console errors collected. */
async function openTool(options: Parameters<typeof openPage>[2] = {}) {
  const errors: string[] = [];
  const { page } = await openPage(browser, POST, {
    ...options,
    beforeGoto: async (page) => {
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await options.beforeGoto?.(page);
    },
  });
  const tool = page.locator('.ranking-tool');
  await tool.scrollIntoViewIfNeeded({ timeout: 10_000 });
  await tool.locator('.league tbody tr').first().waitFor({ timeout: 30_000 });
  return { page, tool, errors };
}

/** Waits until the league table lists exactly `names`, in that order. */
async function ranked(page: Page, names: readonly string[]) {
  await page
    .waitForFunction(
      (want) =>
        [...document.querySelectorAll('.ranking-tool .league tbody th')].map((e) => e.textContent).join('\n') === want,
      names.join('\n'),
      { timeout: 15_000 },
    )
    .catch(async (error: Error) => {
      const shown = await page.locator('.ranking-tool .league tbody th').allInnerTexts();
      throw new Error(`the ranking never became ${names.join(', ')}; it shows ${shown.join(', ')}`, { cause: error });
    });
}

/** The league table's rows as the reader reads them: [name, rating, interval, won, lost]. */
const leagueRows = (tool: Locator) =>
  tool
    .locator('.league tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].slice(1).map((c) => (c as HTMLElement).innerText)),
    );

/** The rows of an update as the league table prints them. */
const printed = (update: RankingUpdate) =>
  update.ranking!.rows.map((r) => [
    r.name,
    formatRating(r.rating),
    `${formatRating(r.low)} to ${formatRating(r.high)}`,
    String(r.wins),
    String(r.losses),
  ]);

async function paste(tool: Locator, text: string, button = 'Replace my results with these') {
  await tool.getByLabel('Paste results (TSV or CSV)').fill(text);
  await tool.getByRole('button', { name: button, exact: true }).click();
}

/** Waits until the focused element is the one labelled `label`. */
const focused = (page: Page, label: string) =>
  page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label, label, {
    timeout: 5_000,
  });

const prior = (tool: Locator) => tool.getByRole('slider', { name: 'Prior strength' });

describe('ranking tool', () => {
  it('ranks the simulated league, labelled as simulated, and says why no maximum-likelihood ranking exists', async () => {
    const { page, tool, errors } = await openTool();
    const want = expected(null);
    await ranked(page, names(want));
    assert.deepEqual(await leagueRows(tool), printed(want));
    assert.ok(
      (await tool.locator('.source').innerText()).includes(
        `a simulated league: ${league.entries.length} matches between ${league.players} invented players, not real people`,
      ),
    );
    // The league's unbeaten newcomer: core's reason, and the prior that makes the fit finite.
    assert.equal(want.ranking!.existence.exists, false);
    const note = await tool.locator('.existence').innerText();
    assert.ok(note.includes(want.ranking!.existence.reason), note);
    assert.match(note, /The prior \(shape 2\) keeps every strength finite/);
    // No prior is not on offer: the slider stops at the weakest prior.
    await prior(tool).focus();
    await page.keyboard.press('Home');
    await tool.locator('.prior output', { hasText: `shape ${PRIOR_SHAPES[0]}` }).waitFor();
    assert.equal(await prior(tool).getAttribute('min'), String(NO_PRIOR + 1));
    assert.deepEqual(errors, []);
  });

  it('ranks exactly the players of a pasted TSV, in order, and keeps them after a reload until cleared', async () => {
    const { page, tool, errors } = await openTool();
    await paste(tool, TRIO);
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    assert.deepEqual(await leagueRows(tool), printed(expected(TRIO)));
    await tool.locator('.summary', { hasText: '3 players ranked from 9 matches' }).waitFor();
    assert.match(await tool.locator('.notice').innerText(), /Your results are now the 9 matches of your paste/);
    assert.match(await tool.locator('.existence').innerText(), /A maximum-likelihood ranking exists/);

    await page.reload({ waitUntil: 'networkidle' });
    await tool.scrollIntoViewIfNeeded();
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    assert.match(await tool.locator('.source').innerText(), /Showing your results, as this browser kept them/);
    assert.equal(
      await tool.getByRole('textbox', { name: 'Row 1, winner' }).inputValue(),
      'Ann',
      'the table holds the stored rows',
    );

    await tool.getByRole('button', { name: 'Clear my data and reset to the simulated league' }).click();
    await ranked(page, names(expected(null)));
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), null);
    await page.reload({ waitUntil: 'networkidle' });
    await tool.scrollIntoViewIfNeeded();
    await tool.locator('.source', { hasText: 'simulated league' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('shows every bad row of a paste with its line, keeps the ranking, and applies the good rows only when asked', async () => {
    const { page, tool } = await openTool();
    await paste(tool, TRIO);
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    const before = await leagueRows(tool);
    await paste(tool, 'winner\tloser\tdate\nDee\nEve\tEve\t2024-01-01\nDee\tFay\t2024-02-30\nDee\tEve\t2024-01-02\n');
    const panel = tool.locator('.pending');
    await panel.waitFor();
    assert.match(await panel.innerText(), /3 rows of your paste could not be read, so nothing was changed yet/);
    assert.deepEqual(await panel.locator('.row-errors li').allInnerTexts(), [
      'Line 2: expected 3 fields, as in the header on line 1, found 1 Dee',
      'Line 3: "Eve" cannot play themself (winner and loser are the same) Eve\tEve\t2024-01-01',
      'Line 4: date "2024-02-30": February 2024 has 29 days, not day 30 Dee\tFay\t2024-02-30',
    ]);
    assert.deepEqual(await leagueRows(tool), before, 'the ranking is the one before the paste');

    await panel.getByRole('button', { name: 'Replace my results with the 1 good row' }).click();
    await ranked(page, ['Dee', 'Eve']);
    assert.equal(await panel.count(), 0);

    // A text whose header fits no layout is not read at all.
    await paste(tool, 'name\tpoints\nAnn\t3\n');
    await tool.locator('.pending', { hasText: 'Your paste could not be read, so nothing was changed.' }).waitFor();
    assert.match(await tool.locator('.pending').innerText(), /Line 1: header \(line 1\) fits neither layout/);
    await ranked(page, ['Dee', 'Eve']);
  });

  it('says who would win, with the interval core computes', async () => {
    const { page, tool } = await openTool();
    await paste(tool, TRIO);
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    const matchup = tool.getByRole('group', { name: 'Who would win?' });
    assert.match(await matchup.locator('.prediction').innerText(), /^P\(Ann beats Bob\) = /);
    await matchup.getByLabel('Player A').selectOption('Cal');
    await matchup.getByLabel('Player B').selectOption('Ann');
    const { ranking } = expected(TRIO);
    const p = predictMatch(ranking!.fit, ranking!.covariance, 2, 0);
    const line = `P(Cal beats Ann) = ${formatPercent(p.probability, 1)} (95% interval ${formatPercent(p.low, 1)} to ${formatPercent(p.high, 1)})`;
    await matchup.locator('.prediction', { hasText: line }).waitFor();
    assert.ok(p.probability < 0.5 && p.low < p.probability && p.probability < p.high);
    // The matrix says the same, in rank order.
    assert.deepEqual(await tool.locator('.win-matrix tbody th').allInnerTexts(), ['Ann', 'Bob', 'Cal']);
    assert.equal(
      await tool.locator('.win-matrix tbody tr').nth(2).locator('td').nth(0).innerText(),
      String(Math.round(100 * p.probability)),
    );
  });

  it('moves the ratings with the prior, down to no prior when the maximum-likelihood ranking exists', async () => {
    const { page, tool } = await openTool();
    await paste(tool, TRIO);
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    const slider = prior(tool);
    await slider.focus();
    for (const [key, position] of [
      ['End', PRIOR_SHAPES.length],
      ['Home', NO_PRIOR],
      ['ArrowRight', NO_PRIOR + 1],
    ] as const) {
      await page.keyboard.press(key);
      const want = printed(expected(TRIO, position));
      await page.waitForFunction(
        (rating) =>
          document.querySelector<HTMLElement>('.ranking-tool .league tbody td:nth-child(3)')?.innerText === rating,
        want[0]![1],
        { timeout: 10_000 },
      );
      assert.deepEqual(await leagueRows(tool), want, key);
    }
    assert.equal(await tool.locator('.prior output').innerText(), `shape ${PRIOR_SHAPES[0]}`);
    await page.keyboard.press('Home');
    await tool.locator('.summary', { hasText: 'with no prior (maximum likelihood)' }).waitFor();
  });

  it('edits, adds and deletes rows from the keyboard, and leaves out a bad row with its reason', async () => {
    const { page, tool } = await openTool();
    await paste(tool, TRIO);
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    await tool.getByRole('button', { name: 'Add a row' }).press('Enter');
    // The new row's first cell has the focus.
    await focused(page, 'Row 10, winner');
    await page.keyboard.type('Dan');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ann');
    await ranked(page, names(expected(`${TRIO}\nDan\tAnn\t\t`)));
    await page.keyboard.press('Tab');
    await page.keyboard.type('2024-02-30');
    await tool.locator('.left-out', { hasText: 'Row 10: date "2024-02-30": February 2024 has 29 days' }).waitFor();
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    assert.equal(
      await tool.getByRole('textbox', { name: 'Row 10, date (optional)' }).getAttribute('aria-invalid'),
      'true',
    );
    await tool.getByRole('button', { name: 'Delete row 10' }).press('Enter');
    await tool.locator('.left-out').waitFor({ state: 'detached' });
    assert.equal(await tool.locator('.results tbody tr[data-row-id]').count(), 9);
    // The focus stays in the table: on the delete button of the row now last.
    await focused(page, 'Delete row 9');

    await tool.getByRole('textbox', { name: 'Row 1, winner' }).fill('Zoe');
    await ranked(page, names(expected(TRIO.replace('\nAnn\tBob', '\nZoe\tBob'))));
  });

  it('adds rows pasted into the table and reads a loaded CSV file', async () => {
    const { page, tool } = await openTool();
    await paste(tool, TRIO);
    await ranked(page, ['Ann', 'Bob', 'Cal']);
    await tool.getByRole('textbox', { name: 'Row 1, score (optional)' }).evaluate((input) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'winner\tloser\nDan\tCal\nDan\tCal\nCal\tDan\n');
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await tool.locator('.notice', { hasText: 'Added the 3 matches of the pasted rows to your results' }).waitFor();
    await tool.locator('.summary', { hasText: '4 players ranked from 12 matches' }).waitFor();
    assert.equal(await tool.getByRole('textbox', { name: 'Row 1, score (optional)' }).inputValue(), '3-1');

    const file = 'player 1,player 2,winner\nAnn,Bob,Bob\nann,Bob,ann\nBob,Ann,1\n';
    await tool.locator('input[type="file"]').setInputFiles({
      name: 'league.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    await tool.locator('.notice', { hasText: 'Your results are now the 3 matches of the file league.csv' }).waitFor();
    await ranked(page, names(expected(file)));
    assert.deepEqual(names(expected(file)).toSorted(), ['Ann', 'Bob', 'ann']);
    assert.match(await tool.locator('.notice .warnings').innerText(), /differ only in case or spacing.*"Ann".*"ann"/);
  });

  it('exports the ranking and the results as CSV files that read back', async () => {
    const { page, tool } = await openTool();
    const want = expected(null);
    await ranked(page, names(want));
    const saved = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        tool.getByRole('button', { name: button }).click(),
      ]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
    };
    const ranking = await saved('Export the ranking (CSV)');
    assert.equal(ranking.name, 'ranking.csv');
    const [header, ...lines] = ranking.text.trimEnd().split('\n');
    assert.equal(header, 'rank,player,rating,low,high,wins,losses');
    assert.deepEqual(
      lines.map((l) => l.split(',')),
      want.ranking!.rows.map((r) => [
        String(r.rank),
        r.name,
        r.rating.toFixed(3),
        r.low.toFixed(3),
        r.high.toFixed(3),
        String(r.wins),
        String(r.losses),
      ]),
    );
    const results = await saved('Export the results (CSV)');
    assert.equal(results.name, 'results.csv');
    const back = parseResults(results.text);
    assert.deepEqual(back.errors, []);
    assert.equal(back.matches.length, league.entries.length);
    assert.deepEqual(
      back.matches.map((m) => [back.players[m.winner], back.players[m.loser], m.date, m.score]),
      league.entries.map(({ reading: r }) => r.kind === 'match' && [r.winner, r.loser, r.date, r.score]),
    );
  });

  it('falls back to the league, saying so, when the stored results are corrupt', async () => {
    const { page, tool, errors } = await openTool({
      beforeGoto: (page) =>
        page.addInitScript((key) => localStorage.setItem(key, '{"version":1,"rows":[["Ann"'), STORAGE_KEY),
    });
    await tool
      .locator('.source [role="alert"]', { hasText: 'Your saved results could not be read (it is not JSON)' })
      .waitFor();
    await ranked(page, names(expected(null)));
    await tool.getByRole('button', { name: 'Clear my data and reset to the simulated league' }).click();
    await tool.locator('.source [role="alert"]').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious accessibility violation (${colorScheme})`, async () => {
      // axe is an injected script, which the site's policy refuses.
      const context = await browser.newContext({
        bypassCSP: true,
        colorScheme,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      await page.goto(new URL(POST, baseUrl()).href, { waitUntil: 'networkidle' });
      const tool = page.locator('.ranking-tool');
      await tool.scrollIntoViewIfNeeded();
      await tool.locator('.league tbody tr').first().waitFor({ timeout: 30_000 });
      assert.deepEqual(await seriousViolations(page), [], 'the league');
      await paste(tool, 'winner\tloser\tdate\nAnn\tBob\t2024-02-30\n');
      await tool.locator('.pending').waitFor();
      await paste(tool, TRIO);
      await ranked(page, ['Ann', 'Bob', 'Cal']);
      await tool.getByRole('textbox', { name: 'Row 1, date (optional)' }).fill('2024-13-01');
      await tool.locator('.left-out').waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'a pasted league with a bad row');
    });
  }
});
