import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/harness.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

describe('posterior explorer', () => {
  it('evaluates both posteriors for a test digit, overlays samples, and decodes the point under the pointer', async () => {
    const { page, requests } = await openPage(browser, '/posts/latent-pad-demo/');
    const explorer = page.locator('.posterior-explorer');
    await explorer.scrollIntoViewIfNeeded();
    await page.locator('.posterior-explorer[data-status="ready"]').waitFor({ timeout: 30_000 });
    const models = requests.filter((r) => /iaf-z2-t[04]\.(decoder|posterior)\.[\w-]+\.onnx$/.test(r.url));
    assert.equal(models.length, 4, 'two decoders and two posterior samplers');

    // From the frame that announces the digit, the explorer says it is evaluating it.
    const announced = page.waitForFunction(() => {
      const explorer = document.querySelector('.posterior-explorer')!;
      if (!explorer.querySelector('.digit-canvas .demo-status')!.textContent!.includes('A test digit')) return null;
      return {
        busy: explorer.getAttribute('data-busy'),
        status: explorer.querySelector(':scope > .demo-status')!.textContent,
      };
    });
    await explorer.getByRole('button', { name: 'Use a test digit' }).click();
    assert.deepEqual(await (await announced).jsonValue(), { busy: 'true', status: 'Evaluating the posteriors…' });
    await explorer.locator('.panel .readout p', { hasText: 'gap ≈' }).nth(1).waitFor({ timeout: 30_000 });
    await page.locator('.posterior-explorer[data-busy="false"]').waitFor();

    for (const panel of await explorer.locator('.panel').all()) {
      const text = await panel.locator('.readout p').innerText();
      const [logPx, elbo, gap] = [...text.matchAll(/−?\d+\.\d/g)].map((m) => Number(m[0].replace('−', '-')));
      assert.ok(logPx! < 0 && elbo! < 0, text);
      assert.ok(Math.abs(logPx! - elbo! - gap!) < 0.11, `gap = log p(x) − ELBO: ${text}`);
      assert.ok(gap! > -1, `the ELBO does not exceed log p(x) by more than noise: ${text}`);
      // A heat map with structure, not a flat colour, and most of the 200 samples inside the window.
      const spread = await panel
        .locator('canvas')
        .first()
        .evaluate((c: HTMLCanvasElement) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const reds = new Set<number>();
          for (let i = 0; i < d.length; i += 4) reds.add(d[i]!);
          return reds.size;
        });
      assert.ok(spread > 20, `heat map has ${spread} levels of red`);
      assert.ok((await panel.locator('svg circle').count()) > 100, 'samples drawn');
    }

    // Hover decodes.
    const map = explorer.locator('.map').nth(1);
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => {
      const c = document.querySelectorAll<HTMLCanvasElement>('.posterior-explorer .decoded canvas')[1]!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return d.some((v, i) => i % 4 === 0 && v > 0);
    });
    assert.match((await map.getAttribute('aria-valuetext')) ?? '', /z₁ = −?\d\.\d\d/);
    assert.match(
      await explorer.locator('.demo-provenance summary').nth(1).innerText(),
      /iaf-z2-t4, trained on mnist-10k/,
    );
  });

  it('returns both panels to their empty state when the digit is cleared: no heat map, samples, probe or decoded digit', async () => {
    const { page } = await openPage(browser, '/posts/latent-pad-demo/');
    const explorer = page.locator('.posterior-explorer');
    await explorer.scrollIntoViewIfNeeded();
    await page.locator('.posterior-explorer[data-status="ready"]').waitFor({ timeout: 30_000 });
    await explorer.getByRole('button', { name: 'Use a test digit' }).click();
    await explorer.locator('.panel .readout p', { hasText: 'gap ≈' }).nth(1).waitFor({ timeout: 30_000 });
    await page.locator('.posterior-explorer[data-busy="false"]').waitFor();

    // A probe, from the keyboard, and the digit decoded at it.
    const map = explorer.locator('.map').nth(1);
    await map.focus();
    await page.keyboard.press('ArrowRight');
    await map.locator('circle.probe').waitFor();
    assert.match((await map.getAttribute('aria-valuetext')) ?? '', /z₁ = -?\d\.\d\d, z₂ = -?\d\.\d\d/);
    await page.waitForFunction(() => {
      const c = document.querySelectorAll<HTMLCanvasElement>('.posterior-explorer .decoded canvas')[1]!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return d.some((v) => v > 0);
    });

    await explorer.getByRole('button', { name: 'Clear' }).click();
    // The readouts and the maps change in one commit, so once the readouts are empty, so is the rest.
    await explorer.locator('.panel .readout p', { hasText: 'Draw a digit to see its posterior.' }).nth(1).waitFor();
    const panels = await explorer.locator('.panel').evaluateAll((panels) =>
      panels.map((panel) => {
        const painted = (c: HTMLCanvasElement) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          return d.some((v) => v !== 0);
        };
        const map = panel.querySelector<HTMLElement>('.map')!;
        return {
          heatMap: painted(map.querySelector('canvas')!),
          marks: map.querySelectorAll('circle').length,
          decoded: painted(panel.querySelector<HTMLCanvasElement>('.decoded canvas')!),
          valueText: map.getAttribute('aria-valuetext'),
          tabIndex: map.tabIndex,
          readout: panel.querySelector('.readout p')!.textContent,
        };
      }),
    );
    const empty = {
      heatMap: false,
      marks: 0,
      decoded: false,
      valueText: 'no point chosen',
      tabIndex: -1,
      readout: 'Draw a digit to see its posterior.',
    };
    assert.deepEqual(panels, [empty, empty]);
    assert.equal(await explorer.getAttribute('data-busy'), 'false');
    assert.equal(await explorer.locator(':scope > .demo-status').innerText(), 'Draw a digit, or use a test digit.');
  });
});
