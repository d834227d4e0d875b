/**
 * Site search in the browser, against the fixture site served by the production server (with its
 * CSP): a word that only a figure caption of one post has, its result, and the way to its
 * heading; `?q=`; the page and the header link without JavaScript; and that posts load none of it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from '../support/harness.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

/** Console messages and page errors that a working page must not produce. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const HEADING = 'second-derivation-the-kl-divergence';

describe('search', () => {
  it('finds a word of a figure caption and leads to the heading it sits under', async () => {
    let problems: string[] = [];
    const { page, requests } = await openPage(browser, '/search/', {
      beforeGoto: async (p) => void (problems = watchProblems(p)),
    });
    const field = page.getByRole('searchbox', { name: 'Search the posts' });
    await field.fill('schematic');
    const status = page.getByRole('status').filter({ hasText: 'schematic' });
    await status.waitFor();
    assert.equal(await status.textContent(), '1 post matches “schematic”.');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'schematic', 'the URL carries the query');

    const results = page.getByRole('list', { name: 'Search results' }).locator(':scope > li');
    assert.equal(await results.count(), 1);
    const result = results.first();
    const title = result.getByRole('heading', { level: 2 }).getByRole('link');
    assert.equal(await title.textContent(), 'The evidence lower bound, derived twice');
    assert.equal(await title.getAttribute('href'), '/posts/math-heavy/');
    assert.match((await result.locator('mark').first().textContent())!, /^schematic/, 'the match is highlighted');
    const section = result.locator('.sections a');
    assert.equal(await section.first().textContent(), 'Second derivation: the KL divergence');
    assert.equal(await section.first().getAttribute('href'), `/posts/math-heavy/#${HEADING}`);
    assert.ok(
      requests.some((r) => r.url.includes('/pagefind/') && r.url.endsWith('.pf_fragment')),
      'the fragments came from the index',
    );

    await section.first().click();
    await page.waitForURL(`**/posts/math-heavy/#${HEADING}`);
    const heading = page.locator(`#${HEADING}`);
    assert.equal(await page.locator(':target').getAttribute('id'), HEADING);
    assert.equal(await heading.evaluate((h) => h.tagName), 'H2');
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 900, `the heading is in view (top ${top})`);
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
    await page.context().close();
  });

  it('runs the query of ?q= on load and announces when nothing matches', async () => {
    const { page } = await openPage(browser, '/search/?q=schematic');
    await page.getByRole('status').filter({ hasText: '1 post matches' }).waitFor();
    assert.equal(await page.getByRole('searchbox').inputValue(), 'schematic');
    assert.equal(await page.locator('[data-search-help]').isVisible(), false, 'no "needs JavaScript" with it');
    await page.getByRole('searchbox').fill('zzyzxnotaword');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'No posts match “zzyzxnotaword”.' }).waitFor();
    assert.equal(await page.locator('#search-results > li').count(), 0);
    assert.equal(new URL(page.url()).search, '?q=zzyzxnotaword');
    await page.context().close();
  });

  it('loads no search code on a post, and none before the field is used', async () => {
    const { page: post, requests: postRequests } = await openPage(browser, '/posts/math-heavy/');
    await post.getByRole('link', { name: 'Search', exact: true }).waitFor();
    assert.deepEqual(
      postRequests.filter((r) => r.url.includes('/pagefind/')),
      [],
    );
    await post.context().close();
    const { page, requests } = await openPage(browser, '/search/');
    assert.deepEqual(
      requests.filter((r) => r.url.includes('/pagefind/')).map((r) => r.url),
      [],
    );
    const loaded = page.waitForResponse((r) => r.url().endsWith('/pagefind/pagefind.js'));
    await page.getByRole('searchbox').focus();
    assert.equal((await loaded).status(), 200, 'focusing the field loads Pagefind');
    await page.context().close();
  });

  it('serves the index chunks as Pagefind wrote them (gzip bytes, no second encoding)', async () => {
    const entry = await fetch(`${baseUrl()}/pagefind/pagefind-entry.json`);
    assert.equal(entry.status, 200);
    const script = await fetch(`${baseUrl()}/pagefind/pagefind.js`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(script.headers.get('content-encoding'), 'br');
    const { languages } = (await entry.json()) as { languages: Record<string, { hash: string; wasm: string }> };
    const { hash, wasm } = languages.en!;
    for (const path of [`/pagefind/pagefind.${hash}.pf_meta`, `/pagefind/wasm.${wasm}.pagefind`]) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-encoding'), null, path);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 2)], [0x1f, 0x8b], `${path} is Pagefind's own gzip`);
    }
  });
});

describe('search without JavaScript', () => {
  it('is a plain page, reached from the header, that says so and points to the archive', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/posts/note-01/`);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Search', exact: true }).click();
    await page.waitForURL('**/search/');
    assert.match(await page.locator('main').innerText(), /Search runs in your browser and needs JavaScript\./);
    await page.getByRole('searchbox', { name: 'Search the posts' }).fill('schematic');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL('**/search/?q=schematic');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Search');
    assert.ok(await page.locator('[data-search-help]').isVisible());
    await page.getByRole('link', { name: 'archive', exact: true }).click();
    await page.waitForURL('**/archive/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Archive');
    await context.close();
  });
});
