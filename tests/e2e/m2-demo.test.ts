import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { m2Classifier, m2Decoder, m2Encoder, oneHotRows } from '@bounded-rationality/core/m2/contract.ts';
import { readTestDigits } from '@bounded-rationality/core/mnist/test-digits.ts';
import { createSession, runModel } from '../../training/src/onnx/run.ts';
import { formatSlider, parseStyleData, type StyleData } from '../../site/lib/demo/style-explorer.ts';
import { launchBrowser, openPage, root } from '../support/harness.ts';
import { untilShowing } from '../support/frames.ts';

// The demo run of the semi-supervised post (m2-l100-s1), which a later run replaces: these tests
// check that the page shows what the models give, whatever the models are.
const POST = '/posts/m2-demo/';
const RUN = join(root, 'content/posts/semi-supervised-vae');
const MODELS = ['classifier', 'encoder', 'decoder'] as const;
const CLASSES = 10;
const PIXELS = 784;
/** The sliders the island shows by default. */
const SLIDERS = 4;
const [first, second] = readTestDigits(
  JSON.parse(readFileSync(join(root, 'site/data/mnist-test-digits.json'), 'utf8')),
).digits;

/** The same models in onnxruntime-web under Node: the runtime and build the page's worker uses. */
type Session = Awaited<ReturnType<typeof createSession>>;
let sessions: Record<(typeof MODELS)[number], Session>;
let style: StyleData;
let browser: Browser;
before(async () => {
  const bytes = (role: string) => readFileSync(join(RUN, 'models', `m2-l100-s1.${role}.onnx`));
  const [classifier, encoder, decoder] = await Promise.all(MODELS.map((role) => createSession(bytes(role))));
  sessions = { classifier: classifier!, encoder: encoder!, decoder: decoder! };
  style = parseStyleData(JSON.parse(readFileSync(join(RUN, 'data', 'm2-l100-s1.json'), 'utf8')), 'the style file');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(sessions ?? {}).map((s) => s.release()));
});
afterEach(() => Promise.all(browser.contexts().map((context) => context.close())));

/** Index of the largest value (the first of equals). */
const argmax = (values: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
};

/** What the page should show for `digit` at slider setting `sliders`, computed here. */
interface Expected {
  probabilities: Float32Array;
  top: number;
  /** The ten decoded digits, as grey levels 0-255 (the canvas's round(255 p)). */
  images: number[][];
}

/**
 * q(y | x), ŷ its argmax, z the encoder's mean for (x, ŷ), moved by s_k standard deviations along
 * each of the style file's first directions, and z decoded as every class: the explorer's
 * computation, written out again here.
 */
async function expected(digit: Float32Array, sliders: readonly number[] = [0, 0, 0, 0]): Promise<Expected> {
  const probabilities = m2Classifier.probabilities(
    await runModel(sessions.classifier, m2Classifier.feeds(digit, PIXELS)),
  );
  const top = argmax(probabilities);
  const code = m2Encoder.mean(
    await runModel(sessions.encoder, m2Encoder.feeds(digit, oneHotRows([top], CLASSES), PIXELS, CLASSES)),
  );
  assert.equal(code.length, style.latentDim);
  const z = Float32Array.from(code);
  sliders.forEach((s, k) => {
    const { vector, sd } = style.directions[k]!;
    for (let i = 0; i < z.length; i++) z[i] = z[i]! + s * sd * vector[i]!;
  });
  const rows = new Float32Array(CLASSES * z.length);
  for (let c = 0; c < CLASSES; c++) rows.set(z, c * z.length);
  const labels = oneHotRows([...Array(CLASSES).keys()], CLASSES);
  const decoded = m2Decoder.probabilities(
    await runModel(sessions.decoder, m2Decoder.feeds(rows, labels, style.latentDim, CLASSES)),
  );
  const images = Array.from({ length: CLASSES }, (_, c) =>
    Array.from(decoded.subarray(c * PIXELS, (c + 1) * PIXELS), (p) => Math.round(255 * p)),
  );
  return { probabilities, top, images };
}

/** What the explorer shows now, read from its DOM and canvases. */
interface Shown {
  status: string | null;
  busy: string | null;
  /** Each class's probability, as the length of its bar (null without one). */
  bars: (number | null)[];
  /** Each bar's printed value. */
  values: string[];
  /** The class whose bar is marked most probable, −1 for none. */
  top: number;
  /** The ten digits as grey levels, null where a canvas is blank. */
  images: (number[] | null)[];
  legend: string;
}

const shown = (island: Locator): Promise<Shown> =>
  island.evaluate((root) => {
    const bars = [...root.querySelectorAll('.class-bars li')];
    return {
      status: root.getAttribute('data-status'),
      busy: root.getAttribute('data-busy'),
      bars: bars.map((li) => {
        const width = li.querySelector<HTMLElement>('.bar > span')!.style.width;
        return width === '' || width === '0%' ? null : parseFloat(width) / 100;
      }),
      values: bars.map((li) => li.querySelector('.value')!.childNodes[0]!.textContent!),
      top: bars.findIndex((li) => li.classList.contains('top')),
      images: [...root.querySelectorAll<HTMLCanvasElement>('.strip canvas.image-grid')].map((c) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        if (data[3] !== 255) return null;
        return Array.from({ length: c.width * c.height }, (_, i) => data[4 * i]!);
      }),
      legend: root.querySelector<HTMLElement>(':scope > .demo-status')!.innerText,
    };
  });

const legend = (top: number) =>
  `Your digit’s style z, from q(z | x, y = ${top}) with ${top} the most probable class, drawn as every digit.`;
/** Grey levels a decoded pixel may differ by between the page's runtime and this one (rounding). */
const GREY_TOLERANCE = 2;

/** How what is shown differs from what is expected; empty when it is what is expected. */
function differences(s: Shown, want: Expected): string[] {
  const problems: string[] = [];
  if (s.status !== 'ready' || s.busy !== 'false') problems.push(`status ${s.status}, busy ${s.busy}`);
  if (s.bars.length !== CLASSES) problems.push(`${s.bars.length} class bars`);
  s.bars.forEach((p, c) => {
    const q = want.probabilities[c]!;
    if (p === null && q > 1e-3) problems.push(`class ${c} has no bar, expected ${q}`);
    if (p !== null && Math.abs(p - q) > 1e-3) problems.push(`class ${c}'s bar is ${p}, expected ${q}`);
    // Printed with one decimal: the printed value is within rounding of the expected one.
    const printed = Number(s.values[c]!.replace(/%$/, ''));
    if (!(Math.abs(printed - 100 * q) <= 0.05 + 1e-3)) problems.push(`class ${c} prints ${s.values[c]}, expected ${q}`);
  });
  if (s.top !== want.top) problems.push(`class ${s.top} is marked most probable, expected ${want.top}`);
  if (s.legend !== legend(want.top)) problems.push(`the legend says “${s.legend}”`);
  if (s.images.length !== CLASSES) problems.push(`${s.images.length} decoded digits`);
  s.images.forEach((image, c) => {
    const off = image?.filter((v, p) => Math.abs(v - want.images[c]![p]!) > GREY_TOLERANCE).length;
    if (off === undefined) problems.push(`the ${c} is blank`);
    else if (off > 0) problems.push(`the ${c} differs from the expected image in ${off} pixels`);
  });
  return problems;
}

/** Waits, frame by frame, until the explorer shows `want`; fails with what still differs. */
function showing(page: Page, island: Locator, want: Expected, timeoutMs = 30_000): Promise<Shown> {
  return untilShowing(
    page,
    () => shown(island),
    (now) => differences(now, want),
    'the explorer',
    timeoutMs,
  );
}

/** The bars sum to 1 and the marked bar is the longest. */
function assertDistribution(s: Shown) {
  const ps = s.bars.map((p) => p ?? 0);
  const sum = ps.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-3, `the bars sum to ${sum}`);
  assert.equal(argmax(ps), s.top, 'the longest bar is the one marked most probable');
}

/** The model's view of the explorer's canvas, as 0/1 pixels. */
const seen = async (island: Locator) =>
  Float32Array.from(
    await island.locator('.digit-canvas .seen canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return Array.from({ length: c.width * c.height }, (_, i) => d[4 * i]! / 255);
    }),
  );

const slider = (island: Locator, k: number) => island.getByRole('slider', { name: `Style ${k + 1}` });
const readout = (island: Locator, k: number) => island.locator('.sliders output').nth(k);

async function assertSlider(island: Locator, k: number, value: number) {
  assert.equal(Number(await slider(island, k).inputValue()), value);
  assert.equal(await slider(island, k).getAttribute('aria-valuetext'), formatSlider(value));
  assert.equal(await readout(island, k).innerText(), formatSlider(value));
}

/** Whether each slider is disabled (they are while there is no digit to move the style of). */
const slidersDisabled = (island: Locator) =>
  Promise.all([...Array(SLIDERS).keys()].map((k) => slider(island, k).isDisabled()));
const ALL_OFF = new Array<boolean>(SLIDERS).fill(true);
const ALL_ON = new Array<boolean>(SLIDERS).fill(false);

const canvasStatus = (island: Locator) => island.locator('.digit-canvas .demo-status').innerText();

/**
 * The fixture post with the explorer of the figure `figure` scrolled to; the page's uncaught
 * exceptions and console errors are collected from its start.
 */
async function openExplorer(figure = 'style-demo', options: Parameters<typeof openPage>[2] = {}) {
  const errors: string[] = [];
  const { page, requests } = await openPage(browser, POST, {
    ...options,
    beforeGoto: async (page) => {
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await options.beforeGoto?.(page);
    },
  });
  const island = explorer(page, figure);
  await island.scrollIntoViewIfNeeded({ timeout: 10_000 });
  return { page, requests, errors, island };
}

/** The explorer in the figure `figure`, or with `status` only once it is in that state. */
const explorer = (page: Page, figure: string, status?: string) =>
  page.locator(`#${figure} .style-explorer${status ? `[data-status="${status}"]` : ''}`);

/** As `openExplorer`, once the models and the style file are in. */
async function openReady() {
  const opened = await openExplorer();
  await explorer(opened.page, 'style-demo', 'ready').waitFor({ timeout: 60_000 });
  return opened;
}

describe('M2 style explorer', () => {
  it('reads a test digit with the three models: ten bars that sum to 1, led by the class q(y | x) gives it, and its style as all ten digits', async () => {
    const { page, island, requests, errors } = await openReady();
    // The run's three models and its style file, each downloaded as a file.
    const fetched = requests.map((r) => new URL(r.url).pathname);
    for (const role of MODELS) {
      assert.ok(
        fetched.some((p) => new RegExp(`/m2-l100-s1\\.${role}\\.[\\w-]+\\.onnx$`).test(p)),
        `the ${role} was downloaded`,
      );
    }
    assert.ok(
      fetched.some((p) => /\/m2-l100-s1\.[\w-]+\.json$/.test(p)),
      'the style file was downloaded',
    );

    // The example: the first test digit, read as the models read it here.
    const want = await expected(first!.pixels);
    const now = await showing(page, island, want);
    assertDistribution(now);
    assert.deepEqual(await seen(island), first!.pixels);
    assert.deepEqual(
      await island.locator('.strip canvas').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label'))),
      [...Array(CLASSES).keys()].map((c) => `The style drawn as a ${c}`),
    );
    // The ten digits are ten images, not one repeated: the class changes what is drawn.
    assert.equal(new Set(now.images.map((image) => image!.join())).size, CLASSES);
    assert.deepEqual(await slidersDisabled(island), ALL_ON);
    assert.match(await island.locator('.demo-provenance summary').innerText(), /m2-l100-s1/);

    // Another test digit, picked with the button.
    await island.getByRole('button', { name: 'Next test digit' }).click();
    const next = await expected(second!.pixels);
    assertDistribution(await showing(page, island, next));
    assert.deepEqual(await seen(island), second!.pixels);
    assert.deepEqual(errors, []);
  });

  it('moves all ten digits along the style directions, and back with “Reset the style”', async () => {
    const { page, island } = await openReady();
    const start = await showing(page, island, await expected(first!.pixels));
    const reset = island.getByRole('button', { name: 'Reset the style' });
    assert.equal(await reset.isDisabled(), true);

    await slider(island, 0).fill('2');
    await assertSlider(island, 0, 2);
    const moved = await showing(page, island, await expected(first!.pixels, [2, 0, 0, 0]));
    for (let c = 0; c < CLASSES; c++) assert.notDeepEqual(moved.images[c], start.images[c], `the ${c} changed`);
    // The class reading is the digit's, whatever the style.
    assert.deepEqual(moved.bars, start.bars);

    await slider(island, 2).fill('-1.5');
    await assertSlider(island, 2, -1.5);
    const both = await showing(page, island, await expected(first!.pixels, [2, 0, -1.5, 0]));
    for (let c = 0; c < CLASSES; c++) assert.notDeepEqual(both.images[c], moved.images[c], `the ${c} changed`);

    await reset.click();
    for (let k = 0; k < SLIDERS; k++) await assertSlider(island, k, 0);
    const back = await showing(page, island, await expected(first!.pixels));
    assert.deepEqual(back.images, start.images);
    assert.equal(await reset.isDisabled(), true);
  });

  it('reads what the reader draws: new bars, and the drawing’s style as every digit', async () => {
    const { page, island, errors } = await openReady();
    const before = await showing(page, island, await expected(first!.pixels));

    // A vertical bar down the middle: it replaces the example.
    const drawing = island.locator('canvas.drawing');
    const box = (await drawing.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85, { steps: 12 });
    await page.mouse.up();
    await island
      .locator('.digit-canvas .demo-status', { hasText: 'Keep drawing, or undo, clear, or try a test digit.' })
      .waitFor();
    const digit = await seen(island);
    assert.notDeepEqual(digit, first!.pixels);
    assert.ok(digit.some((v) => v === 1));

    const want = await expected(digit);
    const now = await showing(page, island, want);
    assertDistribution(now);
    assert.notDeepEqual(now.bars, before.bars, 'the bars changed');
    for (let c = 0; c < CLASSES; c++) assert.notDeepEqual(now.images[c], before.images[c], `the ${c} changed`);

    // Cleared: no bars, no digits, sliders off, and the prompt.
    await island.getByRole('button', { name: 'Clear' }).click();
    await island.locator(':scope > .demo-status', { hasText: 'Draw a digit, or use a test digit.' }).waitFor();
    const cleared = await shown(island);
    assert.deepEqual(cleared.bars, new Array(CLASSES).fill(null));
    assert.deepEqual(cleared.values, new Array(CLASSES).fill('–'));
    assert.equal(cleared.top, -1);
    assert.deepEqual(cleared.images, new Array(CLASSES).fill(null));
    assert.deepEqual(await slidersDisabled(island), ALL_OFF);
    assert.equal(await canvasStatus(island), 'Draw a digit from 0 to 9 in the square.');
    assert.deepEqual(errors, []);
  });

  it('is operable from the keyboard: the arrow, End and Home keys move a slider, Tab goes from one to the next and on to the reset', async () => {
    const { page, island } = await openReady();
    await showing(page, island, await expected(first!.pixels));
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        return e instanceof HTMLInputElement ? e.labels?.[0]?.textContent : e?.textContent;
      });

    await slider(island, 0).focus();
    await page.keyboard.press('ArrowRight');
    await assertSlider(island, 0, 0.1);
    await showing(page, island, await expected(first!.pixels, [0.1, 0, 0, 0]));
    await page.keyboard.press('End');
    await assertSlider(island, 0, 3);
    await showing(page, island, await expected(first!.pixels, [3, 0, 0, 0]));

    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Style 2');
    await page.keyboard.press('Home');
    await assertSlider(island, 1, -3);
    await page.keyboard.press('ArrowLeft');
    await assertSlider(island, 1, -3);
    await page.keyboard.press('ArrowRight');
    await assertSlider(island, 1, -2.9);
    await showing(page, island, await expected(first!.pixels, [3, -2.9, 0, 0]));

    const order: (string | null | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    assert.deepEqual(order, ['Style 3', 'Style 4', 'Reset the style']);
    await page.keyboard.press('Enter');
    for (let k = 0; k < SLIDERS; k++) await assertSlider(island, k, 0);
    await showing(page, island, await expected(first!.pixels));

    // The test digits, from the keyboard too.
    await island.getByRole('button', { name: 'Next test digit' }).focus();
    await page.keyboard.press('Enter');
    await showing(page, island, await expected(second!.pixels));
  });

  it('names the classifier that is not a model, offers “Try again”, and leaves the rest of the page working', async () => {
    const broken = (url: URL) => /\/not-a-model\.classifier\.[\w-]+\.onnx$/.test(url.pathname);
    // Answered by the server as built until `fixed`, then with the real classifier.
    let fixed = false;
    const classifierBytes = readFileSync(join(RUN, 'models', 'm2-l100-s1.classifier.onnx'));
    const { page, island, requests, errors } = await openExplorer('broken-demo', {
      beforeGoto: async (page) => {
        await page.route(broken, (route) =>
          fixed
            ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: classifierBytes })
            : route.fallback(),
        );
        // Every change of the broken explorer's data-status, in order.
        await page.addInitScript(() => {
          const w = window as unknown as { states: string[] };
          w.states = [];
          new MutationObserver(() => {
            const state = document.querySelector('#broken-demo .style-explorer')?.getAttribute('data-status');
            if (state && w.states.at(-1) !== state) w.states.push(state);
          }).observe(document, { subtree: true, childList: true, attributeFilter: ['data-status'] });
        });
      },
    });
    const states = () => page.evaluate(() => (window as unknown as { states: string[] }).states);
    await explorer(page, 'broken-demo', 'error').waitFor({ timeout: 60_000 });
    const MESSAGE = /^The model \/\S+\/not-a-model\.classifier\.[\w-]+\.onnx is damaged or not an ONNX model \(.+\)\.$/;
    assert.match(await island.locator('.demo-error').innerText(), MESSAGE);
    const retry = island.getByRole('button', { name: 'Try again' });
    assert.equal(await retry.isVisible(), true);
    assert.deepEqual(await slidersDisabled(island), ALL_OFF);
    assert.deepEqual((await shown(island)).bars, new Array(CLASSES).fill(null));
    assert.equal(await island.locator('.placeholder').innerText(), 'The ten digits in your digit’s style appear here.');
    assert.deepEqual(await states(), ['idle', 'loading', 'error']);

    // Trying again downloads the file again, and fails again with the same message.
    const downloads = () => requests.filter((r) => broken(new URL(r.url))).length;
    const before = downloads();
    await retry.click();
    await page.waitForFunction(() => (window as unknown as { states: string[] }).states.length === 5);
    assert.deepEqual(await states(), ['idle', 'loading', 'error', 'loading', 'error']);
    assert.equal(downloads(), before + 1);
    assert.match(await island.locator('.demo-error').innerText(), MESSAGE);

    // The demo above, with the same encoder and decoder in the same worker, works.
    const working = explorer(page, 'style-demo');
    await working.scrollIntoViewIfNeeded();
    await explorer(page, 'style-demo', 'ready').waitFor({ timeout: 60_000 });
    const want = await expected(first!.pixels);
    await showing(page, working, want);
    await slider(working, 1).fill('1');
    await showing(page, working, await expected(first!.pixels, [0, 1, 0, 0]));

    // Once the file is a model, “Try again” brings the broken demo up.
    fixed = true;
    await island.scrollIntoViewIfNeeded();
    await retry.click();
    assertDistribution(await showing(page, island, want, 60_000));
    assert.deepEqual((await states()).slice(5), ['loading', 'ready']);
    assert.equal(await island.locator('.demo-error').count(), 0);
    assert.deepEqual(errors, []);
  });
});
