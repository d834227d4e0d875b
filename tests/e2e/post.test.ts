import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from '../support/harness.ts';
import { parseBibtex, printed } from '../support/bibtex.ts';

const katexFonts = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'fonts');
let browser: Browser;
let page: Page;
let requests: { url: string; type: string }[];
before(async () => {
  browser = await launchBrowser();
  ({ page, requests } = await openPage(browser, '/posts/math-heavy/'));
});
after(() => browser.close());

describe('a math-heavy post', () => {
  it('renders all its math with KaTeX and no errors', async () => {
    // 11 inline formulas in the text, captions and the aside, and 3 displayed ones.
    assert.equal(await page.locator('.katex').count(), 14);
    assert.equal(await page.locator('.katex-display').count(), 3);
    assert.equal(await page.locator('.katex-error').count(), 0);
    // KaTeX's fonts come from the site itself.
    const fonts = requests.filter((r) => r.type === 'font').map((r) => r.url);
    assert.ok(fonts.some((u) => /KaTeX_/.test(u)));
    assert.ok(
      fonts.every((u) => u.startsWith(baseUrl())),
      `fonts from elsewhere: ${fonts.join(', ')}`,
    );
    // They are the build's cuts (site/lib/fonts/subset-katex-fonts.ts), smaller than KaTeX's faces.
    for (const url of fonts.filter((u) => /KaTeX_/.test(u))) {
      const name = /(KaTeX_[\w-]+)\.[\w-]+\.woff2$/.exec(url)?.[1];
      assert.ok(name, url);
      const cut = (await (await fetch(url)).arrayBuffer()).byteLength;
      const full = readFileSync(join(katexFonts, `${name}.woff2`)).byteLength;
      assert.ok(cut < full, `${name}: ${cut} bytes served, ${full} in KaTeX`);
    }
  });

  it('shows dates, reading time and tags', async () => {
    const meta = await page.locator('article header .post-meta').innerText();
    assert.match(meta, /March 14, 2026/);
    assert.match(meta, /Updated April 2, 2026/);
    assert.match(meta, /\d+ min read/);
    assert.match(meta, /Variational Inference/);
  });

  it('has a table of contents that links to its sections', async () => {
    const toc = page.locator('nav.toc');
    assert.deepEqual(await toc.locator('a').allInnerTexts(), [
      'Setting',
      'First derivation: Jensen’s inequality',
      'Second derivation: the KL divergence',
      'Computing it',
      'Notes',
    ]);
    await toc.getByRole('link', { name: 'Computing it' }).click();
    await page.waitForURL((url) => url.hash === '#computing-it');
  });

  it('numbers equations, figures and tables, and links references to them', async () => {
    assert.deepEqual(await page.locator('.equation .tag').allInnerTexts(), ['(1)', '(2)', '(3)']);
    assert.match(await page.locator('figure#curve figcaption').innerText(), /^Figure 1: A schematic: the bound/);
    assert.match(await page.locator('figure#numbers figcaption').innerText(), /^Table 1: Evidence and bound/);
    assert.deepEqual(await page.locator('a.xref').allInnerTexts(), ['(1)', '(2)', '(3)', '(2)', 'Figure 1', 'Table 1']);
    await page.locator('a.xref', { hasText: 'Figure 1' }).click();
    await page.waitForURL((url) => url.hash === '#curve');
  });

  it('has footnotes that link both ways', async () => {
    const ref = page.locator('sup a[data-footnote-ref]');
    assert.equal(await ref.count(), 1);
    const target = await ref.getAttribute('href');
    assert.ok(target && (await page.locator(target).count()) === 1);
    assert.match(await page.locator('section.footnotes').innerText(), /slack of Jensen/);
  });

  it('highlights code with both themes', async () => {
    const code = page.locator('pre.astro-code');
    assert.match((await code.getAttribute('style')) ?? '', /--shiki-light-bg:.*--shiki-dark-bg:/);
    assert.match(
      (await code.locator('span[style]').first().getAttribute('style')) ?? '',
      /--shiki-light:.*--shiki-dark:/,
    );
    // The stylesheet picks the dark theme's colours when the page is dark.
    const colour = () =>
      code
        .locator('span[style]')
        .first()
        .evaluate((el) => getComputedStyle(el).color);
    const light = await colour();
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    const dark = await colour();
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    assert.notEqual(light, dark);
  });

  it('links to its source and to its neighbours', async () => {
    const source = await page.getByRole('link', { name: "View this post's source" }).getAttribute('href');
    assert.match(source ?? '', /\/blob\/main\/tests\/fixtures\/posts\/math-heavy\/index\.mdx$/);
    assert.equal(await page.locator('.prev-next a[rel="prev"]').getAttribute('href'), '/posts/note-10/');
    assert.equal(await page.locator('.prev-next a[rel="next"]').count(), 0, 'the newest post has no next');
  });

  it('carries canonical, feed and social metadata', async () => {
    const attr = (sel: string, name: string) => page.locator(sel).getAttribute(name);
    assert.equal(await attr('link[rel="canonical"]', 'href'), `${baseUrl()}/posts/math-heavy/`);
    assert.equal(await attr('link[rel="alternate"][type="application/rss+xml"]', 'href'), `${baseUrl()}/rss.xml`);
    assert.equal(await attr('meta[property="og:type"]', 'content'), 'article');
    assert.equal(await attr('meta[property="og:title"]', 'content'), 'The evidence lower bound, derived twice');
    assert.equal(await attr('meta[name="twitter:site"]', 'content'), '@bjlkeng');
    assert.equal(await attr('meta[property="article:published_time"]', 'content'), '2026-03-14T00:00:00.000Z');
  });

  it('loads no script file: its only scripts are the inline theme script and the signup form enhancement', async () => {
    assert.deepEqual(
      requests.filter((r) => r.type === 'script').map((r) => r.url),
      [],
    );
    assert.equal(await page.locator('script[src]').count(), 0);
    // Besides the JSON-LD, which is data, not code.
    assert.equal(await page.locator('script:not([type="application/ld+json"])').count(), 2);
    const enhancement = await page.locator('script[type="module"]').textContent();
    assert.ok(enhancement!.length < 1500, `the form enhancement is ${enhancement!.length} characters`);
  });

  it('tells Google Scholar and search engines how to cite it', async () => {
    const meta = async (name: string) =>
      page.locator(`meta[name="${name}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('content')));
    assert.deepEqual(await meta('citation_title'), ['The evidence lower bound, derived twice']);
    assert.deepEqual(await meta('citation_author'), ['Keng, Brian']);
    assert.deepEqual(await meta('citation_publication_date'), ['2026/03/14']);
    assert.deepEqual(await meta('citation_online_date'), ['2026/04/02']);
    assert.deepEqual(await meta('citation_public_url'), [`${baseUrl()}/posts/math-heavy/`]);
    const jsonLd = await page.locator('script[type="application/ld+json"]').allTextContents();
    assert.equal(jsonLd.length, 1);
    const posting = JSON.parse(jsonLd[0]!);
    assert.equal(posting['@type'], 'BlogPosting');
    assert.equal(posting.headline, await page.locator('article h1').innerText());
    assert.equal(posting.url, `${baseUrl()}/posts/math-heavy/`);
    assert.equal(posting.datePublished, '2026-03-14');
    assert.equal(posting.dateModified, '2026-04-02');
  });

  it('ends with a "Cite this post" block whose BibTeX parses back to the post', async () => {
    const cite = page.locator('section.cite');
    assert.equal(await cite.getByRole('heading', { name: 'Cite this post' }).count(), 1);
    assert.match(
      await cite.locator('.reference').innerText(),
      /^Brian Keng\. “The evidence lower bound, derived twice\.” Bounded Rationality, March 14, 2026 \(updated April 2, 2026\)\. http/,
    );
    const entry = parseBibtex((await cite.locator('pre').innerText()).trim());
    assert.equal(entry.type, 'misc');
    assert.equal(printed(entry.fields.title!), 'The evidence lower bound, derived twice');
    assert.equal(printed(entry.fields.author!), 'Keng, Brian');
    assert.equal(entry.fields.year, '2026');
    assert.equal(entry.fields.month, 'mar');
    assert.equal(entry.fields.url, `${baseUrl()}/posts/math-heavy/`);
  });

  it('aligns table columns as the Markdown says', async () => {
    const align = await page
      .locator('table tbody tr')
      .first()
      .locator('td')
      .evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign));
    assert.deepEqual(align, ['left', 'right', 'right']);
  });

  it('paints from its HTML alone: styles inline, its fonts preloaded', async () => {
    assert.equal(await page.locator('link[rel="stylesheet"]').count(), 0);
    assert.equal(requests.filter((r) => r.type === 'stylesheet').length, 0);
    const preloads = await page
      .locator('link[rel="preload"][as="font"][crossorigin]')
      .evaluateAll((els) => els.map((e) => new URL((e as HTMLLinkElement).href).pathname));
    assert.deepEqual(
      preloads.map((p) => p.replace(/^\/_astro\/([\w-]+)\.[\w-]+\.woff2$/, '$1')),
      ['source-serif-4-latin-400-normal', 'KaTeX_Main-Regular', 'KaTeX_Math-Italic'],
    );
    // Each preload is a font the page then uses (a stale URL would be fetched twice).
    const fonts = requests.filter((r) => r.type === 'font').map((r) => new URL(r.url).pathname);
    for (const p of preloads) assert.ok(fonts.includes(p), `${p} is not among the fonts: ${fonts.join(', ')}`);
    // A post without math preloads the body face alone.
    const plain = await (await fetch(`${baseUrl()}/posts/shift-demo/`)).text();
    assert.doesNotMatch(plain, /class="katex"/);
    assert.deepEqual(
      [...plain.matchAll(/<link rel="preload" href="\/_astro\/([\w-]+)\./g)].map((m) => m[1]),
      ['source-serif-4-latin-400-normal'],
    );
    // KaTeX's faces come as woff2 alone (the build trims the woff and ttf fallbacks).
    assert.equal(await page.evaluate(() => /\.(?:woff|ttf)\)/.test(document.head.innerHTML)), false);
  });

  it('leaves far-off blocks unlaid-out, and keeps a focus ring at a block edge visible', async () => {
    const { page: phone } = await openPage(browser, '/posts/math-heavy/', { width: 400, height: 700 });
    const visibility = await phone
      .locator('.prose > *')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).contentVisibility));
    assert.ok(visibility.length > 10 && visibility.every((v) => v === 'auto'), visibility.join(' '));
    // A link that starts a block: its focus ring reaches outside the block, where the paint
    // containment of content-visibility would clip it.
    const block = phone.locator('.prose > p').first();
    await block.evaluate((p) => p.insertAdjacentHTML('afterbegin', '<a href="#setting" id="edge-link">edge</a> '));
    const box = (await block.boundingBox())!;
    const strip = { x: box.x - 5, y: box.y, width: 4, height: 20 };
    const before = await phone.screenshot({ clip: strip });
    await phone.locator('#edge-link').focus();
    assert.equal(await phone.locator('#edge-link:focus-visible').count(), 1);
    assert.notDeepEqual(await phone.screenshot({ clip: strip }), before, 'the focus ring is clipped at the block edge');
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    const { page: narrow } = await openPage(browser, '/posts/math-heavy/', { width: 360 });
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  });
});

describe('a short post', () => {
  it('has no table of contents with fewer than three headings', async () => {
    const { page: note } = await openPage(browser, '/posts/note-05/');
    assert.equal(await note.locator('nav.toc').count(), 0);
    assert.equal(await note.locator('.prev-next a').count(), 2);
  });

  it('lists up to three related posts: the newest others with a shared tag', async () => {
    const { page: note } = await openPage(browser, '/posts/note-05/');
    const related = note.locator('nav.related');
    assert.deepEqual(await related.getByRole('heading').allInnerTexts(), ['Related posts']);
    assert.deepEqual(await related.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
      '/posts/note-10/',
      '/posts/note-09/',
      '/posts/note-08/',
    ]);
    assert.match(await related.locator('li').first().innerText(), /tag Notes/);
  });
});
