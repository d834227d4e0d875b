import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser } from '../support/harness.ts';
import { parseFeed as parseFeedIn, type ParsedFeed } from '../quality/feeds.ts';

let browser: Browser;
let page: Page;
before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(baseUrl() + '/about/');
});
after(() => browser.close());

/** Parse a feed with the browser's own XML parser, as a feed reader would. */
const parseFeed = (path: string): Promise<ParsedFeed> => parseFeedIn(page, baseUrl() + path);

describe('RSS', () => {
  it('is well-formed RSS 2.0 with every published post and absolute links', async () => {
    const feed = await parseFeed('/rss.xml');
    assert.equal(feed.error, null);
    assert.equal(feed.root, '2.0');
    assert.equal(feed.title, 'Bounded Rationality');
    assert.equal(feed.self, `${baseUrl()}/rss.xml`);
    assert.equal(feed.items.length, 16);
    assert.equal(feed.items[0]?.title, 'The evidence lower bound, derived twice');
    for (const item of feed.items) {
      assert.ok(item.link.startsWith(`${baseUrl()}/posts/`), item.link);
      assert.match(item.pubDate, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      assert.equal((await fetch(item.link)).status, 200, `${item.link} resolves`);
    }
  });

  it('carries the full content with math as MathML only', async () => {
    const [post] = (await parseFeed('/rss.xml')).items;
    assert.ok(post);
    assert.match(post.content, /Second derivation: the KL divergence/, 'text after the teaser marker');
    assert.match(post.content, /slack of Jensen/, 'footnotes');
    assert.match(post.content, /Figure 1:/);
    // Every formula of the page (see post.test.ts), each exactly once.
    assert.equal((post.content.match(/<math /g) ?? []).length, 14);
    assert.doesNotMatch(post.content, /katex/);
    assert.match(post.content, /<math [^>]*display="block"/);
    assert.match(post.content, /href="http:\/\/127\.0\.0\.1:\d+\/posts\/math-heavy\/#curve"/);
    assert.match(post.content, /src="http:\/\/127\.0\.0\.1:\d+\/_astro\/curve\.[\w-]+\.svg"/);
    assert.deepEqual(post.categories, ['Variational Inference', 'Probability']);
  });

  it("keeps a demo's static poster in the feed, and none of its script", async () => {
    const demo = (await parseFeed('/rss.xml')).items.find((i) => i.title === 'A latent pad over a 2-D VAE');
    assert.ok(demo);
    assert.match(
      demo.content,
      /<img src="http:\/\/127\.0\.0\.1:\d+\/_astro\/vae-z2\.latent-grid\.[\w-]+\.png" alt="Digits decoded/,
    );
    assert.doesNotMatch(demo.content, /<script|astro-island/);
  });

  it('has one feed per tag with only that tag’s posts', async () => {
    const feed = await parseFeed('/tags/probability/rss.xml');
    assert.equal(feed.error, null);
    assert.equal(feed.title, 'Bounded Rationality: Probability');
    assert.equal(feed.self, `${baseUrl()}/tags/probability/rss.xml`);
    assert.deepEqual(
      feed.items.map((i) => i.title),
      ['The evidence lower bound, derived twice'],
    );
  });

  it('is advertised on every page', async () => {
    for (const path of ['/', '/about/', '/archive/', '/tags/', '/posts/note-01/']) {
      const html = await (await fetch(baseUrl() + path)).text();
      assert.match(
        html,
        /<link rel="alternate" type="application\/rss\+xml" title="Bounded Rationality" href="[^"]+\/rss\.xml">/,
        path,
      );
    }
  });

  it('has a JSON Feed with the same items, summaries and MathML content', async () => {
    const response = await fetch(baseUrl() + '/feed.json');
    // A prerendered file: the server types it by its extension, which JSON Feed allows.
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const feed = await response.json();
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.home_page_url, `${baseUrl()}/`);
    const rss = await parseFeed('/rss.xml');
    assert.deepEqual(
      feed.items.map((i: { url: string }) => i.url),
      rss.items.map((i) => i.link),
    );
    const [post] = feed.items;
    assert.equal(post.title, 'The evidence lower bound, derived twice');
    assert.ok(post.summary.length > 20);
    assert.equal((post.content_html.match(/<math /g) ?? []).length, 14);
  });

  it('has robots.txt pointing at the sitemap', async () => {
    const robots = await (await fetch(baseUrl() + '/robots.txt')).text();
    assert.match(robots, /Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap-index\.xml/);
    assert.equal((await fetch(baseUrl() + '/sitemap-index.xml')).status, 200);
    // The signup page is a page to find; the pages behind email links are not.
    const sitemap = await (await fetch(baseUrl() + '/sitemap-0.xml')).text();
    assert.match(sitemap, /\/subscribe\/<\/loc>/);
    assert.doesNotMatch(sitemap, /confirm|unsubscribe/);
  });
});
