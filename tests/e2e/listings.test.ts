import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from '../support/harness.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

const titles = (page: import('playwright-core').Page) => page.locator('article.summary h2').allTextContents();

describe('index', () => {
  it('lists ten posts, newest first, with teasers rendered as HTML with math', async () => {
    const { page } = await openPage(browser, '/');
    const shown = await titles(page);
    assert.equal(shown.length, 10);
    assert.deepEqual(shown.slice(0, 3), ['The evidence lower bound, derived twice', 'Short note 10', 'Short note 9']);
    const teaser = page.locator('article.summary').first().locator('.teaser');
    assert.ok((await teaser.locator('.katex').count()) >= 2, 'the teaser renders its math');
    assert.doesNotMatch(await teaser.innerText(), /Second derivation/, 'the teaser stops at the marker');
    // A post without a marker shows its description.
    assert.match(
      await page.locator('article.summary').nth(1).locator('.teaser').innerText(),
      /Short note number 10, a fixture/,
    );
    assert.equal(await page.locator('.katex-error').count(), 0);
  });

  it('paginates the rest onto page 2 and links the pages both ways', async () => {
    const { page } = await openPage(browser, '/');
    await page.getByRole('link', { name: 'Older posts →' }).click();
    await page.waitForURL('**/page/2/');
    assert.deepEqual(await titles(page), [
      'Short note 1',
      'A latent pad over a 2-D VAE',
      'Masks of a tiny MADE',
      'A ranking from match results',
      'Class and style of a digit',
      'Digits under shift',
    ]);
    assert.match(await page.locator('.pagination').innerText(), /Page 2 of 2/);
    await page.getByRole('link', { name: '← Newer posts' }).click();
    await page.waitForURL(baseUrl() + '/');
  });

  it('"Read more" leads to the post', async () => {
    const { page } = await openPage(browser, '/');
    await page
      .locator('article.summary')
      .first()
      .getByRole('link', { name: /Read more/ })
      .click();
    await page.waitForURL('**/posts/math-heavy/');
    assert.equal(await page.locator('h1').innerText(), 'The evidence lower bound, derived twice');
  });

  it('leaves drafts out of production builds', async () => {
    const { page } = await openPage(browser, '/');
    assert.ok(!(await page.content()).includes('unfinished draft'));
    const response = await fetch(`${baseUrl()}/posts/draft-post/`);
    assert.equal(response.status, 404);
    const sitemap = await (await fetch(`${baseUrl()}/sitemap-0.xml`)).text();
    assert.ok(sitemap.includes('/posts/math-heavy/'));
    assert.ok(!sitemap.includes('draft-post'));
    assert.ok(!(await (await fetch(`${baseUrl()}/rss.xml`)).text()).includes('draft-post'));
    assert.equal((await fetch(`${baseUrl()}/tags/normalizing-flows/`)).status, 404);
  });
});

describe('tags and archive', () => {
  it('lists tags with post counts, and each tag page lists its posts and its feed', async () => {
    const { page } = await openPage(browser, '/tags/');
    const items = await page.locator('.tag-index li').allInnerTexts();
    assert.deepEqual(items, [
      'Notes (10 posts)',
      'Demos (5 posts)',
      'Probability (1 post)',
      'Variational Inference (1 post)',
    ]);
    await page.getByRole('link', { name: 'Variational Inference' }).click();
    await page.waitForURL('**/tags/variational-inference/');
    assert.deepEqual(await page.locator('.post-list li a').allInnerTexts(), [
      'The evidence lower bound, derived twice',
    ]);
    const feed = await page.locator('link[rel="alternate"][href$="/tags/variational-inference/rss.xml"]').count();
    assert.equal(feed, 1, 'the tag page advertises its own feed');
  });

  it('groups the archive by year with counts', async () => {
    const { page } = await openPage(browser, '/archive/');
    assert.deepEqual(await page.locator('main h2').allInnerTexts(), [
      '2026 (1 post)',
      '2025 (10 posts)',
      '2024 (5 posts)',
    ]);
  });
});

describe('about and 404', () => {
  it('shows the author on the about page', async () => {
    const { page } = await openPage(browser, '/about/');
    assert.equal(await page.locator('main h1').innerText(), 'About');
    assert.match(await page.locator('main').innerText(), /data scientist and engineer/);
  });

  it('answers an unknown address with a 404 page', async () => {
    const response = await fetch(`${baseUrl()}/no/such/page/`);
    assert.equal(response.status, 404);
    const { page } = await openPage(browser, '/no/such/page/');
    assert.equal(await page.locator('main h1').innerText(), 'Page not found');
    assert.equal(await page.locator('meta[name="robots"][content="noindex"]').count(), 1);
  });
});
