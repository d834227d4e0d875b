/**
 * Site search, measured in Chromium against the fixture site (built and served on loopback by the
 * production server, with its CSP):
 *   - the Pagefind index: files and bytes (as written; its chunks are gzipped by Pagefind);
 *   - the bytes one query fetches on a fresh page (the script, worker, wasm, metadata, index
 *     chunk and the fragments of the results shown), by kind, as sent on the wire;
 *   - query latency: `pagefind.search(q)` plus the data of the first 20 results, as the search
 *     page asks for them, p50 / p95 over a list of queries, on a fresh page each run (the first
 *     query, which loads the wasm and the index, is reported apart), and the time from pressing
 *     Enter in the search page's form to the results on screen.
 *
 *   node bench/search.ts [--runs N] [--json report.json]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser, root } from '../tests/support/harness.ts';
import { startFixtureSite } from '../tests/support/fixture-site.ts';
import { indexFiles } from '../tests/support/search-index.ts';

/** Words of the fixture posts: prose, headings, a caption, a title, and one that matches nothing. */
const QUERIES = [
  'posterior',
  'bound',
  'digit',
  'schematic',
  'ranking',
  'classifier',
  'divergence',
  'decoder',
  'latent space',
  'note',
  'masks',
  'shift',
  'zzyzx',
];
const RESULTS_SHOWN = 20;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, json: { type: 'string' } },
});
const runs = Number(values.runs);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { runs: xs.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

const kind = (url: string) => {
  const path = new URL(url).pathname;
  if (path.endsWith('.pf_fragment')) return 'fragments';
  if (path.endsWith('.pf_index')) return 'index chunks';
  if (path.endsWith('.pf_meta') || path.endsWith('.json')) return 'metadata';
  if (path.endsWith('.pagefind')) return 'wasm';
  return 'script';
};

/** In the page: one query through Pagefind's API, as the search page runs it; milliseconds. */
function timeQuery(page: Page, query: string): Promise<number> {
  return page.evaluate(
    async ({ query, shown }) => {
      const url = '/pagefind/pagefind.js';
      const pagefind = (await import(url)) as {
        search(q: string): Promise<{ results: { data(): Promise<unknown> }[] }>;
      };
      const started = performance.now();
      const found = await pagefind.search(query);
      await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
      return performance.now() - started;
    },
    { query, shown: RESULTS_SHOWN },
  );
}

const site = await startFixtureSite(join(root, 'tests', '.output', 'bench-search'));
const browser = await launchBrowser();
let report;
try {
  const files = indexFiles(join(root, 'tests', '.output', 'bench-search', 'client'));

  // One query's bytes on a fresh page (worker requests included), as sent.
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses: Promise<{ url: string; bytes: number }>[] = [];
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname.startsWith('/pagefind/')) {
      // Chromium reports no body size for a worker's own script: its Content-Length then.
      const bytes = async () =>
        (await request.sizes()).responseBodySize ||
        Number((await request.response())?.headers()['content-length'] ?? 0);
      responses.push(bytes().then((n) => ({ url: request.url(), bytes: n })));
    }
  });
  await page.goto(`${site.baseUrl}/search/?q=posterior`, { waitUntil: 'networkidle' });
  await page.locator('#search-status').filter({ hasText: 'posterior' }).waitFor();
  const fetched = await Promise.all(responses);
  const byKind: Record<string, { files: number; bytes: number }> = {};
  for (const f of fetched) {
    const k = (byKind[kind(f.url)] ??= { files: 0, bytes: 0 });
    k.files += 1;
    k.bytes += f.bytes;
  }
  await context.close();

  // Latency.
  const first: number[] = [];
  const warm: number[] = [];
  const ui: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.baseUrl}/search/`, { waitUntil: 'networkidle' });
    first.push(await timeQuery(page, QUERIES[run % QUERIES.length]!));
    for (const query of QUERIES) warm.push(await timeQuery(page, query));
    // The page itself: Enter in the form (no typing debounce) until the status line names the query.
    for (const query of QUERIES) {
      await page.locator('#search-q').fill(query);
      const elapsed = page.evaluate(
        (q) =>
          new Promise<number>((resolve) => {
            const status = document.getElementById('search-status')!;
            const started = performance.now();
            new MutationObserver((_, observer) => {
              if (status.textContent?.includes(`“${q}”`)) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            }).observe(status, { childList: true, characterData: true, subtree: true });
          }),
        query,
      );
      await page.locator('#search-q').press('Enter');
      ui.push(await elapsed);
    }
    await context.close();
  }

  report = {
    queries: QUERIES,
    index: { files: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0) },
    firstQueryFetched: {
      query: 'posterior',
      files: fetched.length,
      bytes: fetched.reduce((s, f) => s + f.bytes, 0),
      byKind,
    },
    firstQueryMs: stats(first),
    queryMs: stats(warm),
    enterToResultsMs: stats(ui),
  };
} finally {
  await browser.close();
  site.stop();
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (s: { p50: number; p95: number; runs: number }) =>
  `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.runs} queries)`;
console.log(`search index (fixture site): ${report.index.files} files, ${kib(report.index.bytes)}`);
console.log(
  `one query on a fresh page ("${report.firstQueryFetched.query}"): ${report.firstQueryFetched.files} files, ` +
    `${kib(report.firstQueryFetched.bytes)} on the wire`,
);
for (const [k, v] of Object.entries(report.firstQueryFetched.byKind)) {
  console.log(`  ${k.padEnd(13)} ${String(v.files).padStart(3)} files  ${kib(v.bytes).padStart(10)}`);
}
console.log(`first query of a page (loads wasm and index): ${ms(report.firstQueryMs)}`);
console.log(`query + data of ${RESULTS_SHOWN} results:       ${ms(report.queryMs)}`);
console.log(`search page, Enter to results:              ${ms(report.enterToResultsMs)}`);
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
