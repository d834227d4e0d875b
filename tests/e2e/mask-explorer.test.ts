import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from '../support/harness.ts';
import { animationFrames } from '../support/frames.ts';
import { seriousViolations } from '../quality/axe.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());
afterEach(() => Promise.all(browser.contexts().map((context) => context.close())));

const POST = '/posts/made-demo/';

/** The explorer once hydrated: Astro takes `ssr` off its island then. */
async function hydrated(page: Page): Promise<Locator> {
  // In view first: it hydrates when it becomes visible.
  await page.locator('.mask-explorer').scrollIntoViewIfNeeded({ timeout: 10_000 });
  const explorer = page.locator('astro-island:not([ssr]) .mask-explorer');
  await explorer.waitFor({ timeout: 30_000 });
  return explorer;
}

/**
 * What the reader sees of the explorer: the verdict, how many connections of each kind are
 * drawn, the drawing's markup, and where every unit, label and block sits on the page.
 */
const seen = (page: Page) =>
  page.locator('.mask-explorer').evaluate(async (explorer) => {
    await document.fonts.ready;
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return [r.x, r.y + window.scrollY, r.width, r.height].map((v) => Math.round(v * 10) / 10);
    };
    return {
      verdict: explorer.querySelector<HTMLElement>('.verdict')!.innerText,
      edges: Object.fromEntries(
        ['hidden', 'output', 'direct'].map((kind) => [kind, explorer.querySelectorAll(`.edge.${kind}`).length]),
      ),
      svg: explorer.querySelector('svg')!.outerHTML,
      boxes: [
        ...explorer.querySelectorAll('.unit, .label, .verdict, .dependencies, .controls, select, .demo-button'),
      ].map((e) => [e.className, ...box(e)]),
    };
  });

/** The chain of highlighted connections, as [from, to] unit names. */
const brokenEdges = (explorer: Locator) =>
  explorer
    .locator('.edge.broken')
    .evaluateAll((edges) => edges.map((e) => [e.getAttribute('data-from')!, e.getAttribute('data-to')!]));

const outputRule = (explorer: Locator, symbol: '>' | '≥') =>
  explorer.getByRole('group', { name: 'Hidden → output' }).getByRole('radio', { name: new RegExp(`^${symbol}`) });

const hiddenUnit = (explorer: Locator, name: string) =>
  explorer.getByRole('button', { name: new RegExp(`^${name}: degree`) });

describe('mask explorer', () => {
  it('shows the default network and its verdict as built, and hydration changes nothing', async () => {
    // As built: no JavaScript at all.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const plain = await context.newPage();
    await plain.goto(new URL(POST, baseUrl()).href, { waitUntil: 'networkidle' });
    await plain.locator('.mask-explorer').scrollIntoViewIfNeeded();
    const built = await seen(plain);
    assert.match(built.verdict, /^✓\s*Autoregressive: every output depends only on inputs that come before it/);
    // Default: D = 5, H = 6, input degrees [3, 1, 4, 2, 5], hidden [1, 2, 3, 4, 1, 2]. A hidden unit of
    // degree k sees the k inputs of degree ≤ k and reaches the 5 − k outputs above it; the direct
    // connections join the 10 pairs of inputs in order.
    assert.deepEqual(built.edges, { hidden: 13, output: 17, direct: 10 });
    assert.equal(await plain.locator('.mask-explorer .unit').count(), 16);
    assert.deepEqual(await plain.locator('.mask-explorer .unit.input').allInnerTexts(), ['3', '1', '4', '2', '5']);
    assert.deepEqual(await plain.locator('.mask-explorer .unit.hidden').allInnerTexts(), [
      '1',
      '2',
      '3',
      '4',
      '1',
      '2',
    ]);
    assert.match(
      (await plain.locator('.mask-explorer svg[role="img"]').getAttribute('aria-label'))!,
      /^A MADE with 5 inputs and 6 hidden units\. Ordering: x₂, x₄, x₁, x₃, x₅\./,
    );

    const { page } = await openPage(browser, POST);
    await hydrated(page);
    await animationFrames(page, 2);
    assert.deepEqual(await seen(page), built);
  });

  it('breaks with the ≥ output rule, names and highlights the path, and recovers with >', async () => {
    const { page } = await openPage(browser, POST);
    const explorer = await hydrated(page);
    const verdict = explorer.locator('.verdict');
    assert.equal(await verdict.getAttribute('aria-live'), 'polite');
    assert.equal(await explorer.locator('.edge.broken, .unit.broken, td.violates').count(), 0);

    await outputRule(explorer, '≥').check();
    await page.locator('.mask-explorer[data-verdict="broken"]').waitFor({ timeout: 5_000 });
    const [headline, detail] = (await verdict.locator('p').allInnerTexts()).map((t) => t.replace(/^✗\s*/, ''));
    const named = /^Broken: output (x̂(\S+)) depends on (x(\S+?))(?: itself)?[,.]/.exec(headline!);
    assert.ok(named, headline);
    const [, output, , input] = named;

    // The highlighted connections chain from the named input to the named output, and the text
    // spells out the same units, with their degrees.
    const edges = await brokenEdges(explorer);
    assert.ok(edges.length === 1 || edges.length === 2, JSON.stringify(edges));
    assert.equal(edges[0]![0], input);
    assert.equal(edges[edges.length - 1]![1], output);
    for (let i = 1; i < edges.length; i++) assert.equal(edges[i]![0], edges[i - 1]![1]);
    const units = [edges[0]![0], ...edges.map((e) => e[1])];
    const route = /: (.*)\. Its last step/.exec(detail!)?.[1];
    assert.equal(route?.replace(/ \(\d+\)/g, ''), units.join(' → '), detail);

    // The input does not come before the output: its degree (its place) is not lower.
    const degreeOf = async (name: string) => Number(await explorer.locator(`.unit[data-name="${name}"]`).innerText());
    assert.ok((await degreeOf(input!)) >= (await degreeOf(output!)), `${input} comes before ${output}`);
    assert.deepEqual(
      await explorer.locator('.unit.broken').evaluateAll((units) => units.map((u) => u.getAttribute('data-name'))),
      // In the order they are drawn: outputs, hidden units, inputs.
      [...units].reverse(),
    );
    // The matrix marks the cells the masks now let through, the one the text names ringed.
    assert.ok((await explorer.locator('td.violates').count()) >= 1);
    const ringed = await explorer.locator('td.shown.violates').evaluateAll((cells) =>
      cells.map((td) => {
        const row = td.parentElement!;
        const column = [...row.children].indexOf(td);
        const header = td.closest('table')!.querySelector('thead tr')!.children[column]!;
        return [header.textContent, row.querySelector('th')!.textContent];
      }),
    );
    assert.deepEqual(ringed, [[input, output]]);

    await outputRule(explorer, '>').check();
    await page.locator('.mask-explorer[data-verdict="autoregressive"]').waitFor({ timeout: 5_000 });
    assert.match(await verdict.innerText(), /Autoregressive/);
    assert.equal(await explorer.locator('.edge.broken, .unit.broken, td.violates').count(), 0);
  });

  it('changes degrees from the keyboard, and dims the units the > hidden rule cuts off', async () => {
    const { page } = await openPage(browser, POST);
    const explorer = await hydrated(page);
    const h1 = hiddenUnit(explorer, 'h₁');
    // Tab order: the controls, then the network's buttons.
    await explorer.getByRole('button', { name: 'Reset' }).focus();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.match(first!, /^h₁: degree 1 of 1 to 4/);
    assert.notEqual(await h1.evaluate((b) => getComputedStyle(b).outlineStyle), 'none', 'focus is visible');

    const hiddenEdges = () => explorer.locator('.edge.hidden').count();
    assert.equal(await hiddenEdges(), 13);
    await page.keyboard.press('ArrowUp');
    assert.equal(await h1.innerText(), '2');
    assert.equal(await hiddenEdges(), 14, 'degree 2 sees one more input');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await h1.innerText(), '4', 'down from 1 wraps to D − 1');
    await page.keyboard.press('Enter');
    assert.equal(await h1.innerText(), '1', 'pressing it raises it, from D − 1 back to 1');
    assert.match((await h1.getAttribute('aria-label'))!, /^h₁: degree 1 /);
    assert.equal(await h1.evaluate((b) => b === document.activeElement), true);

    // An input's degree is its place: raising x₁ (third) swaps it with x₃ (fourth).
    await explorer.getByRole('button', { name: /^x₁: degree 3/ }).press('ArrowUp');
    assert.deepEqual(await explorer.locator('.unit.input').allInnerTexts(), ['4', '1', '3', '2', '5']);
    assert.deepEqual(await explorer.locator('.dependencies thead th').allInnerTexts(), ['x₂', 'x₄', 'x₃', 'x₁', 'x₅']);

    // Under > a hidden unit of degree 1 would need an input of degree 0: h₁ and h₅ are dead.
    await explorer.getByRole('group', { name: 'Input → hidden' }).getByRole('radio', { name: /^>/ }).check();
    await explorer.locator('.unit.hidden.dead').nth(1).waitFor({ timeout: 5_000 });
    assert.equal(await explorer.locator('.unit.hidden.dead').count(), 2);
    assert.match(await explorer.locator('.verdict').innerText(), /Dimmed units are dead: h₁, h₅ see no input\./);
    assert.equal(await page.locator('.mask-explorer').getAttribute('data-verdict'), 'autoregressive');
  });

  it('fits a 360 px wide screen at its largest, with no unit over another', async () => {
    const { page } = await openPage(browser, POST, { width: 360 });
    const explorer = await hydrated(page);
    await explorer.getByRole('combobox', { name: 'Inputs' }).selectOption('8');
    await explorer.getByRole('combobox', { name: 'Hidden units' }).selectOption('10');
    await explorer.locator('.unit.hidden').nth(9).waitFor({ timeout: 5_000 });
    await outputRule(explorer, '≥').check();
    await page.locator('.mask-explorer[data-verdict="broken"]').waitFor({ timeout: 5_000 });
    const { scrollWidth, innerWidth, right, overlaps } = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('.mask-explorer .unit')].map((u) => u.getBoundingClientRect());
      const overlaps = boxes.filter((a, i) =>
        boxes.some((b, k) => k > i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom),
      ).length;
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        right: Math.max(
          ...[...document.querySelectorAll('.mask-explorer *')].map((e) => e.getBoundingClientRect().right),
        ),
        overlaps,
      };
    });
    assert.ok(scrollWidth <= innerWidth, `page ${scrollWidth} px wide in a ${innerWidth} px window`);
    assert.ok(right <= innerWidth, `the explorer reaches ${right} px`);
    assert.equal(overlaps, 0);
    assert.equal(await explorer.locator('.unit').count(), 26);
    assert.equal(await explorer.locator('.dependencies tbody tr').count(), 8);
  });

  it('runs without console errors and passes the accessibility gate, light and dark, whole and broken', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        bypassCSP: true,
        colorScheme,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(new URL(POST, baseUrl()).href, { waitUntil: 'networkidle' });
      const explorer = await hydrated(page);
      assert.deepEqual(await seriousViolations(page), [], `${colorScheme}, as built`);
      await explorer.getByRole('button', { name: 'Shuffle ordering' }).click();
      await explorer.getByRole('button', { name: 'Resample degrees' }).click();
      await explorer.getByRole('checkbox', { name: 'Direct connections' }).uncheck();
      await outputRule(explorer, '≥').check();
      await page.locator('.mask-explorer[data-verdict="broken"]').waitFor({ timeout: 5_000 });
      assert.deepEqual(await seriousViolations(page), [], `${colorScheme}, broken`);
      assert.equal(await explorer.locator('.edge.direct').count(), 0);
      await explorer.getByRole('button', { name: 'Reset' }).click();
      await page.locator('.mask-explorer[data-verdict="autoregressive"]').waitFor({ timeout: 5_000 });
      assert.deepEqual(errors, [], colorScheme);
    }
  });
});
