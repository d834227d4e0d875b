import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, root } from '../support/harness.ts';
import { animationFrames } from '../support/frames.ts';
import { layoutShiftsSince, recordLayoutShifts } from '../support/layout-shifts.ts';
import { orderOf } from '@bounded-rationality/core/made/ordering.ts';
import type { Degrees } from '@bounded-rationality/core/made/masks.ts';
import { readTestDigits } from '@bounded-rationality/core/mnist/test-digits.ts';
import { keptOutside, PIXELS, SIDE, type Region } from '../../site/lib/demo/completion.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());
afterEach(() => Promise.all(browser.contexts().map((context) => context.close())));

// The artifacts of the MADE post's training run, which a later run replaces (a wider hidden layer,
// more orderings): these tests check what the demos do with a model, not its numbers.
const POST = '/posts/made-demo/';
const [first, second] = readTestDigits(
  JSON.parse(readFileSync(join(root, 'site/data/mnist-test-digits.json'), 'utf8')),
).digits;

type Demo = '.made-sampler' | '.made-completion';
/** The User Timing measure each demo records per draw, around the sampling and not its replay. */
const MEASURE: Record<Demo, string> = {
  '.made-sampler': 'made-sampler:sample',
  '.made-completion': 'made-completion:complete',
};
const isModel = (url: URL) => url.pathname.endsWith('.onnx');
const isMasks = (url: URL) => /\/made-[^/]*\.json$/.test(url.pathname);
/** A pixel not yet drawn in a replay: the islands' PENDING probability, 0.14, as a grey level. */
const PENDING = Math.round(0.14 * 255);

/**
 * The fixture post with `demo` scrolled into view. The page's console errors and uncaught
 * exceptions are collected from its start; every change of the demo's data-status and
 * data-drawing is recorded in `window.states`.
 */
async function openDemo(demo: Demo, options: Parameters<typeof openPage>[2] = {}) {
  const errors: string[] = [];
  const { page, requests } = await openPage(browser, POST, {
    ...options,
    beforeGoto: async (page) => {
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.addInitScript((demo) => {
        const w = window as unknown as { states: string[] };
        w.states = [];
        new MutationObserver(() => {
          const island = document.querySelector(demo);
          const state = island && `${island.getAttribute('data-status')}/${island.getAttribute('data-drawing')}`;
          if (state && w.states.at(-1) !== state) w.states.push(state);
        }).observe(document, { subtree: true, childList: true, attributeFilter: ['data-status', 'data-drawing'] });
      }, demo);
      await options.beforeGoto?.(page);
    },
  });
  const island = page.locator(demo);
  await island.scrollIntoViewIfNeeded({ timeout: 10_000 });
  return { page, requests, errors, island };
}

const measures = (page: Page, demo: Demo) =>
  page.evaluate(
    (name) =>
      performance.getEntriesByName(name).map((e) => (e as PerformanceMeasure).detail as { count: number; ms: number }),
    MEASURE[demo],
  );

/** Waits until `demo` has recorded `count` draws and the last one's replay has ended. */
async function settled(page: Page, demo: Demo, count = 1) {
  await page.waitForFunction(
    ([name, count]) => performance.getEntriesByName(name).length >= count,
    [MEASURE[demo], count] as const,
    { timeout: 60_000 },
  );
  await page.locator(`${demo}[data-status="ready"][data-drawing="false"]`).waitFor({ timeout: 30_000 });
}

/** Does `action`, then waits for the draw it asks for and its replay. */
async function redrawn(page: Page, demo: Demo, action: () => Promise<unknown>) {
  const count = (await measures(page, demo)).length;
  await action();
  await settled(page, demo, count + 1);
}

interface Raster {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: number[];
}

/** A canvas's pixels, read in the page. */
const raster = (c: HTMLCanvasElement): Raster => ({
  width: c.width,
  height: c.height,
  data: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
});

/**
 * The images of an ImageGrid raster (28 × 28 tiles, one pixel apart, `columns` to a row), as grey
 * levels 0-255, row-major; -1 where a pixel is not an opaque grey.
 */
function tiles({ width, height, data }: Raster, columns: number): number[][] {
  const rows = Math.round((height + 1) / (SIDE + 1));
  return Array.from({ length: rows * columns }, (_, k) =>
    Array.from({ length: PIXELS }, (_, p) => {
      const x = (k % columns) * (SIDE + 1) + (p % SIDE);
      const y = Math.floor(k / columns) * (SIDE + 1) + Math.floor(p / SIDE);
      const [r, g, b, a] = data.slice(4 * (y * width + x), 4 * (y * width + x) + 4);
      return a === 255 && r === g && g === b ? r! : -1;
    }),
  );
}

const binary = (image: number[]) => image.every((v) => v === 0 || v === 255);

/** The status line as the reader sees it (without the hidden copy of the longest line). */
const statusLine = (island: Locator) => island.locator('.demo-status').innerText();

describe('MADE sampler', () => {
  const sampler = '.made-sampler' as const;
  const grid = async (island: Locator) => tiles(await island.locator('canvas.image-grid').evaluate(raster), 4);

  /** The time and mean log p(x) the status line reports, after checking its form. */
  async function reported(island: Locator, ordering: string) {
    const line = await statusLine(island);
    const parsed =
      /^16 digits drawn in (\d+\.\d) ms in your browser, in (.+); mean log p\(x\) (−?\d+\.\d) nats\.$/.exec(line);
    assert.ok(parsed, line);
    assert.equal(parsed[2], ordering, line);
    return { ms: parsed[1]!, meanLogProb: Number(parsed[3]!.replace('−', '-')) };
  }

  /**
   * Waits for a frame of the replay of a draw in `ordering` (as the grid's label names it) with
   * some pixels drawn and some still pending; returns the pixels drawn by then in each image.
   */
  async function midReplay(page: Page, ordering: string): Promise<Set<number>[]> {
    const frame = await page.waitForFunction(
      ({ ordering, pending }) => {
        const c = document.querySelector<HTMLCanvasElement>('.made-sampler canvas.image-grid');
        if (!c?.getAttribute('aria-label')?.endsWith(` in ${ordering}`)) return null;
        const data = Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
        const red = data.filter((_, i) => i % 4 === 0);
        return red.includes(pending) && red.includes(255) ? { width: c.width, height: c.height, data } : null;
      },
      { ordering, pending: PENDING },
      { polling: 'raf', timeout: 30_000 },
    );
    return tiles((await frame.jsonValue())!, 4).map(
      (image) => new Set([...image.keys()].filter((p) => image[p] !== PENDING)),
    );
  }

  it('shows the training run’s samples as built, then draws 16 black-and-white digits in the time it reports', async () => {
    // As built: the poster, and controls that wait for JavaScript.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const plain = await context.newPage();
    await plain.goto(new URL(POST, baseUrl()).href, { waitUntil: 'networkidle' });
    const built = plain.locator(sampler);
    assert.equal(await built.getAttribute('data-status'), 'idle');
    const poster = built.locator('.grid img');
    assert.match((await poster.getAttribute('src'))!, /\/made-1x500-sampled-s1\.samples\.[\w-]+\.png$/);
    assert.ok(await poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'poster loaded');
    assert.equal(await built.getByRole('button', { name: 'Sample again' }).isDisabled(), true);
    assert.equal(await statusLine(built), 'An interactive demo: it starts when JavaScript runs.');

    const { page, island, errors } = await openDemo(sampler);
    await settled(page, sampler);
    // Loading, then ready with the first draw replaying from the first frame, then its end.
    assert.deepEqual(await page.evaluate(() => (window as unknown as { states: string[] }).states), [
      'idle/false',
      'loading/false',
      'ready/true',
      'ready/false',
    ]);
    assert.equal(await island.locator('.grid img').count(), 0, 'the poster gave way to the draw');
    const canvas = island.locator('canvas.image-grid');
    assert.deepEqual(await canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height]), [4 * 28 + 3, 4 * 28 + 3]);
    assert.equal(await canvas.getAttribute('aria-label'), '16 digits sampled from the model in trained ordering 1');
    const digits = await grid(island);
    assert.equal(digits.length, 16);
    for (const [k, digit] of digits.entries()) {
      assert.ok(binary(digit), `digit ${k} has pixels that are neither black nor white`);
      assert.ok(digit.includes(255), `digit ${k} has no ink`);
    }

    // One draw, timed as the status line says.
    const drawn = await measures(page, sampler);
    assert.equal(drawn.length, 1);
    assert.equal(drawn[0]!.count, 16);
    const { ms, meanLogProb } = await reported(island, 'trained ordering 1');
    assert.equal(ms, drawn[0]!.ms.toFixed(1));
    assert.ok(meanLogProb < 0, `mean log p(x) ${meanLogProb}`);
    assert.deepEqual(errors, []);
  });

  it('draws afresh on “Sample again”, and in the ordering chosen', async () => {
    const { page, island, requests } = await openDemo(sampler);
    await settled(page, sampler);
    const ordering = island.getByRole('combobox', { name: /^Ordering/ });

    // Row by row, the pixels drawn at any point of the replay are the first ones of every image.
    const natural = midReplay(page, 'the natural ordering, row by row');
    await redrawn(page, sampler, () => ordering.selectOption({ label: 'natural (row by row)' }));
    const before = await grid(island);
    for (const shown of await natural) {
      assert.ok(shown.size > 0 && shown.size < PIXELS);
      assert.deepEqual(
        [...shown].sort((a, b) => a - b),
        [...Array(shown.size).keys()],
      );
    }
    await redrawn(page, sampler, () => island.getByRole('button', { name: 'Sample again' }).click());
    const again = await grid(island);
    assert.ok(again.every(binary));
    assert.notDeepEqual(again, before);
    const drawn = await measures(page, sampler);
    assert.equal(drawn.length, 3);
    assert.equal((await reported(island, 'the natural ordering, row by row')).ms, drawn[2]!.ms.toFixed(1));

    // The first ordering of the masks file the page loaded: the replay follows it, in every image.
    const masksUrl = requests.find((r) => isMasks(new URL(r.url)))!.url;
    const { masks } = (await (await page.request.get(masksUrl)).json()) as { masks: Degrees[] };
    const order = orderOf(masks[0]!);
    assert.deepEqual(await ordering.locator('option').allInnerTexts(), [
      'natural (row by row)',
      ...masks.map((_, k) => `trained ordering ${k + 1}`),
    ]);
    const trained = midReplay(page, 'trained ordering 1');
    await redrawn(page, sampler, () => ordering.selectOption({ label: 'trained ordering 1' }));
    const shown = await trained;
    for (const pixels of shown) {
      assert.deepEqual(pixels, shown[0], 'every image has the same pixels drawn');
      assert.deepEqual(pixels, new Set(order.slice(0, pixels.size)), 'those first in the ordering');
    }
    assert.equal(
      await island.locator('canvas.image-grid').getAttribute('aria-label'),
      '16 digits sampled from the model in trained ordering 1',
    );
    await reported(island, 'trained ordering 1');
    assert.ok((await grid(island)).every(binary));
  });

  it('is operable from the keyboard', async () => {
    const { page, island } = await openDemo(sampler);
    await settled(page, sampler);
    const ordering = island.getByRole('combobox', { name: /^Ordering/ });
    await ordering.focus();
    await redrawn(page, sampler, () => page.keyboard.press('ArrowDown'));
    await reported(island, 'trained ordering 2');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Sample again');
    await redrawn(page, sampler, () => page.keyboard.press('Enter'));
    await redrawn(page, sampler, () => page.keyboard.press('Space'));
    await reported(island, 'trained ordering 2');
  });

  for (const [what, answer, message] of [
    ['is missing', { status: 404, body: 'Not found' }, /^The model \S+\.onnx could not be downloaded \(HTTP 404\)\.$/],
    [
      'is not a model',
      { status: 200, contentType: 'application/octet-stream', body: 'this is not an ONNX file' },
      /^The model \S+\.onnx is damaged or not a MADE \(.+\)\.$/,
    ],
  ] as const) {
    it(`says so when the model ${what}, keeps the poster, and recovers with “Try again”`, async () => {
      // At 360 px, so that the message, with its long file name, must fit a phone.
      const { page, island, errors } = await openDemo(sampler, {
        width: 360,
        beforeGoto: (page) => page.route(isModel, (route) => route.fulfill(answer)),
      });
      await page.locator(`${sampler}[data-status="error"]`).waitFor({ timeout: 30_000 });
      assert.match(await island.locator('.demo-error').innerText(), message);
      assert.equal(await island.locator('.grid img').count(), 1, 'the poster stays');
      assert.equal(await island.getByRole('button', { name: 'Sample again' }).isDisabled(), true);
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no sideways scroll',
      );
      if (answer.status === 200) assert.deepEqual(errors, []);

      await page.unroute(isModel);
      await island.getByRole('button', { name: 'Try again' }).click();
      await settled(page, sampler);
      assert.ok((await grid(island)).every(binary));
    });
  }

  it('names the masks file when it does not fit the model', async () => {
    const { page, island, requests } = await openDemo(sampler, {
      beforeGoto: (page) =>
        page.route(isMasks, (route) => route.fulfill({ json: { masks: [{ inputs: [1, 2], hidden: [[1]] }] } })),
    });
    await page.locator(`${sampler}[data-status="error"]`).waitFor({ timeout: 30_000 });
    const masksPath = new URL(requests.find((r) => isMasks(new URL(r.url)))!.url).pathname;
    assert.equal(
      await island.locator('.demo-error').innerText(),
      `The masks file ${masksPath} does not fit the model.`,
    );
    await page.unroute(isMasks);
    await island.getByRole('button', { name: 'Try again' }).click();
    await settled(page, sampler);
  });
});

describe('MADE completion', () => {
  const completion = '.made-completion' as const;
  /** The editor's cell colours: each pixel's value, and whether it is kept. */
  const CELLS: Record<string, { ink: number; kept: number }> = {
    '#f4f4f2': { ink: 1, kept: 1 },
    '#111111': { ink: 0, kept: 1 },
    '#8a76b8': { ink: 1, kept: 0 },
    '#3b3350': { ink: 0, kept: 0 },
  };

  /** The image in the editor and the pixels it keeps, read from the centre of each of its cells. */
  async function editor(island: Locator) {
    const { width, data } = await island.locator('.made-completion-editor canvas').evaluate(raster);
    const cell = width / SIDE;
    const cells = Array.from({ length: PIXELS }, (_, p) => {
      const at = 4 * ((Math.floor(p / SIDE) * cell + cell / 2) * width + (p % SIDE) * cell + cell / 2);
      const colour = `#${data
        .slice(at, at + 3)
        .map((v) => v.toString(16).padStart(2, '0'))
        .join('')}`;
      assert.ok(CELLS[colour], `pixel ${p} of the editor is ${colour}`);
      return CELLS[colour];
    });
    return { ink: cells.map((c) => c.ink), kept: cells.map((c) => c.kept) };
  }

  /**
   * The completions keep the editor's kept pixels exactly, and every erased pixel is drawn black
   * or white. Returns the completions and the editor's state.
   */
  async function assertCompletes(island: Locator) {
    const shown = await editor(island);
    const raster_ = await island.locator('canvas.image-grid').evaluate(raster);
    assert.deepEqual([raster_.width, raster_.height], [4 * 28 + 3, 28]);
    const completions = tiles(raster_, 4);
    for (const [k, image] of completions.entries()) {
      for (let p = 0; p < PIXELS; p++) {
        if (shown.kept[p]) assert.equal(image[p], 255 * shown.ink[p]!, `completion ${k}, kept pixel ${p}`);
        else assert.ok(image[p] === 0 || image[p] === 255, `completion ${k}, erased pixel ${p} is ${image[p]}`);
      }
    }
    return { completions, ...shown };
  }

  const erased = async (island: Locator) =>
    Number(
      /^The digit with (\d+) of its 784 pixels erased/.exec(
        (await island.locator('.made-completion-editor canvas').getAttribute('aria-label'))!,
      )?.[1],
    );

  const select = (island: Locator, name: RegExp) => island.getByRole('combobox', { name });
  const KEPT_FIRST =
    /^Kept pixels first: log p\(kept\) (−?\d+\.\d) nats; each completion’s log p\(missing \| kept\): (.+)\.$/;
  const rowByRow = (ignored: number) =>
    `Row by row: ${ignored} missing pixels were drawn before some kept pixel and ignore it.`;

  /** A stroke with the mouse over the editor, between points given as fractions of its size. */
  async function stroke(page: Page, island: Locator, from: [number, number], to: [number, number], steps = 12) {
    const box = (await island.locator('.made-completion-editor canvas').boundingBox())!;
    await page.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
    await page.mouse.down();
    await page.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps });
    await page.mouse.up();
  }

  const asRegion = (region: Region) => Array.from(keptOutside(region));

  it('completes the erased bottom half of a test digit, keeping every kept pixel', async () => {
    const { page, island, errors } = await openDemo(completion);
    await settled(page, completion);
    assert.equal(
      await island.locator('.made-completion-editor figcaption').innerText(),
      `Test digit: a ${first!.label}`,
    );
    const { ink, kept, completions } = await assertCompletes(island);
    assert.deepEqual(ink, Array.from(first!.pixels));
    assert.deepEqual(kept, asRegion('bottom half'));
    assert.equal(await erased(island), 392);

    const line = await statusLine(island);
    const parsed = KEPT_FIRST.exec(line);
    assert.ok(parsed, line);
    const logMissing = parsed[2]!.split(', ').map((v) => Number(v.replace('−', '-')));
    assert.equal(logMissing.length, 4, line);
    for (const v of [Number(parsed[1]!.replace('−', '-')), ...logMissing]) assert.ok(v <= 0, line);

    await redrawn(page, completion, () => island.getByRole('button', { name: 'Complete again' }).click());
    assert.notDeepEqual((await assertCompletes(island)).completions, completions);
    assert.deepEqual(errors, []);
  });

  it('says how many missing pixels come before a kept one, row by row: none for the bottom half, all for the top', async () => {
    const { page, island } = await openDemo(completion);
    await settled(page, completion);
    await redrawn(page, completion, () => select(island, /^Ordering/).selectOption({ label: 'row by row' }));
    assert.equal(await statusLine(island), rowByRow(0));
    await assertCompletes(island);

    await redrawn(page, completion, () => select(island, /^Erase/).selectOption('top half'));
    assert.equal(await statusLine(island), rowByRow(392));
    const { kept, ink } = await assertCompletes(island);
    assert.deepEqual(kept, asRegion('top half'));
    assert.deepEqual(ink, Array.from(first!.pixels));

    await redrawn(page, completion, () => select(island, /^Ordering/).selectOption({ label: 'kept pixels first' }));
    assert.match(await statusLine(island), KEPT_FIRST);
    await assertCompletes(island);
  });

  it('erases more under the pointer, and completes what was erased', async () => {
    const { page, island } = await openDemo(completion);
    await settled(page, completion);
    const before = await erased(island);
    await redrawn(page, completion, () => stroke(page, island, [0.2, 0.2], [0.8, 0.35]));
    const after = await erased(island);
    assert.ok(after > before, `${after} pixels erased, ${before} before`);
    const { kept } = await assertCompletes(island);
    assert.equal(PIXELS - kept.reduce((s, v) => s + v, 0), after);
    // The stroke erased in the top half; the bottom half is still all erased.
    assert.ok(kept.slice(PIXELS / 2).every((v) => v === 0));
    assert.equal(await select(island, /^Erase/).inputValue(), '', 'the select no longer names a region');
  });

  it('completes a drawing on a blank canvas, and goes back to the test digits', async () => {
    const { page, island } = await openDemo(completion);
    await settled(page, completion);
    await redrawn(page, completion, () => island.getByRole('button', { name: 'Blank canvas' }).click());
    assert.equal(await island.locator('.made-completion-editor figcaption').innerText(), 'Your drawing');
    assert.equal(await select(island, /^Brush/).inputValue(), 'draw');
    assert.equal(await select(island, /^Erase/).inputValue(), '', 'no region is erased');
    const blank = await assertCompletes(island);
    assert.ok(blank.ink.every((v) => v === 0) && blank.kept.every((v) => v === 1));
    assert.equal(await erased(island), 0);

    // A vertical bar, in ink: kept, so the completions are the drawing itself.
    await redrawn(page, completion, () => stroke(page, island, [0.5, 0.2], [0.5, 0.8]));
    const drawing = await assertCompletes(island);
    const inked = drawing.ink.reduce((s, v) => s + v, 0);
    assert.ok(inked > 20, `${inked} pixels of ink`);
    assert.ok(drawing.kept.every((v) => v === 1));

    // A quick stroke, in two pointer moves across the canvas, is a line, not three dots: row 8
    // (at 0.3 of the height) is inked from column 4 to 23 (0.15 to 0.85 of the width).
    await redrawn(page, completion, () => stroke(page, island, [0.15, 0.3], [0.85, 0.3], 2));
    const { ink: lines } = await assertCompletes(island);
    const row8 = lines.slice(8 * SIDE + 4, 8 * SIDE + 24);
    assert.deepEqual(row8, new Array(20).fill(1), `row 8: ${row8.join('')}`);

    // Erase the bar's lower end: the model completes it.
    await select(island, /^Brush/).selectOption('erase');
    await redrawn(page, completion, () => stroke(page, island, [0.3, 0.7], [0.7, 0.7]));
    const completed = await assertCompletes(island);
    assert.ok(completed.kept.some((v) => v === 0));
    assert.deepEqual(completed.ink, lines, 'erasing keeps the ink underneath, shown violet');

    // Any region can be erased from the drawing, the one the select showed before the blank canvas too.
    assert.equal(await select(island, /^Erase/).inputValue(), '');
    await redrawn(page, completion, () => select(island, /^Erase/).selectOption('bottom half'));
    const halved = await assertCompletes(island);
    assert.deepEqual(halved.kept, asRegion('bottom half'));
    assert.deepEqual(halved.ink, lines);

    await redrawn(page, completion, () => island.getByRole('button', { name: 'Back to the test digits' }).click());
    assert.equal(
      await island.locator('.made-completion-editor figcaption').innerText(),
      `Test digit: a ${first!.label}`,
    );
    assert.deepEqual((await assertCompletes(island)).ink, Array.from(first!.pixels));
  });

  it('is operable from the keyboard: every select and button in turn', async () => {
    const { page, island } = await openDemo(completion);
    await settled(page, completion);
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement!;
        return e instanceof HTMLSelectElement ? `select ${e.value}` : e.textContent;
      });
    await select(island, /^Erase/).focus();
    const order = [await focused()];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    assert.deepEqual(order, [
      'select bottom half',
      'select kept first',
      'select erase',
      'Blank canvas',
      'Next test digit',
      'Complete again',
    ]);

    await select(island, /^Ordering/).focus();
    await redrawn(page, completion, () => page.keyboard.press('ArrowDown'));
    assert.equal(await statusLine(island), rowByRow(0));
    await page.keyboard.press('Shift+Tab');
    await redrawn(page, completion, () => page.keyboard.press('ArrowDown'));
    assert.equal(await statusLine(island), rowByRow(392));

    await island.getByRole('button', { name: 'Next test digit' }).focus();
    await redrawn(page, completion, () => page.keyboard.press('Enter'));
    assert.equal(
      await island.locator('.made-completion-editor figcaption').innerText(),
      `Test digit: a ${second!.label}`,
    );
    assert.deepEqual((await assertCompletes(island)).ink, Array.from(second!.pixels));
    await page.keyboard.press('Tab');
    await redrawn(page, completion, () => page.keyboard.press('Space'));

    await select(island, /^Brush/).focus();
    await page.keyboard.press('ArrowDown');
    assert.match(
      (await island.locator('.made-completion-editor canvas').getAttribute('aria-label'))!,
      /drag over it to draw\.$/,
    );
    await page.keyboard.press('Tab');
    await redrawn(page, completion, () => page.keyboard.press('Enter'));
    assert.equal(await island.locator('.made-completion-editor figcaption').innerText(), 'Your drawing');
  });
});

describe('MADE demos', () => {
  for (const width of [1280, 360]) {
    it(`keep their size from the page as built to their first draws, with no layout shift (${width} px wide)`, async () => {
      // A viewport short enough that neither demo starts until scrolled to (they start a screen
      // ahead), tall enough to hold either whole.
      const { page } = await openPage(browser, POST, { width, height: 700 });
      assert.equal(await page.locator('astro-island[ssr]:has(.made-sampler, .made-completion)').count(), 2);
      await page.waitForFunction(() => document.fonts.status === 'loaded', null, { timeout: 10_000 });
      // The figures' heights as built, then at every change of a demo's status or replay; and the
      // layout shifts the browser reports.
      await page.evaluate(() => {
        const heights = () =>
          [...document.querySelectorAll('figure:has(.made-sampler, .made-completion)')].map((f) => ({
            status: f.querySelector('[data-status]')!.getAttribute('data-status'),
            height: f.getBoundingClientRect().height,
          }));
        const w = window as unknown as { heights: () => unknown; seen: unknown[] };
        w.heights = heights;
        w.seen = [heights()];
        new MutationObserver(() => w.seen.push(heights())).observe(document.body, {
          subtree: true,
          attributes: true,
          attributeFilter: ['data-status', 'data-drawing'],
        });
      });
      await recordLayoutShifts(page);
      const since = await animationFrames(page, 2);
      for (const demo of ['.made-sampler', '.made-completion'] as const) {
        await page.locator(demo).scrollIntoViewIfNeeded({ timeout: 10_000 });
        await settled(page, demo);
      }
      // A layout-shift entry comes with the frame after the shift.
      await animationFrames(page, 2);
      type Figure = { status: string; height: number };
      const seen = await page.evaluate(() => {
        const w = window as unknown as { heights: () => unknown; seen: unknown[] };
        return [...w.seen, w.heights()] as Figure[][];
      });
      const statuses = (k: number) => [...new Set(seen.map((figures) => figures[k]!.status))];
      assert.deepEqual(
        [statuses(0), statuses(1)],
        [
          ['idle', 'loading', 'ready'],
          ['idle', 'loading', 'ready'],
        ],
      );
      const heights = seen.map((figures) => figures.map((f) => f.height));
      for (const h of heights) assert.deepEqual(h, heights[0], JSON.stringify(seen));
      const { shifts, cls } = await layoutShiftsSince(page, since);
      assert.ok(cls < 0.001, `cumulative layout shift ${cls}: ${JSON.stringify(shifts)}`);
    });
  }

  it('fit a 360 px wide screen, and run without console errors', async () => {
    const { page, errors } = await openDemo('.made-sampler', { width: 360 });
    await settled(page, '.made-sampler');
    await page.locator('.made-completion').scrollIntoViewIfNeeded({ timeout: 10_000 });
    await settled(page, '.made-completion');
    const { scrollWidth, innerWidth, demos } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      // Each demo's box and what overflows it (a clipped provenance summary does not).
      demos: [...document.querySelectorAll('.made-sampler, .made-completion')].map((e) => ({
        right: e.getBoundingClientRect().right,
        overflow: e.scrollWidth - e.clientWidth,
      })),
    }));
    assert.ok(scrollWidth <= innerWidth, `page ${scrollWidth} px wide in a ${innerWidth} px window`);
    for (const { right, overflow } of demos) {
      assert.ok(right <= innerWidth && overflow <= 0, `a demo reaches ${right} px, ${overflow} px over its box`);
    }
    assert.deepEqual(errors, []);
  });
});
