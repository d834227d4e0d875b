import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './harness.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

const isRuntime = (url: string) => /ort|\.onnx|\.wasm/.test(url);

/** Pixels of the demo's canvas: the sum of its red channel, a cheap fingerprint of the image. */
const canvasSum = (page: Page) =>
  page.locator('.latent-pad canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i]!;
    return sum;
  });

describe('latent pad demo', () => {
  it('decodes with the real ONNX model in a worker, and redraws as the point is dragged', async () => {
    const { page, requests } = await openPage(browser, '/posts/latent-pad-demo/');
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    await page.locator('.latent-pad[data-status="ready"]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('.latent-pad canvas');
      if (!c) return false;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return d.some((v, i) => i % 4 === 0 && v > 0);
    });
    const first = await canvasSum(page);
    assert.ok(first > 0, 'the decoded image is not blank');
    assert.ok(requests.some((r) => r.url.endsWith('/models/vae-baseline/vae-z2.decoder.onnx')));
    assert.equal(requests.filter((r) => r.url.endsWith('.wasm')).length, 1, 'one wasm binary');

    const pad = page.locator('.latent-pad .pad');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.1, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((before) => {
      const c = document.querySelector<HTMLCanvasElement>('.latent-pad canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i]!;
      return sum !== before;
    }, first);
    assert.match(await page.locator('.latent-pad .status').innerText(), /z = \(2\.\d\d, 2\.\d\d\)/);

    // Keyboard: arrows move the point.
    await pad.focus();
    await page.keyboard.press('ArrowLeft');
    assert.match((await pad.getAttribute('aria-valuetext')) ?? '', /z₁ = 2\.\d\d/);
  });

  it('says so when the model cannot be downloaded, offers a retry, and leaves the page usable', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let refuse = true;
    await page.route('**/vae-z2.decoder.onnx', (route) =>
      refuse ? route.fulfill({ status: 404, body: 'not found' }) : route.continue(),
    );
    const { baseUrl } = await import('./harness.ts');
    await page.goto(`${baseUrl()}/posts/latent-pad-demo/`);
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    await page.locator('.latent-pad[data-status="error"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.latent-pad .status').innerText(), /could not be downloaded \(HTTP 404\)/);
    // The static poster is still there, and the rest of the page works.
    assert.equal(await page.locator('.latent-pad .output img').count(), 1);
    await page.locator('[data-theme-toggle]').click();
    refuse = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.latent-pad[data-status="ready"]').waitFor({ timeout: 20_000 });
    await context.close();
  });

  it('is not fetched at all by a page without demos', async () => {
    const { requests } = await openPage(browser, '/posts/math-heavy/');
    assert.deepEqual(
      requests.filter((r) => isRuntime(r.url)).map((r) => r.url),
      [],
    );
  });
});
