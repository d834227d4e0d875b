import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { calibrationFromLogits, softmax, type Calibration } from '@bounded-rationality/core/calibration/metrics.ts';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import { ensembleLogits } from '@bounded-rationality/core/classifier/ensemble.ts';
import { applyShift, shiftAmount, shiftById, type ShiftId } from '@bounded-rationality/core/shift/registry.ts';
import { createSession, runModel } from '../../training/src/onnx/run.ts';
import { formatShare, parseShiftData, SHIFT_SEED, type Settings } from '../../site/lib/demo/shift-explorer.ts';
import { baseUrl, launchBrowser, openPage, root } from '../support/harness.ts';
import { untilShowing } from '../support/frames.ts';
import { seriousViolations } from '../quality/axe.ts';

// The robustness post's demo run (robust-predictions): these tests check that the page shows what
// core computes here from the same model and digits, whatever the run's numbers are.
const POST = '/posts/shift-demo/';
const RUN = join(root, 'content/posts/hard-thing-about-ml');
const PIXELS = 784;
const BINS = 15;
const SHOWN = 10;
const data = parseShiftData(
  JSON.parse(readFileSync(join(RUN, 'data', 'robust-predictions.json'), 'utf8')),
  'the digits file',
);
const { members: M, classes: C } = data;
const isModel = (url: URL) => url.pathname.endsWith('.onnx');
const isDigits = (url: URL) => /\/robust-predictions[^/]*\.json$/.test(url.pathname);

/** The ensemble in onnxruntime-web under Node: the runtime and build the page's worker uses. */
let session: Awaited<ReturnType<typeof createSession>>;
let browser: Browser;
before(async () => {
  session = await createSession(readFileSync(join(RUN, 'models', 'robust-predictions.ensemble.onnx')));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await session?.release();
});
afterEach(() => Promise.all(browser.contexts().map((context) => context.close())));

/** The digits at a shift and severity, shifted here by core, and each member's logits for them. */
const batches = new Map<string, Promise<{ images: Float32Array; members: Float32Array[] }>>();
function batchOf(shift: ShiftId, severity: number) {
  const key = `${shift} ${severity}`;
  if (!batches.has(key)) {
    batches.set(
      key,
      (async () => {
        // Severity 0 is the unchanged digits; the others are core's shift with the demo's seed.
        const images = severity === 0 ? data.images : applyShift(shift, data.images, data.n, severity, SHIFT_SEED);
        const outputs = await runModel(session, ensembleClassifier.feeds(images, PIXELS));
        const members = Array.from({ length: M }, (_, m) => ensembleClassifier.memberLogits(outputs, M, C, m));
        return { images, members };
      })(),
    );
  }
  return batches.get(key)!;
}

interface Expected {
  calibration: Calibration;
  /** Accuracy, mean confidence and ECE as printed. */
  numbers: string[];
  /** Non-empty bins of the reliability diagram. */
  bins: number;
  /** What each confidently wrong digit's image says, most confident first. */
  mistakes: string[];
  /** The shifted digits' images, as grey levels 0–255, for the digits listed. */
  images: number[][];
}

/** What the page should show: core's metrics of member 0 or the ensemble, raw or at the file's temperature. */
async function expected(shift: ShiftId, severity: number, settings: Settings): Promise<Expected> {
  const { images, members } = await batchOf(shift, severity);
  const logits = settings.model === 'single' ? members[0]! : ensembleLogits(members, C);
  const temperature =
    settings.scaling === 'raw'
      ? 1
      : settings.model === 'single'
        ? data.temperatures.members[0]!
        : data.temperatures.ensemble;
  const calibration = calibrationFromLogits(logits, data.labels, C, { bins: BINS, temperature });
  const p = softmax(logits, C, temperature);
  const wrong: { i: number; label: number; said: number; confidence: number }[] = [];
  for (let i = 0; i < data.n; i++) {
    let said = 0;
    for (let c = 1; c < C; c++) if (logits[i * C + c]! > logits[i * C + said]!) said = c;
    if (said !== data.labels[i]) wrong.push({ i, label: data.labels[i]!, said, confidence: p[i * C + said]! });
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.i - b.i);
  const top = wrong.slice(0, SHOWN);
  return {
    calibration,
    numbers: [calibration.accuracy, calibration.confidence, calibration.ece].map(formatShare),
    bins: calibration.reliability.count.filter((n) => n > 0).length,
    mistakes: top.map((w) => `A ${w.label} taken for a ${w.said}, with ${formatShare(w.confidence)} confidence`),
    images: top.map((w) => Array.from(images.subarray(w.i * PIXELS, (w.i + 1) * PIXELS), (v) => Math.round(255 * v))),
  };
}

interface Shown {
  status: string | null;
  busy: string | null;
  numbers: string[];
  bins: number;
  mistakes: string[];
  /** The first confidently wrong digit's canvas as grey levels (null when blank). */
  firstMistake: number[] | null;
  severity: string;
}

const shown = (island: Locator): Promise<Shown> =>
  island.evaluate((root) => {
    const grey = (c: HTMLCanvasElement | null) => {
      if (!c) return null;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      if (d[3] !== 255) return null;
      return Array.from({ length: c.width * c.height }, (_, i) => d[4 * i]!);
    };
    return {
      status: root.getAttribute('data-status'),
      busy: root.getAttribute('data-busy'),
      numbers: ['accuracy', 'confidence', 'ece'].map((k) => root.querySelector(`.metrics .${k} dd`)!.textContent!),
      bins: root.querySelectorAll('.reliability .bar').length,
      mistakes: [...root.querySelectorAll('.mistakes li:not(.empty) canvas')].map((c) => c.getAttribute('aria-label')!),
      firstMistake: grey(root.querySelector<HTMLCanvasElement>('.mistakes li:not(.empty) canvas')),
      severity: root.querySelector<HTMLElement>('.severity output')!.innerText,
    };
  });

/** How what is shown differs from what is expected; empty when it is what is expected. */
function differences(s: Shown, want: Expected): string[] {
  const problems: string[] = [];
  if (s.status !== 'ready' || s.busy !== 'false') problems.push(`status ${s.status}, busy ${s.busy}`);
  if (s.numbers.join(' ') !== want.numbers.join(' ')) {
    problems.push(`accuracy, confidence, ECE ${s.numbers.join(', ')}, expected ${want.numbers.join(', ')}`);
  }
  if (s.bins !== want.bins) problems.push(`${s.bins} reliability bars, expected ${want.bins}`);
  if (s.mistakes.join('\n') !== want.mistakes.join('\n')) {
    problems.push(
      `the wrong digits read\n    ${s.mistakes.join('\n    ')}\n  expected\n    ${want.mistakes.join('\n    ')}`,
    );
  }
  const first = want.images[0];
  if (first) {
    const off = s.firstMistake?.filter((v, p) => Math.abs(v - first[p]!) > 1).length;
    if (off === undefined) problems.push('the first wrong digit is blank');
    else if (off > 0) problems.push(`the first wrong digit differs from the shifted digit in ${off} pixels`);
  }
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

/** The fixture post with the explorer scrolled to; uncaught exceptions and console errors collected. */
async function openDemo(options: Parameters<typeof openPage>[2] = {}) {
  const errors: string[] = [];
  const { page, requests } = await openPage(browser, POST, {
    ...options,
    beforeGoto: async (page) => {
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await options.beforeGoto?.(page);
    },
  });
  const island = page.locator('.shift-explorer');
  await island.scrollIntoViewIfNeeded({ timeout: 10_000 });
  return { page, island, errors, requests };
}

const slider = (island: Locator) => island.getByRole('slider', { name: 'Severity' });
const radio = (island: Locator, name: string | RegExp) => island.getByRole('radio', { name });
const updates = (page: Page) => page.evaluate(() => performance.getEntriesByName('shift-explorer:update').length);
const RAW_SINGLE: Settings = { model: 'single', scaling: 'raw' };

/** The slider's readout for a shift at a severity, as the reader reads it. */
function readout(shift: ShiftId, severity: number) {
  const unit = shiftById(shift).unit;
  return `${severity} of 5 ${unit.charAt(0).toUpperCase()}${unit.slice(1)}: ${shiftAmount(shift, severity)}`;
}

describe('the shift explorer', () => {
  it('shows at severity 0 the accuracy, confidence and ECE core computes in Node, its bins and the confidently wrong digits', async () => {
    const { page, island, errors } = await openDemo();
    const want = await expected('rotate', 0, RAW_SINGLE);
    const now = await showing(page, island, want);
    assert.ok(want.mistakes.length > 0, 'one network gets some unshifted digits wrong');
    assert.equal(now.severity, readout('rotate', 0));
    const caption = await island.locator('.mistakes figcaption').innerText();
    assert.match(caption, /^Most confidently wrong: (all \d+|\d+ of the \d+) digits it gets wrong/);
    assert.equal(await island.locator('.mistakes li:not(.empty)').count(), Math.min(SHOWN, want.mistakes.length));
    // The samples show digits, and the numbers are a live region.
    const samples = await island.locator('.samples canvas').evaluate((c: HTMLCanvasElement) =>
      c
        .getContext('2d')!
        .getImageData(0, 0, c.width, c.height)
        .data.some((v, i) => i % 4 === 0 && v > 0),
    );
    assert.ok(samples, 'the sample digits are drawn');
    assert.equal(await island.locator('.metrics').getAttribute('aria-live'), 'polite');
    assert.deepEqual(errors, []);
  });

  it('moves with the severity slider by keyboard: every step is core’s shift of the same digits', async () => {
    const { page, island, errors } = await openDemo();
    const clean = await expected('rotate', 0, RAW_SINGLE);
    await showing(page, island, clean);
    await slider(island).focus();
    await page.keyboard.press('ArrowRight');
    await showing(page, island, await expected('rotate', 1, RAW_SINGLE));
    await page.keyboard.press('End');
    const worst = await expected('rotate', 5, RAW_SINGLE);
    const now = await showing(page, island, worst);
    assert.notEqual(worst.numbers[0], clean.numbers[0], 'rotating by 60° changes the accuracy');
    assert.ok(worst.calibration.accuracy < clean.calibration.accuracy);
    assert.equal(now.severity, readout('rotate', 5));
    assert.equal(await slider(island).getAttribute('aria-valuetext'), `5 of 5: Degrees counter-clockwise: 60`);
    await page.keyboard.press('Home');
    await showing(page, island, clean);
    assert.deepEqual(errors, []);
  });

  it('toggles: a temperature changes the ECE but not the accuracy; the ensemble is core’s ensemble', async () => {
    const { page, island, errors } = await openDemo();
    await showing(page, island, await expected('rotate', 0, RAW_SINGLE));
    await slider(island).fill('2');
    const raw = await expected('rotate', 2, RAW_SINGLE);
    await showing(page, island, raw);

    await radio(island, /^Temperature-scaled \(T = \d\.\d\d\)$/).check();
    const scaled = await expected('rotate', 2, { model: 'single', scaling: 'scaled' });
    await showing(page, island, scaled);
    assert.equal(scaled.numbers[0], raw.numbers[0], 'the accuracy stays');
    assert.notEqual(scaled.numbers[2], raw.numbers[2], 'the ECE moves');
    assert.equal(
      await radio(island, /^Temperature-scaled/).evaluate((r) => r.parentElement!.textContent),
      `Temperature-scaled (T = ${data.temperatures.members[0]!.toFixed(2)})`,
    );

    await radio(island, `Ensemble of ${M}`).check();
    await showing(page, island, await expected('rotate', 2, { model: 'ensemble', scaling: 'scaled' }));
    assert.equal(
      await radio(island, /^Temperature-scaled/).evaluate((r) => r.parentElement!.textContent),
      `Temperature-scaled (T = ${data.temperatures.ensemble.toFixed(2)})`,
    );
    await radio(island, 'Raw').check();
    const ensemble = await expected('rotate', 2, { model: 'ensemble', scaling: 'raw' });
    await showing(page, island, ensemble);
    assert.notEqual(ensemble.numbers.join(), raw.numbers.join(), 'the ensemble is not the one network');
    assert.deepEqual(errors, []);
  });

  it('works from the keyboard alone: shift, severity and both toggles, in tab order', async () => {
    const { page, island, errors } = await openDemo();
    await showing(page, island, await expected('rotate', 0, RAW_SINGLE));
    const select = island.getByRole('combobox', { name: 'Shift' });
    await select.focus();
    // Translation, scale, shear, then Gaussian noise.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await select.inputValue(), 'noise');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'range');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    // The noise is core's, with the demo's seed: the page shows what Node gets from the same draw.
    await showing(page, island, await expected('noise', 3, RAW_SINGLE));
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(await radio(island, `Ensemble of ${M}`).isChecked(), true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(await radio(island, /^Temperature-scaled/).isChecked(), true);
    await showing(page, island, await expected('noise', 3, { model: 'ensemble', scaling: 'scaled' }));
    assert.deepEqual(errors, []);
  });

  it('runs the model at most once per frame however fast the slider moves', async () => {
    const { page, island } = await openDemo();
    await showing(page, island, await expected('rotate', 0, RAW_SINGLE));
    const before = await updates(page);
    // Five moves within one task, so within one frame: only the last is worked out.
    await slider(island).evaluate((input: HTMLInputElement) => {
      for (const v of ['1', '2', '3', '4', '5']) {
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await showing(page, island, await expected('rotate', 5, RAW_SINGLE));
    assert.equal((await updates(page)) - before, 1);
  });
});

describe('failures', () => {
  it('says so when the model cannot be downloaded, and recovers with “Try again”', async () => {
    const { page, island } = await openDemo({
      beforeGoto: (page) => page.route(isModel, (route) => route.fulfill({ status: 404, body: 'not found' })),
    });
    await island.and(page.locator('[data-status="error"]')).waitFor({ timeout: 30_000 });
    assert.match(
      await island.locator('.demo-error').innerText(),
      /^The model \S+\.onnx could not be downloaded \(HTTP 404\)\.$/,
    );
    assert.equal(await slider(island).isDisabled(), true, 'the controls wait for the model');
    await page.unroute(isModel);
    await island.getByRole('button', { name: 'Try again' }).click();
    await showing(page, island, await expected('rotate', 0, RAW_SINGLE));
  });

  it('names the digits file and its fault when it is corrupt', async () => {
    const { page, island, requests } = await openDemo({
      beforeGoto: (page) =>
        page.route(isDigits, async (route) => {
          const file = (await (await route.fetch()).json()) as { digits: { labels: number[] } };
          file.digits.labels[3] = 10;
          await route.fulfill({ json: file });
        }),
    });
    await island.and(page.locator('[data-status="error"]')).waitFor({ timeout: 30_000 });
    const path = new URL(requests.find((r) => isDigits(new URL(r.url)))!.url).pathname;
    assert.equal(
      await island.locator('.demo-error').innerText(),
      `The digits file ${path} is malformed: digits.labels[3] is 10, not a class in 0…9.`,
    );
    await page.unroute(isDigits);
    await island.getByRole('button', { name: 'Try again' }).click();
    await showing(page, island, await expected('rotate', 0, RAW_SINGLE));
  });
});

describe('accessibility', () => {
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
      const island = page.locator('.shift-explorer');
      await island.scrollIntoViewIfNeeded();
      await showing(page, island, await expected('rotate', 0, RAW_SINGLE));
      assert.deepEqual(await seriousViolations(page), []);
    });
  }
});
