import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from '../support/harness.ts';
import { islandsInViewHydrated } from '../support/islands.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

const DEMO = '/posts/latent-pad-demo/';
const isRuntime = (url: string) => /ort-wasm|worker|\.onnx|\.wasm/.test(url);

/** Sum of the red channel of the first canvas under `selector`: a cheap fingerprint of the image. */
const canvasSum = (page: Page, selector: string) =>
  page
    .locator(`${selector} canvas`)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i]!;
      return sum;
    });

const waitForChange = (page: Page, selector: string, before: number) =>
  page.waitForFunction(
    ([selector, before]) => {
      const c = document.querySelector<HTMLCanvasElement>(`${selector} canvas`);
      if (!c) return false;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i]!;
      return sum !== before;
    },
    [selector, before] as const,
  );

/** A fresh page on the demo post, with `setup` run before it loads (routes, init scripts). */
async function demoPage(setup: (page: Page) => Promise<unknown> = async () => {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await setup(page);
  await page.goto(new URL(DEMO, baseUrl()).href);
  return { page, context, errors };
}

describe('latent pad', () => {
  it('decodes with the real ONNX model in a worker, and redraws as the point is dragged', async () => {
    const { page, requests } = await openPage(browser, DEMO);
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    // The canvas comes with its digit drawn.
    await page.locator('.latent-pad[data-status="ready"] canvas').waitFor({ timeout: 20_000 });
    const first = await canvasSum(page, '.latent-pad');
    assert.ok(first > 0, 'the decoded image is not blank');
    const models = requests.filter((r) => r.url.endsWith('.onnx')).map((r) => new URL(r.url).pathname);
    assert.ok(
      models.some((p) => /^\/_astro\/vae-z2\.decoder\.[\w-]+\.onnx$/.test(p)),
      `the model is a hashed asset: ${models.join(', ')}`,
    );
    assert.equal(requests.filter((r) => r.url.endsWith('.wasm')).length, 1, 'one wasm binary');

    const pad = page.locator('.latent-pad .pad');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.1, { steps: 8 });
    await page.mouse.up();
    // Busy until the digit on show is the one for the point where the drag ended.
    await page.locator('.latent-pad[data-busy="false"]').waitFor();
    assert.notEqual(await canvasSum(page, '.latent-pad'), first, 'a new digit for the new point');
    assert.match(await page.locator('.latent-pad .demo-status').innerText(), /z = \(2\.\d\d, 2\.\d\d\)/);

    // Keyboard: arrows move the point, a tenth at a time.
    const valueText = async () => (await pad.getAttribute('aria-valuetext')) ?? '';
    const z1 = (text: string) => Number(/z₁ = (-?\d+\.\d\d)/.exec(text)?.[1]);
    const before = await valueText();
    await pad.focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(
      (before) => document.querySelector('.latent-pad .pad')!.getAttribute('aria-valuetext') !== before,
      before,
    );
    const after = await valueText();
    assert.ok(Math.abs(z1(before) - 0.1 - z1(after)) < 0.011, `${before} → ${after}`);

    // Provenance, from the model file's metadata.
    const provenance = await page.locator('.latent-pad .demo-provenance summary').innerText();
    assert.match(provenance, /vae-z2, trained on mnist-10k \(full profile\); test NLL \d+\.\d\d nats/);
  });
});

describe('sample grid', () => {
  it('draws 64 samples from the 32-D decoder, and new ones on request', async () => {
    const { page } = await openPage(browser, DEMO);
    await page.locator('.sample-grid').scrollIntoViewIfNeeded();
    await page.locator('.sample-grid[data-status="ready"] canvas').waitFor({ timeout: 20_000 });
    const size = await page.locator('.sample-grid canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    assert.deepEqual(size, [8 * 28 + 7, 8 * 28 + 7], '8 × 8 digits with 1-pixel gaps');
    const first = await canvasSum(page, '.sample-grid');
    assert.ok(first > 0, 'the samples are drawn with the canvas');
    await page.getByRole('button', { name: 'Sample again' }).click();
    await waitForChange(page, '.sample-grid', first);
    assert.match(await page.locator('.sample-grid .demo-status').innerText(), /Batch 2/);
    assert.match(await page.locator('.sample-grid .demo-provenance summary').innerText(), /vae-z32/);
  });

  it('says what the grid shows: the poster until the first samples are drawn, then those samples', async () => {
    type State = { shows: 'poster' | 'samples'; status: string };
    const { page, context, errors } = await demoPage((p) =>
      p.addInitScript(() => {
        // Every state the sample grid goes through, one a commit: a state shorter than a frame counts too.
        const states: State[] = [];
        (window as unknown as { sampleGridStates: State[] }).sampleGridStates = states;
        new MutationObserver(() => {
          const grid = document.querySelector('.sample-grid');
          if (!grid) return;
          const state: State = {
            shows: grid.querySelector('.grid img') ? 'poster' : 'samples',
            status: grid.querySelector('.demo-status')!.textContent!,
          };
          const last = states[states.length - 1];
          if (last?.shows !== state.shows || last.status !== state.status) states.push(state);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      }),
    );
    await page.locator('.sample-grid').scrollIntoViewIfNeeded();
    await page.locator('.sample-grid[data-status="ready"] canvas').waitFor({ timeout: 20_000 });
    const states = await page.evaluate(() => (window as unknown as { sampleGridStates: State[] }).sampleGridStates);
    // From the model being ready: the poster, said to be the poster, then the first batch.
    assert.deepEqual(
      states.filter((s) => s.status.startsWith('Sample again')),
      [
        { shows: 'poster', status: 'Sample again Samples from the training run; drawing fresh ones in your browser…' },
        { shows: 'samples', status: 'Sample again Fresh samples, drawn in your browser.' },
      ],
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('failures', () => {
  it('says so when the model cannot be downloaded, offers a retry, and leaves the page usable', async () => {
    let refuse = true;
    const { page, context } = await demoPage((p) =>
      p.route('**/vae-z2.decoder*.onnx', (route) =>
        refuse ? route.fulfill({ status: 404, body: 'not found' }) : route.continue(),
      ),
    );
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    await page.locator('.latent-pad[data-status="error"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.latent-pad .demo-status').innerText(), /could not be downloaded \(HTTP 404\)/);
    // The static poster is still there, the other demo works, and so does the rest of the page.
    assert.equal(await page.locator('.latent-pad .output img').count(), 1);
    await page.locator('.sample-grid[data-status="ready"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-theme-toggle]').click();
    refuse = false;
    await page.locator('.latent-pad').getByRole('button', { name: 'Try again' }).click();
    await page.locator('.latent-pad[data-status="ready"]').waitFor({ timeout: 20_000 });
    await context.close();
  });

  it('says the model is damaged when the file is not a whole ONNX model', async () => {
    const { page, context } = await demoPage((p) =>
      p.route('**/vae-z2.decoder*.onnx', async (route) => {
        const response = await route.fetch();
        const body = await response.body();
        await route.fulfill({ response, body: body.subarray(0, body.length >> 1) });
      }),
    );
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    await page.locator('.latent-pad[data-status="error"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.latent-pad .demo-status').innerText(), /is damaged or not an ONNX model/);
    assert.equal(await page.locator('.latent-pad .output img').count(), 1, 'the poster stays');
    await context.close();
  });

  it('explains that WebAssembly is missing, fetches nothing, and the drawing demo still works', async () => {
    const requests: string[] = [];
    const { page, context, errors } = await demoPage(async (p) => {
      await p.addInitScript(() => {
        // @ts-expect-error: simulating a browser with WebAssembly turned off.
        delete globalThis.WebAssembly;
      });
      p.on('request', (r) => requests.push(r.url()));
    });
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    await page.locator('.latent-pad[data-status="error"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.latent-pad .demo-status').innerText(), /WebAssembly/);
    await page.locator('.sample-grid[data-status="error"]').waitFor({ timeout: 20_000 });
    assert.deepEqual(requests.filter(isRuntime), []);
    await page.locator('#draw').scrollIntoViewIfNeeded();
    await page.locator('#draw').getByRole('button', { name: 'Use a test digit' }).click();
    await page.locator('#draw .digit-canvas .demo-status', { hasText: 'A test digit' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('loading', () => {
  it('fetches the runtime and models only when a demo nears the viewport', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 400 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(new URL(DEMO, baseUrl()).href, { waitUntil: 'networkidle' });
    await islandsInViewHydrated(page);
    assert.deepEqual(requests.filter(isRuntime), [], 'nothing of the runtime before scrolling');
    assert.equal(
      await page.locator('astro-island[ssr] :is(.latent-pad, .sample-grid, .posterior-explorer)').count(),
      3,
      'the model demos have not hydrated',
    );
    await page.locator('.latent-pad').scrollIntoViewIfNeeded();
    await page.locator('.latent-pad[data-status="ready"]').waitFor({ timeout: 20_000 });
    assert.ok(requests.some((u) => u.endsWith('.wasm')));
    await context.close();
  });

  it('lays out the blocks holding a demo as usual, so client:visible still sees them coming', async () => {
    const { page } = await openPage(browser, DEMO);
    const blocks = await page.locator('.prose > *').evaluateAll((els) =>
      els.map((e) => ({
        demo: e.querySelector('astro-island') !== null,
        visibility: getComputedStyle(e).contentVisibility,
      })),
    );
    const demos = blocks.filter((b) => b.demo);
    assert.ok(demos.length >= 2, `${demos.length} blocks with a demo`);
    assert.deepEqual([...new Set(demos.map((b) => b.visibility))], ['visible']);
    assert.deepEqual([...new Set(blocks.filter((b) => !b.demo).map((b) => b.visibility))], ['auto']);
  });

  it('is not fetched at all by a page without demos', async () => {
    const { requests } = await openPage(browser, '/posts/math-heavy/');
    assert.deepEqual(
      requests.filter((r) => isRuntime(r.url)).map((r) => r.url),
      [],
    );
  });
});
