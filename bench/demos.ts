/**
 * The demo runtime, measured in Chromium on the fixture site's demo post (built and served on
 * loopback, or an already-served site with --base-url):
 *   - JavaScript fetched before any interaction (gzipped), at the top of the page and once every
 *     island has hydrated, leaving out the lazily loaded runtime (worker, onnxruntime-web, wasm);
 *   - time from a demo entering the viewport to its first decoded image, reading down the page, and
 *     after a jump straight to it from the top (nothing preloaded: the worst case), cold and warm;
 *   - decode latency while dragging over the latent pad (round trip, and time inside the runtime),
 *     and for a batch of 64 samples;
 *   - bytes of the runtime and the models;
 *   - on the MADE demos' post, the time the page takes to draw with a MADE's weights (the User
 *     Timing measure each demo records per draw, its replay left out): 16 complete 784-pixel
 *     samples for the sampler, 4 completions of an erased half digit, each over 40 draws;
 *   - on the ranking tool's post, the update the tool recomputes on every edit of a cell (the fit
 *     with the default prior, the league table with its intervals, the win matrix: the User Timing
 *     measure around lib/demo/ranking-tool.ts#updateRanking) and the time from the edit to the next
 *     frame, for a seeded league of 200 players and 20,000 matches pasted into the tool;
 *   - on the shift explorer's post, the update each move of the severity slider triggers (core's
 *     shift of the 500 digits, the ensemble's batched run in the worker, the scoring: the User
 *     Timing measure `shift-explorer:update`, from the shift's start to the scores) and the time
 *     from the move to the frame that shows its numbers, over 5 moves of each of 4 shifts.
 *
 *   node bench/demos.ts [--base-url URL] [--runs N] [--only part,…] [--json report.json]
 *
 * --only runs some parts: javascript, first-image, decode, made, ranking, shift (default: all).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Response } from 'playwright-core';
import { launchBrowser, root } from '../tests/support/harness.ts';
import { startFixtureSite, type FixtureSite } from '../tests/support/fixture-site.ts';
import { islandsInViewHydrated } from '../tests/support/islands.ts';

const DEMO = '/posts/latent-pad-demo/';
const MADE_DEMO = '/posts/made-demo/';
const RANKING_DEMO = '/posts/ranking-demo/';
const SHIFT_DEMO = '/posts/shift-demo/';
/** The shift explorer's benchmark: severities 1–5 of each of these shifts, one move at a time. */
const SHIFT = { shifts: ['rotate', 'noise', 'blur', 'thicken'], severities: 5 } as const;
/** The ranking tool's benchmark: a league this large, edited this often. */
const RANKING = { players: 200, matches: 20_000, seed: 2026, edits: 30 };
/** Draws timed per MADE demo, after its first. */
const MADE_DRAWS = 40;
const RUN_MEASURE = 'model-runtime:run';
const isRuntime = (url: string) => /\/worker-[^/]*\.js$|ort-wasm|\.wasm$/.test(url);
const isModel = (url: string) => url.endsWith('.onnx');

const PARTS = ['javascript', 'first-image', 'decode', 'made', 'ranking', 'shift'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    json: { type: 'string' },
  },
});
const runs = Number(values.runs);
const parts = new Set<string>(values.only ? values.only.split(',') : PARTS);
for (const part of parts) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: no part "${part}" (${PARTS.join(', ')})`);
}
const running = (part: Part) => parts.has(part);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

interface Fetched {
  url: string;
  bytes: number;
  gzipped: number;
}

/** Records every response body the page receives (worker fetches included). */
function recordResponses(page: Page): Promise<Fetched>[] {
  const fetched: Promise<Fetched>[] = [];
  page.on('response', (response: Response) => {
    fetched.push(
      response
        .body()
        .then((body) => ({ url: response.url(), bytes: body.length, gzipped: gzipSync(body).length }))
        .catch(() => ({ url: response.url(), bytes: 0, gzipped: 0 })),
    );
  });
  return fetched;
}

const sum = (xs: Fetched[], key: 'bytes' | 'gzipped') => xs.reduce((s, x) => s + x[key], 0);
const scripts = (xs: Fetched[]) => xs.filter((x) => /\.m?js(\?|$)/.test(x.url) && !isRuntime(x.url));

async function javascript(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const responses = recordResponses(page);
  await page.goto(new URL(DEMO, baseUrl).href, { waitUntil: 'networkidle' });
  await islandsInViewHydrated(page);
  const atTop = scripts(await Promise.all(responses));
  // Each island in turn, until it has hydrated and, for a demo with models, they are ready.
  for (const island of await page.locator('astro-island').all()) {
    await island.scrollIntoViewIfNeeded();
    await island.and(page.locator(':not([ssr])')).waitFor({ state: 'attached', timeout: 30_000 });
    const demo = island.locator('[data-status]').first();
    if (await demo.count()) await demo.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 30_000 });
  }
  const all = await Promise.all(responses);
  await context.close();
  return {
    jsAtTopGzip: sum(atTop, 'gzipped'),
    jsAllIslandsGzip: sum(scripts(all), 'gzipped'),
    runtime: all
      .filter((x) => isRuntime(x.url))
      .map(({ url, bytes, gzipped }) => ({ file: new URL(url).pathname, bytes, gzipped })),
    models: all
      .filter((x) => isModel(x.url))
      .map(({ url, bytes, gzipped }) => ({ file: new URL(url).pathname, bytes, gzipped })),
  };
}

/** Milliseconds from jumping to the latent pad to its first non-blank decoded image. */
function timeToFirstImage(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        document.querySelector('.latent-pad')!.scrollIntoView({ block: 'center' });
        const poll = () => {
          const c = document.querySelector<HTMLCanvasElement>('.latent-pad canvas');
          const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
          if (d?.some((v, i) => i % 4 === 0 && v > 0)) resolve(performance.now() - start);
          else if (performance.now() - start > 30_000) reject(new Error('no image within 30 s'));
          else requestAnimationFrame(poll);
        };
        poll();
      }),
  );
}

/**
 * Scrolls down from the top at a brisk reading pace (a third of a screen every 250 ms, a step each
 * frame) and returns the milliseconds from the latent pad's first pixel entering the viewport to its
 * first decoded image: 0 when the image was ready before the demo came into view.
 */
function timeToFirstImageScrolling(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        let entered: number | undefined;
        let drawn: number | undefined;
        new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) entered ??= performance.now();
        }).observe(document.querySelector('.latent-pad')!);
        const pxPerMs = window.innerHeight / 3 / 250;
        const start = performance.now();
        const frame = () => {
          const now = performance.now();
          const c = document.querySelector<HTMLCanvasElement>('.latent-pad canvas');
          const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
          if (d?.some((v, i) => i % 4 === 0 && v > 0)) drawn ??= now;
          if (entered !== undefined && drawn !== undefined) resolve(Math.max(0, drawn - entered));
          else if (now - start > 60_000) reject(new Error('the demo never drew while scrolling'));
          else {
            window.scrollTo(0, pxPerMs * (now - start));
            requestAnimationFrame(frame);
          }
        };
        requestAnimationFrame(frame);
      }),
  );
}

async function firstImage(browser: Browser, baseUrl: string) {
  const scrolling: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A new context has an empty HTTP cache: cold. Reloading in it again: warm. The viewport is
    // short enough that nothing is preloaded (the islands start a screen ahead), so this times a
    // jump straight to the demo, the worst case; reading down the page, the model is ready sooner.
    const context = await browser.newContext({ viewport: { width: 1280, height: 400 } });
    const page = await context.newPage();
    let runtimeRequested = false;
    page.on('request', (r) => (runtimeRequested ||= isRuntime(r.url())));
    for (const times of [cold, warm]) {
      runtimeRequested = false;
      await page.goto(new URL(DEMO, baseUrl).href, { waitUntil: 'networkidle' });
      await islandsInViewHydrated(page);
      if (runtimeRequested) throw new Error('the runtime loaded before the jump: the timing would be meaningless');
      times.push(await timeToFirstImage(page));
    }
    await context.close();

    const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const readerPage = await reader.newPage();
    await readerPage.goto(new URL(DEMO, baseUrl).href, { waitUntil: 'networkidle' });
    scrolling.push(await timeToFirstImageScrolling(readerPage));
    await reader.close();
  }
  return { scrollingMs: median(scrolling), coldMs: median(cold), warmMs: median(warm), scrolling, cold, warm };
}

type Runs = { duration: number; compute: number }[];
const readRuns = (page: Page, model: string) =>
  page.evaluate(
    ([name, model]) =>
      performance
        .getEntriesByName(name)
        .filter((e) => (e as PerformanceMeasure).detail.url.includes(model))
        .map((e) => ({ duration: e.duration, compute: (e as PerformanceMeasure).detail.computeMs as number })),
    [RUN_MEASURE, model] as const,
  ) as Promise<Runs>;

function latency(runs: Runs) {
  const round = runs.map((r) => r.duration).sort((a, b) => a - b);
  const compute = runs.map((r) => r.compute).sort((a, b) => a - b);
  return {
    runs: runs.length,
    roundTripP50: percentile(round, 50),
    roundTripP95: percentile(round, 95),
    computeP50: percentile(compute, 50),
    computeP95: percentile(compute, 95),
  };
}

async function decoding(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL(DEMO, baseUrl).href, { waitUntil: 'networkidle' });
  await page.locator('.latent-pad').scrollIntoViewIfNeeded();
  await page.locator('.latent-pad[data-status="ready"]').waitFor({ timeout: 30_000 });
  const box = (await page.locator('.latent-pad .pad').boundingBox())!;
  await page.evaluate(() => performance.clearMeasures());
  const moves = 400;
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  for (let i = 0; i < moves; i++) {
    const t = i / moves;
    // A loop around the pad, one pointer event per frame-ish.
    await page.mouse.move(
      box.x + box.width * (0.5 + 0.45 * Math.cos(4 * Math.PI * t)),
      box.y + box.height * (0.5 + 0.45 * Math.sin(6 * Math.PI * t)),
    );
  }
  await page.mouse.up();
  // Until the digit on show is the last point's: every run of the drag has come back.
  await page.locator('.latent-pad[data-busy="false"]').waitFor();
  const drag = { pointerMoves: moves, ...latency(await readRuns(page, 'vae-z2')) };

  await page.locator('.sample-grid').scrollIntoViewIfNeeded();
  // The first batch on show: its run is measured, before or after the drag's.
  await page.locator('.sample-grid[data-status="ready"] canvas').waitFor({ timeout: 30_000 });
  const button = page.getByRole('button', { name: 'Sample again' });
  const before = (await readRuns(page, 'vae-z32')).length;
  for (let batch = 2; batch <= 31; batch++) {
    await button.click();
    await page.locator('.sample-grid .demo-status', { hasText: `Batch ${batch},` }).waitFor();
  }
  const batch = latency((await readRuns(page, 'vae-z32')).slice(before));
  await context.close();
  return { drag, batch64: batch };
}

/** The `ms` of every `name` measure on the page so far, in order. */
const measuredMs = (page: Page, name: string) =>
  page.evaluate(
    (name) => performance.getEntriesByName(name).map((e) => (e as PerformanceMeasure).detail.ms as number),
    name,
  );

/**
 * A MADE demo's draws on the page: once its first draw is in, `button` is pressed MADE_DRAWS times,
 * each time until the draw's measure is recorded (its replay is not waited for).
 */
async function madeDraws(page: Page, demo: string, button: string, measure: string) {
  const drawn = (count: number) =>
    page.waitForFunction(
      ([name, count]) => performance.getEntriesByName(name).length >= count,
      [measure, count] as const,
      {
        timeout: 30_000,
      },
    );
  await page.locator(demo).scrollIntoViewIfNeeded();
  await page.locator(`${demo}[data-status="ready"]`).waitFor({ timeout: 60_000 });
  await drawn(1);
  const first = (await measuredMs(page, measure)).length;
  for (let i = 1; i <= MADE_DRAWS; i++) {
    await page.locator(demo).getByRole('button', { name: button }).click();
    await drawn(first + i);
  }
  const times = (await measuredMs(page, measure)).slice(first).sort((a, b) => a - b);
  return { runs: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function madeSampling(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL(MADE_DEMO, baseUrl).href, { waitUntil: 'networkidle' });
  const sampler = await madeDraws(page, '.made-sampler', 'Sample again', 'made-sampler:sample');
  const completion = await madeDraws(page, '.made-completion', 'Complete again', 'made-completion:complete');
  await context.close();
  return { page: MADE_DEMO, sampler, completion };
}

/**
 * A seeded league as TSV (`winner loser`): players P1 … Pn with normal log-strengths, matches
 * between random pairs, each won with the Bradley-Terry probability. The first match is P1 over P2,
 * so that the benchmark can edit its winner between P1 and P3 and the rows stay valid.
 */
function rankingLeague({ players, matches, seed }: typeof RANKING): string {
  let state = seed >>> 0;
  // mulberry32: a small seeded generator, enough to draw a schedule.
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const strength = Array.from({ length: players }, normal);
  const rows = ['winner\tloser', 'P1\tP2'];
  for (let m = 1; m < matches; m++) {
    const a = Math.floor(uniform() * players);
    const b = (a + 1 + Math.floor(uniform() * (players - 1))) % players;
    const aWins = uniform() < 1 / (1 + Math.exp(strength[b]! - strength[a]!));
    const [w, l] = aWins ? [a, b] : [b, a];
    rows.push(`P${w + 1}\tP${l + 1}`);
  }
  return rows.join('\n') + '\n';
}

/**
 * The ranking tool on a league of RANKING's size: pasted once, then the first row's winner edited
 * RANKING.edits times (P1, P3, P1, …), each time until the next frame. Returns the tool's own
 * measure of each update and the time from each edit to the frame after it.
 */
async function rankingUpdates(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL(RANKING_DEMO, baseUrl).href, { waitUntil: 'networkidle' });
  const tool = page.locator('.ranking-tool');
  await tool.scrollIntoViewIfNeeded();
  await tool.locator('.league tbody tr').first().waitFor({ timeout: 60_000 });
  // As a paste would put it there (Playwright's fill types 200 kB too slowly).
  await tool.getByLabel('Paste results (TSV or CSV)').evaluate((box: HTMLTextAreaElement, text) => {
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, rankingLeague(RANKING));
  await tool.getByRole('button', { name: 'Replace my results with these', exact: true }).click();
  await tool
    .locator('.summary', { hasText: `${RANKING.players} players ranked from ${RANKING.matches} matches` })
    .waitFor({ timeout: 60_000 });
  const first = await page.evaluate((name) => performance.getEntriesByName(name).length, 'ranking-tool:update');
  const frames = await page.evaluate(async (edits) => {
    const input = document.querySelector<HTMLInputElement>('.ranking-tool input[aria-label="Row 1, winner"]')!;
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const start = performance.now();
      input.value = i % 2 === 0 ? 'P3' : 'P1';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // The update runs in the render that the edit schedules; the frame after it shows the result.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      times.push(performance.now() - start);
    }
    return times;
  }, RANKING.edits);
  const updates = (
    await page.evaluate(
      (name) =>
        performance.getEntriesByName(name).map((e) => ({
          ms: e.duration,
          ...((e as PerformanceMeasure).detail as { players: number; matches: number }),
        })),
      'ranking-tool:update',
    )
  ).slice(first);
  await context.close();
  if (
    updates.length !== RANKING.edits ||
    updates.some((u) => u.players !== RANKING.players || u.matches !== RANKING.matches)
  ) {
    throw new Error(
      `ranking: expected ${RANKING.edits} updates of the whole league, got ${JSON.stringify(updates.slice(0, 3))}…`,
    );
  }
  const update = updates.map((u) => u.ms).sort((a, b) => a - b);
  const frame = [...frames].sort((a, b) => a - b);
  return {
    page: RANKING_DEMO,
    ...RANKING,
    updateP50: percentile(update, 50),
    updateP95: percentile(update, 95),
    editToFrameP50: percentile(frame, 50),
    editToFrameP95: percentile(frame, 95),
  };
}

/** One move of the shift explorer's slider: the island's measure of its update, and move to frame. */
interface ShiftMove {
  shift: string;
  severity: number;
  updateMs: number;
  shiftMs: number;
  runMs: number;
  scoreMs: number;
  moveToFrameMs: number;
}

/**
 * The shift explorer: for each of SHIFT's shifts, chosen at severity 0, the slider moved to 1, 2,
 * …, 5, each move once the last one's numbers are on show (until the island is no longer busy
 * and its update is measured, then the next frame).
 */
async function shiftMoves(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(new URL(SHIFT_DEMO, baseUrl).href, { waitUntil: 'networkidle' });
  // The fixture post needs the robustness post's artifacts; until they are in, a run of every part
  // says so and goes on, and only `--only shift` fails.
  if (response?.status() === 404 && !values.only) {
    console.log(`bench:demos: ${SHIFT_DEMO} is not on the site; the shift part is left out`);
    await context.close();
    return undefined;
  }
  const island = page.locator('.shift-explorer');
  await island.scrollIntoViewIfNeeded();
  await page.locator('.shift-explorer[data-status="ready"][data-busy="false"]').waitFor({ timeout: 60_000 });
  const moves = await page.evaluate(async ({ shifts, severities }) => {
    const name = 'shift-explorer:update';
    const root = document.querySelector<HTMLElement>('.shift-explorer')!;
    const select = root.querySelector('select')!;
    const slider = root.querySelector<HTMLInputElement>('input[type="range"]')!;
    /** Resolves at the frame after the island shows the update that makes `count` measures. */
    const settled = (count: number) =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        const check = () => {
          if (root.dataset.busy === 'false' && performance.getEntriesByName(name).length >= count) {
            requestAnimationFrame(() => resolve(performance.now()));
          } else if (performance.now() - start > 30_000) reject(new Error('an update took over 30 s'));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    const move = (element: HTMLInputElement | HTMLSelectElement, value: string, event: string) => {
      element.value = value;
      element.dispatchEvent(new Event(event, { bubbles: true }));
      return settled(performance.getEntriesByName(name).length + 1);
    };
    const out = [];
    for (const shift of shifts) {
      if (slider.value !== '0') await move(slider, '0', 'input');
      if (select.value !== shift) await move(select, shift, 'change');
      for (let severity = 1; severity <= severities; severity++) {
        const start = performance.now();
        const shown = await move(slider, String(severity), 'input');
        const entries = performance.getEntriesByName(name);
        const last = entries[entries.length - 1] as PerformanceMeasure;
        const detail = last.detail as {
          shift: string;
          severity: number;
          shiftMs: number;
          runMs: number;
          scoreMs: number;
        };
        if (detail.shift !== shift || detail.severity !== severity) {
          throw new Error(`measured ${detail.shift} at ${detail.severity}, moved to ${shift} at ${severity}`);
        }
        out.push({ ...detail, updateMs: last.duration, moveToFrameMs: shown - start });
      }
    }
    return out;
  }, SHIFT);
  await context.close();
  const sorted = (key: keyof Omit<ShiftMove, 'shift' | 'severity'>) =>
    (moves as ShiftMove[]).map((m) => m[key]).sort((a, b) => a - b);
  const p = (key: keyof Omit<ShiftMove, 'shift' | 'severity'>) => ({
    p50: percentile(sorted(key), 50),
    p95: percentile(sorted(key), 95),
  });
  return {
    page: SHIFT_DEMO,
    moves: moves.length,
    update: p('updateMs'),
    shift: p('shiftMs'),
    run: p('runMs'),
    score: p('scoreMs'),
    moveToFrame: p('moveToFrameMs'),
    perMove: moves,
  };
}

let site: FixtureSite | undefined;
let baseUrl = values['base-url'];
if (!baseUrl) {
  console.log('bench:demos: building and serving the fixture site…');
  site = await startFixtureSite(join(root, 'tests', '.output', 'bench-demos'));
  baseUrl = site.baseUrl;
}
const browser = await launchBrowser();
try {
  const js = running('javascript') ? await javascript(browser, baseUrl) : undefined;
  const first = running('first-image') ? await firstImage(browser, baseUrl) : undefined;
  const decode = running('decode') ? await decoding(browser, baseUrl) : undefined;
  const made = running('made') ? await madeSampling(browser, baseUrl) : undefined;
  const ranking = running('ranking') ? await rankingUpdates(browser, baseUrl) : undefined;
  const shift = running('shift') ? await shiftMoves(browser, baseUrl) : undefined;
  const report = { page: DEMO, ...js, firstImage: first, decode, made, ranking, shift, chromium: browser.version() };

  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rows: [string, string, string][] = [];
  if (js) {
    rows.push(
      ['JS before interaction, top of page (gzip)', kib(js.jsAtTopGzip), ''],
      ['JS before interaction, all islands (gzip)', kib(js.jsAllIslandsGzip), '<= 30 KiB'],
    );
  }
  if (first) {
    rows.push(
      ['first image after entering the viewport, reading down (cold)', ms(first.scrollingMs), '< 1500 ms'],
      ['first image after jumping to the demo, cold cache', ms(first.coldMs), ''],
      ['first image after jumping to the demo, warm cache', ms(first.warmMs), ''],
    );
  }
  if (decode) {
    rows.push(
      [
        `drag decode round trip p50 / p95 (${decode.drag.runs} runs)`,
        `${ms(decode.drag.roundTripP50)} / ${ms(decode.drag.roundTripP95)}`,
        '< 5 ms (p50)',
      ],
      ['drag decode in runtime p50 / p95', `${ms(decode.drag.computeP50)} / ${ms(decode.drag.computeP95)}`, ''],
      [
        '64-sample batch round trip p50 / p95',
        `${ms(decode.batch64.roundTripP50)} / ${ms(decode.batch64.roundTripP95)}`,
        '',
      ],
    );
  }
  if (made) {
    rows.push(
      [
        `MADE sampler, 16 samples p50 / p95 (${made.sampler.runs} draws)`,
        `${ms(made.sampler.p50)} / ${ms(made.sampler.p95)}`,
        '< 200 ms (p50)',
      ],
      [
        `MADE completion, 4 completions p50 / p95 (${made.completion.runs} draws)`,
        `${ms(made.completion.p50)} / ${ms(made.completion.p95)}`,
        '',
      ],
    );
  }
  if (ranking) {
    rows.push(
      [
        `ranking update, ${ranking.players} players, ${ranking.matches} matches, p50 / p95 (${ranking.edits} edits)`,
        `${ms(ranking.updateP50)} / ${ms(ranking.updateP95)}`,
        '< 100 ms',
      ],
      ['ranking edit to next frame p50 / p95', `${ms(ranking.editToFrameP50)} / ${ms(ranking.editToFrameP95)}`, ''],
    );
  }
  if (shift) {
    const pair = (x: { p50: number; p95: number }) => `${ms(x.p50)} / ${ms(x.p95)}`;
    rows.push(
      [`shift explorer update per slider move p50 / p95 (${shift.moves} moves)`, pair(shift.update), ''],
      ['  of which: shifting 500 digits p50 / p95', pair(shift.shift), ''],
      ['  of which: ensemble run (worker round trip) p50 / p95', pair(shift.run), ''],
      ['  of which: scoring p50 / p95', pair(shift.score), ''],
      ['shift explorer move to the frame with its numbers p50 / p95', pair(shift.moveToFrame), ''],
    );
  }
  for (const f of js?.runtime ?? []) rows.push([`runtime ${f.file}`, `${mib(f.bytes)} (gzip ${mib(f.gzipped)})`, '']);
  for (const f of js?.models ?? []) rows.push([`model ${f.file}`, `${mib(f.bytes)} (gzip ${mib(f.gzipped)})`, '']);
  console.log(
    `\ndemo runtime, ${DEMO} (the MADE rows: ${MADE_DEMO}; the ranking rows: ${RANKING_DEMO}; the shift rows: ${SHIFT_DEMO}) on ${baseUrl} (Chromium ${report.chromium}, medians of ${runs} runs)`,
  );
  for (const [what, value, target] of rows) console.log(`${what.padEnd(72)}${value.padStart(30)}  ${target}`);
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
} finally {
  await browser.close();
  site?.stop();
}
