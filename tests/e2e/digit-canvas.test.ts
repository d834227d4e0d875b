import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, root } from '../support/harness.ts';
import { preprocessDigit } from '@bounded-rationality/core/mnist/preprocess.ts';
import { readTestDigits } from '@bounded-rationality/core/mnist/test-digits.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

/** The red channel of a canvas, scaled to [0, 1], with its size. */
const channel = (page: Page, selector: string) =>
  page.locator(selector).evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return {
      width: c.width,
      height: c.height,
      values: Array.from({ length: c.width * c.height }, (_, i) => data[4 * i]! / 255),
    };
  });

const seen = async (page: Page) => Float32Array.from((await channel(page, '#draw .digit-canvas .seen canvas')).values);

/**
 * Does `action`, then waits for the status line to say `text` and returns the model's view as it
 * was in that same frame: the island draws what it announces before announcing it.
 */
async function seenWhenSaid(page: Page, text: string, action: () => Promise<void>): Promise<Float32Array> {
  const said = page.waitForFunction((text) => {
    const island = document.querySelector('#draw .digit-canvas')!;
    if (!island.querySelector('.demo-status')!.textContent!.includes(text)) return null;
    const c = island.querySelector<HTMLCanvasElement>('.seen canvas')!;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return Array.from({ length: c.width * c.height }, (_, i) => data[4 * i]! / 255);
  }, text);
  await action();
  return Float32Array.from((await (await said).jsonValue())!);
}

/** Waits until the model's view is blank, or has ink. */
const seenState = (page: Page, state: 'empty' | 'inked') =>
  page.waitForFunction((state) => {
    const c = document.querySelector<HTMLCanvasElement>('#draw .digit-canvas .seen canvas')!;
    const red = c
      .getContext('2d')!
      .getImageData(0, 0, 28, 28)
      .data.filter((_, i) => i % 4 === 0);
    return state === 'empty' ? red.every((v) => v === 0) : red.some((v) => v > 0);
  }, state);

async function stroke(page: Page, points: [number, number][]) {
  const box = (await page.locator('#draw .digit-canvas canvas.drawing').boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 12 });
  await page.mouse.up();
}

describe('digit canvas', () => {
  it('turns a drawing into the MNIST-style input the preprocessing module computes', async () => {
    const { page } = await openPage(browser, '/posts/latent-pad-demo/');
    // A vertical stroke through the middle: a bar 20 pixels tall, about 2 wide, centred by mass.
    await stroke(page, [
      [0.5, 0.15],
      [0.5, 0.85],
    ]);
    await seenState(page, 'inked');
    const model = await seen(page);
    // The same pipeline run here, in Node, on the pixels of the drawing (device scale 1: 280 × 280).
    const drawing = await channel(page, '#draw .digit-canvas canvas.drawing');
    assert.deepEqual([drawing.width, drawing.height], [280, 280]);
    assert.deepEqual(model, preprocessDigit(Float32Array.from(drawing.values), 280, 280));

    const inked = [...model.keys()].filter((i) => model[i] === 1);
    const rows = new Set(inked.map((i) => Math.floor(i / 28)));
    const columns = new Set(inked.map((i) => i % 28));
    assert.equal(rows.size, 20, 'the longer side is scaled to 20 pixels');
    assert.ok(columns.size >= 1 && columns.size <= 3, `a thin bar, got ${columns.size} columns`);
    assert.ok(
      [...columns].every((c) => c >= 12 && c <= 15),
      'centred horizontally',
    );
    assert.ok(Math.abs([...rows].reduce((a, b) => a + b, 0) / rows.size - 14) <= 1, 'centred vertically');

    // Undo empties it; the model then sees nothing, and the status line asks for a digit again.
    await page.locator('#draw').getByRole('button', { name: 'Undo' }).click();
    await seenState(page, 'empty');
    assert.equal(await page.locator('#draw').getByRole('button', { name: 'Clear' }).isDisabled(), true);
    assert.equal(await page.locator('#draw').getByRole('button', { name: 'Undo' }).isDisabled(), true);
    assert.equal(
      await page.locator('#draw .digit-canvas .demo-status').innerText(),
      'Draw a digit from 0 to 9 in the square.',
    );
  });

  it('offers the test digits, loaded only when asked for, exactly as the data set has them', async () => {
    const { page, requests } = await openPage(browser, '/posts/latent-pad-demo/');
    const isDigits = (r: { url: string }) => r.url.includes('mnist-test-digits');
    assert.equal(requests.filter(isDigits).length, 0);
    const file = readTestDigits(JSON.parse(readFileSync(join(root, 'site/data/mnist-test-digits.json'), 'utf8')));
    const [first, second] = file.digits;
    const useFirst = () => page.locator('#draw').getByRole('button', { name: 'Use a test digit' }).click();
    assert.deepEqual(await seenWhenSaid(page, `A test digit: a ${first!.label} `, useFirst), first!.pixels);
    assert.equal(requests.filter(isDigits).length, 1);

    const useNext = () => page.locator('#draw').getByRole('button', { name: 'Next test digit' }).click();
    assert.deepEqual(await seenWhenSaid(page, `(image ${second!.index} of`, useNext), second!.pixels);

    // Drawing on top of a test digit runs the drawing through the pipeline; Clear removes both,
    // and Undo brings them back, then the test digit alone, each described as it is shown.
    await stroke(page, [
      [0.1, 0.1],
      [0.3, 0.1],
    ]);
    await page.locator('#draw').getByRole('button', { name: 'Clear' }).click();
    await seenState(page, 'empty');
    const status = page.locator('#draw .digit-canvas .demo-status');
    const undo = () => page.locator('#draw').getByRole('button', { name: 'Undo' }).click();
    await undo();
    assert.equal(await status.innerText(), 'Keep drawing, or undo, clear, or try a test digit.');
    assert.deepEqual(
      await seenWhenSaid(page, `A test digit: a ${second!.label} (image ${second!.index} of the test split).`, undo),
      second!.pixels,
    );
  });

  it('draws with touch', async () => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const { baseUrl } = await import('../support/harness.ts');
    await page.goto(new URL('/posts/latent-pad-demo/', baseUrl()).href, { waitUntil: 'networkidle' });
    const canvas = page.locator('#draw .digit-canvas canvas.drawing');
    const box = (await canvas.boundingBox())!;
    const cdp = await context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + x * box.width, y: box.y + y * box.height }],
      });
    await touch('touchStart', 0.3, 0.2);
    for (let i = 1; i <= 10; i++) await touch('touchMove', 0.3 + 0.04 * i, 0.2 + 0.06 * i);
    await touch('touchEnd', 0, 0);
    await seenState(page, 'inked');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await context.close();
  });
});
